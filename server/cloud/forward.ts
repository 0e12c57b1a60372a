/**
 * Calls the real OUTSCALE API on the dashboard's behalf: signed here with a profile's keys (aws4fetch, as the
 * browser's client src/api/client.ts and OUTSCALE's own JS SDK sign), or passed through as the browser signed it. Every call has a time limit; network, DNS, TLS and timeout failures come back as
 * OUTSCALE-style error envelopes the page can explain.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AwsClient } from 'aws4fetch';
import type { Profile } from './profiles';

export interface Upstream {
  status: number;
  body: string;
  requestId?: string;
  /** OUTSCALE's Retry-After on a throttled call, passed on so the page backs off as told. */
  retryAfter?: string;
}

const SIGNED_BY_BROWSER = ['authorization', 'x-amz-date', 'x-osc-date', 'x-amz-content-sha256', 'content-type', 'x-amz-security-token'];

function failure(status: number, type: string, details: string): Upstream {
  const requestId = randomUUID();
  return { status, requestId, body: JSON.stringify({ Errors: [{ Code: '0', Type: type, Details: details }], ResponseContext: { RequestId: requestId } }) };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 100);
  }
}

function describeFailure(error: unknown, url: string, timeoutMs: number): Upstream {
  if (!URL.canParse(url)) {
    return failure(502, 'BadGateway', `The OUTSCALE API could not be called: '${hostOf(url)}' is not a URL (check the profile's endpoint).`);
  }
  const host = hostOf(url);
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return failure(504, 'GatewayTimeout', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  const reason =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? `the name ${host.replace(/:\d+$/, '')} does not resolve (DNS)`
      : code === 'ECONNREFUSED'
        ? `${host} refused the connection`
        : /CERT|SSL|TLS/i.test(code) || /certificate|TLS|SSL/i.test(cause?.message ?? '')
          ? `the TLS certificate of ${host} was not accepted (${code || cause?.message})`
          : `${host} could not be reached (${code || cause?.message || String(error)})`;
  return failure(502, 'BadGateway', `The OUTSCALE API could not be called: ${reason}.`);
}

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<Upstream> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    return { status: response.status, body: await response.text(), ...(retryAfter && /^\d{1,6}$/.test(retryAfter) ? { retryAfter } : {}) };
  } catch (error) {
    return describeFailure(error, url, timeoutMs);
  }
}

/** One signer per profile (aws4fetch keeps the day's derived key), made on its first call. */
const signers = new WeakMap<Profile, AwsClient>();

function signerOf(profile: Profile): AwsClient {
  let signer = signers.get(profile);
  if (!signer) {
    signer = new AwsClient({ accessKeyId: profile.accessKey, secretAccessKey: profile.secretKey, service: 'api', region: profile.region, retries: 0 });
    signers.set(profile, signer);
  }
  return signer;
}

export async function forwardWithProfile(profile: Profile, action: string, body: string, timeoutMs: number): Promise<Upstream> {
  const url = `${profile.endpoint}/api/v1/${action}`;
  if (!URL.canParse(url)) return describeFailure(new TypeError('Invalid URL'), url, timeoutMs);
  const signed = await signerOf(profile).sign(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return call(url, { method: 'POST', headers: signed.headers, body }, timeoutMs);
}

/** The browser signed for `url` (its host and path); only the signature's own headers are forwarded. */
export function forwardAsSigned(req: IncomingMessage, url: string, body: Buffer, timeoutMs: number): Promise<Upstream> {
  const headers: Record<string, string> = {};
  for (const name of SIGNED_BY_BROWSER) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return call(url, { method: 'POST', headers, body: new Uint8Array(body) }, timeoutMs);
}
