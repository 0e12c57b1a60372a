/**
 * SigV4 for OOS (S3-compatible, service `s3`), with the primitives of server/osc/sigv4.ts: the Authorization header
 * form (payload hash in x-amz-content-sha256: the body's SHA-256, UNSIGNED-PAYLOAD, or
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD with chunk signatures, chunked.ts) and the query form (pre-signed URLs, with
 * X-Amz-Expires honoured against the sandbox clock). S3's rules, not the OUTSCALE API's: 15 minutes of skew, the
 * payload hash as the client declares it, the path not normalised.
 *
 * Region: one OOS listener serves every Region; a request's Region is its signature scope's, and the access key's
 * account must live there (as each real Region's OOS knows only its own accounts' keys). Another Region gets
 * S3's AuthorizationHeaderMalformed (or AuthorizationQueryParametersError) naming the expected Region, the answer
 * the AWS CLI and s3cmd use to re-sign for the right one.
 *
 * LIMITATIONS: AWS4-HMAC-SHA256 only (no Signature Version 2, no OSC4); no session tokens; no lockout after bad
 * signatures (the OUTSCALE API face has one, S3 does not).
 */
import { timingSafeEqual } from 'node:crypto';
import { canonicalHeaderValue, canonicalQuery, signatureHex, signingKey, stringToSign, uriEncode, type SignedParts } from '../osc/sigv4';
import { s3Errors } from './errors';

export interface S3SignedRequest {
  method: string;
  /** The path as received, percent-encoded, without the query. */
  path: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface OosCredentials {
  /** Access key → secret key and account (app.ts: demoCredentials(…).accountFor). */
  secretFor(accessKey: string): { secretKey: string; accountId: string } | undefined;
  /** The Region an account lives in. */
  regionOf(accountId: string): string | undefined;
}

export type Payload = { kind: 'unsigned' } | { kind: 'sha256'; hex: string } | { kind: 'streaming' };

export interface Authorized {
  accessKey: string;
  accountId: string;
  region: string;
  presigned: boolean;
  payload: Payload;
  /** For chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): the key, scope, timestamp and seed signature. */
  chain: { key: Buffer; scope: string; timestamp: string; seed: string };
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SKEW_MS = 15 * 60 * 1000;
const MAX_EXPIRES = 604_800;
const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const PAYLOAD_HASH = /^(UNSIGNED-PAYLOAD|STREAMING-AWS4-HMAC-SHA256-PAYLOAD|[0-9a-fA-F]{64})$/;

export function header(headers: S3SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function timestampMs(value: string): number | undefined {
  const m = TIMESTAMP.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(ms) ? undefined : ms;
}

/** S3's canonical URI: each segment decoded once and encoded RFC 3986 (no '+' as space, no dot-segment removal). */
export function s3CanonicalPath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return uriEncode(decodeURIComponent(segment));
      } catch {
        return segment;
      }
    })
    .join('/');
}

function hostVariants(host: string): string[] {
  const bare = host.replace(/:\d+$/, '');
  return [...new Set([host, bare, `${bare}:80`, `${bare}:443`])];
}

interface Parsed extends SignedParts {
  expires?: string;
}

function parseHeaderForm(authorization: string, req: S3SignedRequest): Parsed {
  const space = authorization.indexOf(' ');
  const scheme = space < 0 ? authorization : authorization.slice(0, space);
  if (scheme === 'AWS') throw s3Errors.unsupportedAuth();
  if (scheme !== ALGORITHM) throw s3Errors.invalidArgument('Unsupported Authorization Type', 'Authorization', authorization);
  const fields = new Map<string, string>();
  for (const part of authorization.slice(space + 1).split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!fields.get(name)) throw s3Errors.headerMalformed(`missing ${name}.`);
  }
  const timestamp = header(req.headers, 'x-amz-date');
  if (!timestamp) throw s3Errors.noDate();
  return { ...credential(fields.get('Credential')!, false), signedHeaders: fields.get('SignedHeaders')!.toLowerCase().split(';'), signature: fields.get('Signature')!, timestamp };
}

function parseQueryForm(query: URLSearchParams): Parsed {
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) throw s3Errors.queryParameters('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const names = ['X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'];
  if (names.some((name) => !query.get(name))) {
    throw s3Errors.queryParameters(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  return {
    ...credential(query.get('X-Amz-Credential')!, true),
    signedHeaders: query.get('X-Amz-SignedHeaders')!.toLowerCase().split(';'),
    signature: query.get('X-Amz-Signature')!,
    timestamp: query.get('X-Amz-Date')!,
    expires: query.get('X-Amz-Expires')!,
  };
}

function credential(value: string, query: boolean) {
  const parts = value.split('/');
  if (parts.length !== 5 || !parts[0]) {
    const message = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
    throw query ? s3Errors.queryParameters(`Error parsing the X-Amz-Credential parameter; ${message}`) : s3Errors.headerMalformed(message);
  }
  const [accessKey, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKey, date, region, service, terminator };
}

/**
 * Who signed the request, or null for an anonymous one (no signature at all). Throws S3Error for anything else
 * wrong, in S3's order: form, scope, Region, time, key, signature.
 */
export function authorize(req: S3SignedRequest, credentials: OosCredentials, now: Date): Authorized | null {
  const query = new URLSearchParams(req.rawQuery);
  const authorization = header(req.headers, 'authorization')?.trim();
  const presigned = query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential');
  if (authorization && presigned) {
    throw s3Errors.invalidArgument(
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      'Authorization',
      authorization,
    );
  }
  if (!authorization && !presigned) {
    if (query.has('Signature') || query.has('AWSAccessKeyId')) throw s3Errors.unsupportedAuth();
    return null;
  }
  const parsed = authorization ? parseHeaderForm(authorization, req) : parseQueryForm(query);
  const bad = (detail: string, region?: string) =>
    presigned ? s3Errors.queryParameters(`Error parsing the X-Amz-Credential parameter; ${detail}`, region) : s3Errors.headerMalformed(detail, region);
  const when = timestampMs(parsed.timestamp);
  if (when === undefined) {
    if (presigned) throw s3Errors.queryParameters('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
    throw s3Errors.noDate();
  }
  if (parsed.date !== parsed.timestamp.slice(0, 8)) throw bad(`Invalid credential date "${parsed.date.slice(0, 16)}". This date is not the same as X-Amz-Date: "${parsed.timestamp.slice(0, 8)}".`);
  if (parsed.service !== 's3') throw bad(`incorrect service "${parsed.service.slice(0, 40)}". This endpoint belongs to "s3".`);
  if (parsed.terminator !== 'aws4_request') throw bad(`incorrect terminal "${parsed.terminator.slice(0, 40)}". This endpoint uses "aws4_request".`);
  if (!/^[0-9a-f]{64}$/i.test(parsed.signature)) throw bad('the Signature is not 64 hexadecimal digits.');

  const account = credentials.secretFor(parsed.accessKey);
  if (!account) throw s3Errors.invalidAccessKeyId(parsed.accessKey);
  const home = credentials.regionOf(account.accountId);
  if (home && parsed.region !== home) throw bad(`the region '${parsed.region.slice(0, 40)}' is wrong; expecting '${home}'`, home);

  if (presigned) {
    const seconds = /^\d{1,9}$/.test(parsed.expires!) ? Number(parsed.expires) : NaN;
    if (Number.isNaN(seconds)) throw s3Errors.queryParameters('X-Amz-Expires should be a number');
    if (seconds > MAX_EXPIRES) {
      throw s3Errors.queryParameters('X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds');
    }
    if (when - now.getTime() > SKEW_MS) throw s3Errors.notYetValid(new Date(when), now);
    if (now.getTime() > when + seconds * 1000) throw s3Errors.expired(parsed.expires!, new Date(when + seconds * 1000), now);
  } else if (Math.abs(now.getTime() - when) > SKEW_MS) {
    throw s3Errors.tooSkewed(parsed.timestamp, now);
  }

  let payloadHash = 'UNSIGNED-PAYLOAD';
  let payload: Payload = { kind: 'unsigned' };
  if (!presigned) {
    const declared = header(req.headers, 'x-amz-content-sha256');
    if (declared === undefined) throw s3Errors.invalidRequest('Missing required header for this request: x-amz-content-sha256');
    if (!PAYLOAD_HASH.test(declared)) {
      throw s3Errors.invalidArgument(
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.',
        'x-amz-content-sha256',
        declared,
      );
    }
    payloadHash = declared;
    payload = declared === 'UNSIGNED-PAYLOAD' ? payload : declared.startsWith('STREAMING') ? { kind: 'streaming' } : { kind: 'sha256', hex: declared.toLowerCase() };
  }
  if (!parsed.signedHeaders.includes('host')) throw bad('the host header must be signed (SignedHeaders has no host).');
  const missing = parsed.signedHeaders.find((name) => header(req.headers, name) === undefined);
  if (missing) throw s3Errors.accessDenied(`There were headers present in the request which were not signed: the signed header '${missing.slice(0, 40)}' is absent.`);

  const scope = [parsed.date, parsed.region, parsed.service, parsed.terminator].join('/');
  const key = signingKey(ALGORITHM, account.secretKey, parsed.date, parsed.region, 's3');
  const canonicalQueryString = canonicalQuery(req.rawQuery, presigned ? ['X-Amz-Signature'] : []);
  const expected = Buffer.from(parsed.signature.toLowerCase(), 'hex');
  const host = header(req.headers, 'host') ?? '';
  let first: { toSign: string; request: string } | undefined;
  for (const path of [...new Set([s3CanonicalPath(req.path), req.path])]) {
    for (const hostValue of hostVariants(host)) {
      const headers = parsed.signedHeaders.map((name): [string, string] => [name, name === 'host' ? hostValue : canonicalHeaderValue(req.headers[name] ?? '')]);
      const lines = headers.map(([name, value]) => `${name}:${value}\n`).join('');
      const request = [req.method.toUpperCase(), path, canonicalQueryString, lines, parsed.signedHeaders.join(';'), payloadHash].join('\n');
      const toSign = stringToSign(ALGORITHM, parsed.timestamp, scope, request);
      first ??= { toSign, request };
      const actual = Buffer.from(signatureHex(key, toSign), 'hex');
      if (actual.length === expected.length && timingSafeEqual(actual, expected)) {
        return {
          accessKey: parsed.accessKey,
          accountId: account.accountId,
          region: parsed.region,
          presigned,
          payload,
          chain: { key, scope, timestamp: parsed.timestamp, seed: parsed.signature.toLowerCase() },
        };
      }
    }
  }
  throw s3Errors.signatureDoesNotMatch(parsed.accessKey, first!.toSign, first!.request);
}
