/**
 * SigV4 primitives shared by the verifier and the tests: canonical request, string to sign, key
 * derivation, for both OUTSCALE forms (AWS4-HMAC-SHA256 with X-Amz-Date, OSC4-HMAC-SHA256 with X-Osc-Date).
 */
import { createHmac, hash } from 'node:crypto';

export type Algorithm = 'AWS4-HMAC-SHA256' | 'OSC4-HMAC-SHA256';

export const ALGORITHMS: Record<Algorithm, { seed: string; terminator: string; dateHeader: string }> = {
  'AWS4-HMAC-SHA256': { seed: 'AWS4', terminator: 'aws4_request', dateHeader: 'x-amz-date' },
  'OSC4-HMAC-SHA256': { seed: 'OSC4', terminator: 'osc4_request', dateHeader: 'x-osc-date' },
};

/** One-shot hashing (crypto.hash): no Hash object per call, on the hot path of every signed request. */
export const sha256Hex = (data: string | Buffer): string => hash('sha256', data, 'hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters is %XX. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return value;
  }
}

export function canonicalPath(path: string): string {
  if (!path) return '/';
  return path
    .split('/')
    .map((segment) => uriEncode(safeDecode(segment)))
    .join('/');
}

export function canonicalQuery(rawQuery: string, exclude: string[] = []): string {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const name = safeDecode(at < 0 ? pair : pair.slice(0, at));
      const value = at < 0 ? '' : safeDecode(pair.slice(at + 1));
      return [name, value] as const;
    })
    .filter(([name]) => !exclude.includes(name))
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

export function canonicalHeaderValue(value: string | string[]): string {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

export function canonicalRequest(parts: {
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  payloadHash: string;
}): string {
  const names = parts.headers.map(([name]) => name).join(';');
  return [
    parts.method.toUpperCase(),
    canonicalPath(parts.path),
    parts.query,
    parts.headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    names,
    parts.payloadHash,
  ].join('\n');
}

export function stringToSign(algorithm: Algorithm, timestamp: string, scope: string, request: string): string {
  return [algorithm, timestamp, scope, sha256Hex(request)].join('\n');
}

/** Derived keys by algorithm, secret, date, Region and service: a client signs every call of a day with one. */
const derivedKeys = new Map<string, Buffer>();
const DERIVED_KEYS_MAX = 256;

export function signingKey(algorithm: Algorithm, secretKey: string, date: string, region: string, service: string) {
  const id = `${algorithm}\n${date}\n${region}\n${service}\n${secretKey}`;
  const known = derivedKeys.get(id);
  if (known) return known;
  const { seed, terminator } = ALGORITHMS[algorithm];
  const kDate = hmac(seed + secretKey, date);
  const key = hmac(hmac(hmac(kDate, region), service), terminator);
  if (derivedKeys.size >= DERIVED_KEYS_MAX) derivedKeys.clear();
  derivedKeys.set(id, key);
  return key;
}

export function signatureHex(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}

export function amzTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Signs a request the way the official clients do, for tests and tools: returns the headers to send
 * (the date header and Authorization added to the given ones).
 */
export function signRequest(opts: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  accessKey: string;
  secretKey: string;
  region: string;
  service: string;
  algorithm?: Algorithm;
  date?: Date;
  signedHeaders?: string[];
}): Record<string, string> {
  const algorithm = opts.algorithm ?? 'AWS4-HMAC-SHA256';
  const { dateHeader, terminator } = ALGORITHMS[algorithm];
  const url = new URL(opts.url);
  const timestamp = amzTimestamp(opts.date ?? new Date());
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.headers)) headers[name.toLowerCase()] = value;
  headers[dateHeader] = timestamp;
  headers.host ??= url.host;
  const names = (opts.signedHeaders ?? ['host', dateHeader]).map((n) => n.toLowerCase()).sort();
  const scope = `${timestamp.slice(0, 8)}/${opts.region}/${opts.service}/${terminator}`;
  const request = canonicalRequest({
    method: opts.method,
    path: url.pathname,
    query: canonicalQuery(url.search.slice(1)),
    headers: names.map((name) => [name, canonicalHeaderValue(headers[name] ?? '')]),
    payloadHash: sha256Hex(opts.body),
  });
  const key = signingKey(algorithm, opts.secretKey, timestamp.slice(0, 8), opts.region, opts.service);
  const signature = signatureHex(key, stringToSign(algorithm, timestamp, scope, request));
  headers.authorization = `${algorithm} Credential=${opts.accessKey}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

/** What a SigV4 request carries, read from its Authorization header or its query (both faces parse into this). */
export interface SignedParts {
  accessKey: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
  timestamp: string;
}
