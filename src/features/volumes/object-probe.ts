/**
 * Reads one byte of the object a pre-signed URL names (a ranged GET, the way the URL is meant to be used), so the
 * import dialog can say before anything is sent whether the URL works and how big the object is: a size in bytes
 * below the object's own cannot be its uncompressed size. OOS's refusal (expired, bad signature, no such object)
 * is said in plain words. A bucket that does not let this page read it (CORS) is not an error: OUTSCALE checks the
 * URL and the size itself when the import starts.
 */
export type ObjectProbe =
  | { kind: 'found'; size: number }
  | { kind: 'refused'; message: string }
  | { kind: 'unreadable'; message: string };

const UNREADABLE = 'This page could not read the object (the bucket does not allow it from here, or it is out of reach). OUTSCALE checks the URL and the size when the import starts.';

/** The S3 error XML's Code and Message, if the body is one. */
export function s3Error(xml: string): { code: string; message: string } | undefined {
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(xml)?.[1];
  if (!code) return undefined;
  return { code, message: /<Message>([^<]{0,300})<\/Message>/.exec(xml)?.[1] ?? '' };
}

export function refusalText(status: number, error: { code: string; message: string } | undefined): string {
  const said = error ? `OOS answered ${status} ${error.code}${error.message ? `: ${error.message}` : ''}.` : `OOS answered ${status}.`;
  if (error?.code === 'AccessDenied' && /expired/i.test(error.message)) return `This pre-signed URL has expired. Create a new one (e.g. aws s3 presign). ${said}`;
  if (error?.code === 'SignatureDoesNotMatch') return `The URL's signature does not match: it was changed after it was signed, or signed with a key OOS does not take. ${said}`;
  if (error?.code === 'NoSuchKey') return `There is no such object in the bucket: check the export finished and the object's key. ${said}`;
  if (error?.code === 'NoSuchBucket') return `There is no such bucket in this Region. ${said}`;
  if (error?.code === 'InvalidAccessKeyId') return `OOS does not know the access key that signed this URL. ${said}`;
  return `The object cannot be read through this URL. ${said}`;
}

export async function probeObject(url: string, fetcher: typeof fetch = fetch, signal?: AbortSignal): Promise<ObjectProbe> {
  let response: Response;
  try {
    response = await fetcher(url, { headers: { Range: 'bytes=0-0' }, credentials: 'omit', cache: 'no-store', ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { kind: 'unreadable', message: UNREADABLE };
  }
  if (response.status === 206 || response.status === 200) {
    const total = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1] ?? (response.status === 200 ? response.headers.get('content-length') : null);
    await response.body?.cancel().catch(() => undefined);
    const size = Number(total);
    return total !== null && Number.isSafeInteger(size) ? { kind: 'found', size } : { kind: 'unreadable', message: UNREADABLE };
  }
  const text = await response.text().catch(() => '');
  return { kind: 'refused', message: refusalText(response.status, s3Error(text.slice(0, 4096))) };
}
