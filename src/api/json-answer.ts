/**
 * The JSON of a same-origin answer from the Snapshot Console server (the demo accounts, the profiles), or null when
 * the page is served by something else: a static host answers 404, or index.html for every path. No zod here:
 * src/early-read.ts reads the same answers before the app's scripts have arrived.
 */
/** The sandbox's demo accounts and their keys (the one call outside the OUTSCALE API), and the server's profiles. */
export const SANDBOX_ACCOUNTS_PATH = '/sandbox/accounts';
export const PROFILES_PATH = '/profiles';

export async function jsonAnswer(response: Response): Promise<unknown> {
  if (response.ok && (response.headers.get('content-type') ?? '').includes('application/json')) return response.json();
  // An answer that is not read is cancelled, so its connection is freed rather than left half-read. Not awaited: a
  // clone's cancel (early-read.ts reads clones) settles only once the original is cancelled too.
  void response.body?.cancel().catch(() => undefined);
  return null;
}
