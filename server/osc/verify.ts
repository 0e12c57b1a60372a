/**
 * Verifies OUTSCALE access-key signatures the way the production API accepts them (both faces: the OUTSCALE API
 * and FCU), with the SigV4 primitives of sigv4.ts.
 *
 * LIMITATIONS:
 * - At a Region's endpoint (`/{region}/api/v1/…`, `/{region}/fcu/`, as `https://api.{region}.outscale.com`), the
 *   scope's Region must be that Region (`endpointRegion`; refused as 'wrong-region' once the signature verifies).
 *   At the Region-less endpoints (`/api/v1/…`, `/fcu/`) it is not checked: they stand for the key's account's
 *   Region, and the key is derived from the client's own scope (any Region), as official clients disagree on it
 *   (notes 2.1: osc-sdk-go v2 signs `eu-west-2` everywhere). The scope's service must be one that OUTSCALE's
 *   clients send to that face: `api`, `oapi`, `ec2` or empty on the OUTSCALE API, `ec2` or `fcu` on FCU.
 * - `host` is accepted as received, without its port, or with the default port, whichever verifies.
 * - Login/password (Basic) authentication is not supported: none of the snapshot calls accept it.
 * - A presigned (query) signature is valid from 5 minutes before X-Amz-Date until X-Amz-Expires seconds
 *   after it (at most 7 days); without X-Amz-Expires, for the header form's 5-minute window.
 */
import { timingSafeEqual } from 'node:crypto';
import { printable } from './printable';
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
  type SignedParts,
} from './sigv4';

export interface SignedRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The client's network address (the socket's, never a forwarded header): part of the lockout source. */
  clientAddress?: string;
  /** The Region of the endpoint the request reached, when it reached a Region's own endpoint: the scope must name it. */
  endpointRegion?: string;
}
export type AuthFailure = {
  ok: false;
  reason: 'missing' | 'malformed' | 'unknown-key' | 'bad-signature' | 'stale-date' | 'wrong-region';
  accessKey?: string;
  details: string;
};
export type AuthSuccess = { ok: true; accessKey: string; algorithm: Algorithm; service: string; region: string };

const WINDOW_MS = 5 * 60 * 1000;
const MAX_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

/** The credential-scope services OUTSCALE's clients send (notes 2.1 and 5), per face. */
export const API_SERVICES: readonly string[] = [
  'api', // osc-sdk-js examples (aws4fetch), osc-sdk-python, osc-cli, oapi-cli, the dashboard, curl --aws-sigv4 osc:osc:REGION:api
  'oapi', // osc-sdk-go (and Terraform, Packer through it)
  '', // osc-sdk-js when awsV4SignParameters.service is left out
  'ec2', // the worked example of OUTSCALE's signature documentation
];
export const FCU_SERVICES: readonly string[] = [
  'ec2', // the AWS CLI and boto3 on FCU
  'fcu', // osc-cli's FCU calls
];
const AUTH_HEADER = /^(AWS4-HMAC-SHA256|OSC4-HMAC-SHA256)\s+(.*)$/s;
const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

interface Parsed extends SignedParts {
  algorithm: Algorithm;
  fromQuery: boolean;
  expires: string | undefined;
}

const fail = (reason: AuthFailure['reason'], details: string, accessKey?: string): AuthFailure => ({
  ok: false,
  reason,
  details,
  accessKey,
});

export function header(req: Pick<SignedRequest, 'headers'>, name: string): string | undefined {
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
  let expires: string | undefined;
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
    expires = query.get('X-Amz-Expires');
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
    expires,
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

/** When a signature stops being valid: X-Amz-Expires after X-Amz-Date for a presigned URL, else 5 minutes. */
function validity(parsed: Parsed, when: number): { until: number } | AuthFailure {
  if (!parsed.fromQuery || parsed.expires === undefined) return { until: when + WINDOW_MS };
  const seconds = /^\d{1,7}$/.test(parsed.expires) ? Number(parsed.expires) : NaN;
  if (!(seconds >= 1 && seconds <= MAX_EXPIRES_SECONDS)) {
    return fail('malformed', `X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_EXPIRES_SECONDS} (7 days).`, parsed.accessKey);
  }
  return { until: when + seconds * 1000 };
}

export function verifySignature(
  req: SignedRequest,
  secretFor: (accessKey: string) => string | undefined,
  now: Date,
  services: readonly string[] = [...API_SERVICES, ...FCU_SERVICES],
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
    if (!services.includes(parsed.service)) {
      const names = services.map((name) => (name ? `'${name}'` : 'an empty service')).join(', ');
      return fail('malformed', `The credential scope names the service '${printable(parsed.service, 40)}': sign for ${names}.`, accessKey);
    }
    const valid = validity(parsed, when);
    if ('ok' in valid) return valid;
    if (when - now.getTime() > WINDOW_MS) {
      return fail('stale-date', 'The request date is more than 5 minutes ahead of the server time.', accessKey);
    }
    if (now.getTime() > valid.until) {
      return parsed.fromQuery && parsed.expires !== undefined
        ? fail('stale-date', `The presigned URL expired at ${new Date(valid.until).toISOString()} (X-Amz-Date plus X-Amz-Expires).`, accessKey)
        : fail('stale-date', 'The request date is more than 5 minutes away from the server time.', accessKey);
    }
    const secretKey = secretFor(accessKey);
    if (secretKey === undefined) return fail('unknown-key', 'The access key is unknown.', accessKey);
    const missing = parsed.signedHeaders.find((name) => header(req, name) === undefined);
    if (missing) return fail('bad-signature', `The signed header '${missing}' is absent from the request.`, accessKey);

    // The body is the whole API call, so the signature must cover it: an x-amz-content-sha256 header (signed or
    // not) must be the body's hash. UNSIGNED-PAYLOAD (an S3 feature) would let a captured request be replayed
    // with another body within the window, so it is refused.
    const payloadHash = sha256Hex(req.body);
    const contentSha = header(req, 'x-amz-content-sha256');
    if (contentSha !== undefined && contentSha.toLowerCase() !== payloadHash) {
      return fail(
        'bad-signature',
        contentSha === 'UNSIGNED-PAYLOAD'
          ? 'UNSIGNED-PAYLOAD is not accepted: sign the body (x-amz-content-sha256 must be its SHA-256).'
          : 'The x-amz-content-sha256 header is not the SHA-256 of the body.',
        accessKey,
      );
    }
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
        // Checked once the signature holds, so that only the key's owner learns what the endpoint expects.
        if (req.endpointRegion !== undefined && parsed.region !== req.endpointRegion) {
          return fail(
            'wrong-region',
            `The request is signed for the Region '${printable(parsed.region, 40)}', but it reached the ${req.endpointRegion} endpoint: sign it for ${req.endpointRegion} (the Region in the credential scope must be the endpoint's).`,
            accessKey,
          );
        }
        return { ok: true, accessKey, algorithm, service: parsed.service, region: parsed.region };
      }
    }
    return fail('bad-signature', 'The request signature does not match: check the secret key and what was signed.', accessKey);
  } catch {
    return fail('malformed', 'The signature could not be read.');
  }
}
