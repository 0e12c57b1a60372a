/**
 * Verifies OUTSCALE access-key signatures the way the production API accepts them, and locks out keys
 * after repeated failures.
 *
 * LIMITATIONS:
 * - The scope's Region and service are not checked against the endpoint: the key is derived from the
 *   client's own scope (any Region, service `api`, `oapi`, `ec2`, `fcu` or empty), as official clients
 *   disagree on them (notes 2.1).
 * - `host` is accepted as received, without its port, or with the default port, whichever verifies.
 * - Login/password (Basic) authentication is not supported: none of the snapshot calls accept it.
 * - Lockout state is kept in memory: a restart clears it. Code 11 (permanent lock) is never answered.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  ALGORITHMS,
  canonicalHeaderValue,
  canonicalQuery,
  canonicalRequest,
  sha256Hex,
  signatureHex,
  signingKey,
  stringToSign,
  type Algorithm,
} from './sigv4';

export { signRequest } from './sigv4';

export interface SignedRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
export type AuthFailure = {
  ok: false;
  reason: 'missing' | 'malformed' | 'unknown-key' | 'bad-signature' | 'stale-date';
  accessKey?: string;
  details: string;
};
export type AuthSuccess = { ok: true; accessKey: string; algorithm: Algorithm; service: string; region: string };

const WINDOW_MS = 5 * 60 * 1000;
const AUTH_HEADER = /^(AWS4-HMAC-SHA256|OSC4-HMAC-SHA256)\s+(.*)$/s;
const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

interface Parsed {
  algorithm: Algorithm;
  accessKey: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
  timestamp: string;
  fromQuery: boolean;
}

const fail = (reason: AuthFailure['reason'], details: string, accessKey?: string): AuthFailure => ({
  ok: false,
  reason,
  details,
  accessKey,
});

function header(req: SignedRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function queryParams(rawQuery: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQuery)) params.set(name, value);
  return params;
}

function parse(req: SignedRequest): Parsed | AuthFailure {
  const authorization = header(req, 'authorization');
  const query = queryParams(req.rawQuery);
  const queryAlgorithm = query.get('X-Amz-Algorithm');
  if (authorization && queryAlgorithm) return fail('malformed', 'Send the signature in the Authorization header or in the query string, not both.');
  let algorithm: string;
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  let timestamp: string | undefined;
  if (authorization) {
    const match = AUTH_HEADER.exec(authorization.trim());
    if (!match) return fail('malformed', 'The Authorization header is not an AWS4-HMAC-SHA256 or OSC4-HMAC-SHA256 signature.');
    algorithm = match[1]!;
    const fields = new Map<string, string>();
    for (const part of match[2]!.split(',')) {
      const at = part.indexOf('=');
      if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
    }
    credential = fields.get('Credential');
    signedHeaders = fields.get('SignedHeaders');
    signature = fields.get('Signature');
    timestamp = header(req, ALGORITHMS[algorithm as Algorithm].dateHeader);
  } else if (queryAlgorithm) {
    algorithm = queryAlgorithm;
    credential = query.get('X-Amz-Credential');
    signedHeaders = query.get('X-Amz-SignedHeaders');
    signature = query.get('X-Amz-Signature');
    timestamp = query.get('X-Amz-Date');
  } else {
    return fail('missing', 'The request is not signed: sign it with your access key and secret key (SigV4).');
  }
  if (!(algorithm in ALGORITHMS)) return fail('malformed', 'Unsupported signature algorithm.');
  const scope = credential?.split('/');
  if (!scope || scope.length !== 5 || !scope[0]) return fail('malformed', 'The signature Credential must be AK/date/region/service/request.');
  const [accessKey, date, region, service, terminator] = scope as [string, string, string, string, string];
  if (!signedHeaders || !signature || !/^[0-9a-f]{64}$/i.test(signature)) {
    return fail('malformed', 'The signature lacks SignedHeaders or a valid Signature.', accessKey);
  }
  if (!timestamp) {
    const dateHeader = ALGORITHMS[algorithm as Algorithm].dateHeader;
    return fail('malformed', `The ${dateHeader} header is missing.`, accessKey);
  }
  return {
    algorithm: algorithm as Algorithm,
    accessKey,
    date,
    region,
    service,
    terminator,
    signedHeaders: signedHeaders.toLowerCase().split(';').filter(Boolean),
    signature: signature.toLowerCase(),
    timestamp,
    fromQuery: !authorization,
  };
}

function timestampMs(timestamp: string): number | undefined {
  const m = TIMESTAMP.exec(timestamp);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The host values a client may have signed: as received, without the port, with the default port. */
function hostVariants(host: string): string[] {
  const withoutPort = host.replace(/:\d+$/, '');
  return [...new Set([host, withoutPort, `${withoutPort}:443`, `${withoutPort}:80`])];
}

export function verifySignature(
  req: SignedRequest,
  secretFor: (accessKey: string) => string | undefined,
  now: Date,
): AuthSuccess | AuthFailure {
  try {
    const parsed = parse(req);
    if ('ok' in parsed) return parsed;
    const { algorithm, accessKey } = parsed;
    if (parsed.terminator !== ALGORITHMS[algorithm].terminator) {
      return fail('malformed', `The credential scope must end with ${ALGORITHMS[algorithm].terminator}.`, accessKey);
    }
    const when = timestampMs(parsed.timestamp);
    if (when === undefined) return fail('malformed', 'The request date must look like YYYYMMDDTHHMMSSZ.', accessKey);
    if (parsed.date !== parsed.timestamp.slice(0, 8)) {
      return fail('malformed', 'The credential scope date does not match the request date.', accessKey);
    }
    if (Math.abs(now.getTime() - when) > WINDOW_MS) {
      return fail('stale-date', 'The request date is more than 5 minutes away from the server time.', accessKey);
    }
    const secretKey = secretFor(accessKey);
    if (secretKey === undefined) return fail('unknown-key', 'The access key is unknown.', accessKey);
    const missing = parsed.signedHeaders.find((name) => header(req, name) === undefined);
    if (missing) return fail('bad-signature', `The signed header '${missing}' is absent from the request.`, accessKey);

    const contentSha = header(req, 'x-amz-content-sha256');
    const payloadHash =
      contentSha && (parsed.signedHeaders.includes('x-amz-content-sha256') || contentSha === 'UNSIGNED-PAYLOAD')
        ? contentSha
        : sha256Hex(req.body);
    const query = canonicalQuery(req.rawQuery, parsed.fromQuery ? ['X-Amz-Signature'] : []);
    const scope = [parsed.date, parsed.region, parsed.service, parsed.terminator].join('/');
    const key = signingKey(algorithm, secretKey, parsed.date, parsed.region, parsed.service);
    const expected = Buffer.from(parsed.signature, 'hex');
    const host = header(req, 'host') ?? '';
    for (const hostValue of parsed.signedHeaders.includes('host') ? hostVariants(host) : [host]) {
      const headers = parsed.signedHeaders.map((name): [string, string] => [
        name,
        name === 'host' ? hostValue : canonicalHeaderValue(req.headers[name] ?? ''),
      ]);
      const request = canonicalRequest({ method: req.method, path: req.path, query, headers, payloadHash });
      const actual = Buffer.from(signatureHex(key, stringToSign(algorithm, parsed.timestamp, scope, request)), 'hex');
      if (actual.length === expected.length && timingSafeEqual(actual, expected)) {
        return { ok: true, accessKey, algorithm, service: parsed.service, region: parsed.region };
      }
    }
    return fail('bad-signature', 'The request signature does not match: check the secret key and what was signed.', accessKey);
  } catch {
    return fail('malformed', 'The signature could not be read.');
  }
}

const LOCK_STEP_MS = 60_000;
const LOCK_CAP_MS = 10 * 60_000;
const FAILURES_PER_STEP = 4;

/** Four consecutive failures lock a key for 1 minute; each further four add a minute, up to 10 (notes 2.3). */
export class AuthLockout {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number }>();

  isLocked(accessKey: string, now: Date): { locked: false } | { locked: true; secondsLeft: number } {
    const entry = this.entries.get(accessKey);
    if (!entry || entry.lockedUntil <= now.getTime()) return { locked: false };
    return { locked: true, secondsLeft: Math.ceil((entry.lockedUntil - now.getTime()) / 1000) };
  }

  recordFailure(accessKey: string, now: Date): void {
    const entry = this.entries.get(accessKey) ?? { failures: 0, lockedUntil: 0 };
    entry.failures += 1;
    if (entry.failures % FAILURES_PER_STEP === 0) {
      const steps = entry.failures / FAILURES_PER_STEP;
      entry.lockedUntil = now.getTime() + Math.min(steps * LOCK_STEP_MS, LOCK_CAP_MS);
    }
    this.entries.set(accessKey, entry);
    if (this.entries.size > 10_000) this.entries.delete(this.entries.keys().next().value as string);
  }

  recordSuccess(accessKey: string): void {
    this.entries.delete(accessKey);
  }
}

export type Authentication =
  | { ok: true; accessKey: string; accountId: string }
  | { ok: false; locked: true; secondsLeft: number }
  | { ok: false; locked: false; failure: AuthFailure };

/**
 * The whole check both API faces run: the signature, then the lockout of that key (a locked key is refused
 * even with a good signature), recording failures and successes.
 */
export function authenticate(
  req: SignedRequest,
  accountFor: (accessKey: string) => { secretKey: string; accountId: string } | undefined,
  lockout: AuthLockout,
  now: Date,
): Authentication {
  const result = verifySignature(req, (accessKey) => accountFor(accessKey)?.secretKey, now);
  if (result.accessKey) {
    const lock = lockout.isLocked(result.accessKey, now);
    if (lock.locked) return { ok: false, locked: true, secondsLeft: lock.secondsLeft };
  }
  if (!result.ok) {
    if (result.accessKey) lockout.recordFailure(result.accessKey, now);
    return { ok: false, locked: false, failure: result };
  }
  lockout.recordSuccess(result.accessKey);
  const account = accountFor(result.accessKey);
  if (!account) return { ok: false, locked: false, failure: { ok: false, reason: 'unknown-key', details: 'The access key is unknown.' } };
  return { ok: true, accessKey: result.accessKey, accountId: account.accountId };
}
