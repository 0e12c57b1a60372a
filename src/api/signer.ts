/**
 * How one call to the OUTSCALE API is written and signed: its JSON POSTed to `{endpoint}/api/v1/{Action}`,
 * signed with AWS SigV4 through aws4fetch (service `api`), as OUTSCALE's own JS SDK does. No zod here: the client
 * (client.ts) and the list's early first read (src/early-read.ts) both write their requests with it.
 */
import { AwsV4Signer } from 'aws4fetch';

export interface CallTarget {
  /** Base URL, e.g. `https://api.eu-west-2.outscale.com` or the sandbox's origin. */
  endpoint: string;
  region: string;
  /** Without keys the calls go unsigned: the server in front signs them (osc-cli profiles). */
  accessKey?: string;
  secretKey?: string;
  /** Signed for `endpoint`, but sent to this base URL (the server's pass-through when CORS blocks). */
  via?: string;
}

export function apiUrl(endpoint: string, action: string): string {
  return `${endpoint.replace(/\/+$/, '')}/api/v1/${action}`;
}

/**
 * Signs a request with one target's keys, for OUTSCALE's API (service `api`) or, with `aws`, another service (OOS:
 * `s3`, `signQuery` for a pre-signed URL). The secret key lives only inside it.
 */
export type Signer = (url: string, init: RequestInit & { method: string }, aws?: { service?: string; signQuery?: boolean }) => Promise<Request>;

/**
 * The signer of a target's keys; null without keys. aws4fetch's AwsV4Signer, as its AwsClient.sign uses it, with
 * the derived signing key cached per signer as AwsClient caches it per client (AwsClient's retrying fetch is not
 * used: the client has its own error handling, and its bytes count in the initial script).
 */
export function apiSigner(target: CallTarget): Signer | null {
  if (!target.accessKey || !target.secretKey) return null;
  const keys = { accessKeyId: target.accessKey, secretAccessKey: target.secretKey, region: target.region, service: 'api', cache: new Map<string, ArrayBuffer>() };
  return async (url, init, aws) => {
    const signed = await new AwsV4Signer({ ...init, url, ...keys, ...aws }).sign();
    return new Request(signed.url, { ...init, headers: signed.headers });
  };
}

/** The request of one call with its JSON `body`: signed for the endpoint, sent there, or to `via` when given. */
export async function apiRequest(signer: Signer | null, target: CallTarget, action: string, body: string): Promise<Request> {
  const url = apiUrl(target.endpoint, action);
  const plain = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
  const signed = signer ? await signer(url, plain) : new Request(url, plain);
  if (!target.via) return signed;
  // Signed for the real endpoint (host and path), sent to the server that forwards it.
  return new Request(apiUrl(target.via, action), { method: 'POST', headers: signed.headers, body: await signed.text() });
}
