/**
 * The one sandbox-only call outside the OUTSCALE API: the demo accounts and their credentials, so the
 * dashboard served by the sandbox connects without typing. The real OUTSCALE has no such endpoint.
 */
import * as z from 'zod/mini';

export const SANDBOX_ACCOUNTS_PATH = '/sandbox/accounts';

export const demoAccountSchema = z.looseObject({
  AccountId: z.string(),
  AccountAlias: z.optional(z.string()),
  Email: z.optional(z.string()),
  AccessKey: z.string(),
  SecretKey: z.string(),
  Region: z.string(),
  Role: z.string(),
  /** The organisation the account belongs to: one account per Region (the demo operator has two). */
  Organisation: z.optional(z.string()),
});
export type DemoAccount = z.infer<typeof demoAccountSchema>;

export const demoAccountsResponseSchema = z.object({ Accounts: z.array(demoAccountSchema) });

const isJsonAnswer = (response: Response) =>
  response.ok && (response.headers.get('content-type') ?? '').includes('application/json');

/** An answer that is not read is cancelled, so its connection is freed rather than left half-read. */
async function discard(response: Response): Promise<null> {
  await response.body?.cancel().catch(() => undefined);
  return null;
}

/** Resolves to null when the page is not served by the sandbox (then the user connects by hand). */
export async function fetchDemoAccounts(origin: string, signal?: AbortSignal): Promise<DemoAccount[] | null> {
  const response = await fetch(`${origin}${SANDBOX_ACCOUNTS_PATH}`, { signal });
  // A static host answers 404, or index.html for every path: then there is no sandbox here.
  if (!isJsonAnswer(response)) return discard(response);
  const parsed = demoAccountsResponseSchema.safeParse(await response.json());
  return parsed.success ? parsed.data.Accounts : null;
}

export const consoleProfileSchema = z.looseObject({
  Name: z.string(),
  Region: z.string(),
  AccountId: z.optional(z.string()),
});
export type ConsoleProfile = z.infer<typeof consoleProfileSchema>;

/**
 * The osc-cli profiles the Snapshot Console server signs for (names, Regions, account IDs; never keys), or
 * null when the page is not served by that server (a static host), so there is no pass-through either.
 */
export async function fetchProfiles(origin: string, signal?: AbortSignal): Promise<ConsoleProfile[] | null> {
  const response = await fetch(`${origin}/profiles`, { signal });
  if (!isJsonAnswer(response)) return discard(response);
  const parsed = z.object({ Profiles: z.array(consoleProfileSchema) }).safeParse(await response.json());
  return parsed.success ? parsed.data.Profiles : null;
}
