/**
 * For the OOS tests: S3 requests signed as the AWS SDKs sign them (header form with x-amz-content-sha256, and
 * pre-signed URLs), sent over real HTTP with node:http (every header as given, Host included), and a face on an
 * in-memory seeded store with a manual clock.
 */
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_OPERATOR, seedDemo } from '../model/seed';
import { openStore, type Store } from '../model/store';
import { ManualClock } from '../osc/clock';
import { amzTimestamp, canonicalHeaderValue, canonicalQuery, sha256Hex, signatureHex, signingKey, stringToSign, uriEncode } from '../osc/sigv4';
import { s3CanonicalPath } from './auth';
import { createOosFace, oosCredentials } from './index';

/** Starts a listener on a free local port, kept in `servers` for the caller to close; its port. */
export async function listen(servers: Server[], listener: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export interface Keys {
  accessKey: string;
  secretKey: string;
}

export interface SignOptions {
  method: string;
  /** Path and query, e.g. `/bucket/key?list-type=2`. */
  target: string;
  host: string;
  keys?: Keys;
  region?: string;
  date: Date;
  body?: Buffer | string;
  /** x-amz-content-sha256 (default: the body's SHA-256). */
  payload?: string;
  headers?: Record<string, string>;
  service?: string;
}

function canonical(method: string, target: string, headers: Record<string, string>, payload: string, exclude: string[] = []) {
  const at = target.indexOf('?');
  const path = at < 0 ? target : target.slice(0, at);
  const query = at < 0 ? '' : target.slice(at + 1);
  const names = Object.keys(headers).sort();
  const lines = names.map((name) => `${name}:${canonicalHeaderValue(headers[name]!)}\n`).join('');
  return { request: [method, s3CanonicalPath(path), canonicalQuery(query, exclude), lines, names.join(';'), payload].join('\n'), names };
}

/** The headers of a header-signed S3 request (host, x-amz-date, x-amz-content-sha256 and `headers`, all signed). */
export function signS3(options: SignOptions): Record<string, string> {
  const keys = options.keys ?? DEMO_OPERATOR;
  const region = options.region ?? 'eu-west-2';
  const service = options.service ?? 's3';
  const timestamp = amzTimestamp(options.date);
  const payload = options.payload ?? sha256Hex(options.body ?? '');
  const headers: Record<string, string> = { host: options.host, 'x-amz-date': timestamp, 'x-amz-content-sha256': payload };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  const { request, names } = canonical(options.method, options.target, headers, payload);
  const scope = `${timestamp.slice(0, 8)}/${region}/${service}/aws4_request`;
  const key = signingKey('AWS4-HMAC-SHA256', keys.secretKey, timestamp.slice(0, 8), region, service);
  const signature = signatureHex(key, stringToSign('AWS4-HMAC-SHA256', timestamp, scope, request));
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKey}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}

/** A pre-signed GET URL, as `aws s3 presign` makes it. */
export function presignS3(options: { base: string; path: string; keys?: Keys; region?: string; date: Date; expires: number; method?: string }): string {
  const keys = options.keys ?? DEMO_OPERATOR;
  const region = options.region ?? 'eu-west-2';
  const url = new URL(options.path, options.base);
  const timestamp = amzTimestamp(options.date);
  const scope = `${timestamp.slice(0, 8)}/${region}/s3/aws4_request`;
  const params = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${keys.accessKey}/${scope}`],
    ['X-Amz-Date', timestamp],
    ['X-Amz-Expires', String(options.expires)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  const query = params.map(([n, v]) => `${n}=${uriEncode(v!)}`).join('&');
  const { request } = canonical(options.method ?? 'GET', `${url.pathname}?${query}`, { host: url.host }, 'UNSIGNED-PAYLOAD');
  const key = signingKey('AWS4-HMAC-SHA256', keys.secretKey, timestamp.slice(0, 8), region, 's3');
  return `${url.origin}${url.pathname}?${query}&X-Amz-Signature=${signatureHex(key, stringToSign('AWS4-HMAC-SHA256', timestamp, scope, request))}`;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** Sends exactly these headers (Host included) over node:http. */
export function send(port: number, method: string, target: string, headers: Record<string, string>, body?: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: target, headers, setHost: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => {
        const all = Buffer.concat(parts);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all, text: all.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The `<Code>` of an S3 error body. */
export const codeOf = (answer: Answer) => /<Code>([^<]*)<\/Code>/.exec(answer.text)?.[1];

export interface FaceKit {
  store: Store;
  clock: ManualClock;
  port: number;
  host: string;
  base: string;
  server: Server;
  /** A signed request from the operator (or `keys`), at the clock's time. */
  call(method: string, target: string, options?: Partial<SignOptions>): Promise<Answer>;
  close(): Promise<void>;
}

/** The OOS face on an in-memory seeded store (published demo keys), a manual clock, and a port of its own. */
export async function startFace(start = '2026-11-24T12:00:00.000Z'): Promise<FaceKit> {
  const store = openStore(':memory:');
  const clock = new ManualClock(start);
  seedDemo(store, clock.now());
  const listener = createOosFace({ store, clock, credentials: oosCredentials(store, (ak) => store.secretFor(ak)) });
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const host = `127.0.0.1:${port}`;
  return {
    store,
    clock,
    port,
    host,
    base: `http://${host}`,
    server,
    call: (method, target, options = {}) => {
      const headers = signS3({ method, target, host, date: clock.now(), ...options });
      return send(port, method, target, headers, options.body);
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
