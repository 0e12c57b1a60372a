/**
 * Seeded fuzz of the OOS face on the real server in a child process (`server/main.ts --memory`, its own
 * `--oos-port`): validly signed requests with odd paths, queries, headers and bodies (so the operations are
 * reached), then hostile ones (garbled signatures, dates, Hosts, methods, huge paths), then broken HTTP. Every
 * answer must be below 500, a refusal must be well-formed S3 error XML, an XML answer well-formed; the process must
 * stay up and print no stack trace. FUZZ_SEED and FUZZ_RUNS as in server/fuzz/.
 */
import { createServer } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKeys, sendRaw, serialize, startServer, xmlProblem, type DemoKey, type RawAnswer, type RawRequest, type ServerChild } from '../fuzz/harness';
import { signS3 } from './test-kit';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261126;
const SCALE = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 1;
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

let server: ServerChild;
let operator: DemoKey;
let oosPort = 0;
let host = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  oosPort = await freePort();
  host = `127.0.0.1:${oosPort}`;
  server = await startServer(['--memory', '--quiet', '--port', '0', '--oos-port', String(oosPort)]);
  operator = (await demoKeys(server.base)).operator;
  // A bucket with a few objects, so reads reach real rows.
  for (const [method, target, body] of [['PUT', '/fuzz', ''], ['PUT', '/fuzz/a/b', 'x'.repeat(100)], ['PUT', '/fuzz/c', 'y']] as const) {
    const answer = await send({ method, target, headers: Object.entries(signS3({ method, target, host, date: new Date(), keys: operator, body })), body });
    expect(answer.status).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

function send(request: RawRequest): Promise<RawAnswer> {
  const body = typeof request.body === 'string' ? Buffer.from(request.body) : Buffer.from(request.body);
  const headers = request.headers.filter(([name]) => !/^(content-length|connection)$/i.test(name));
  return sendRaw(oosPort, serialize({ ...request, headers: [...headers, ['content-length', String(body.length)], ['connection', 'close']], body }));
}

function problem(request: RawRequest, answer: RawAnswer): string | null {
  if (answer.status === 0) return 'no answer';
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  const xml = (answer.headers['content-type'] ?? '').includes('xml') && answer.body.length > 0;
  if (answer.status >= 300 && request.method !== 'HEAD' && answer.status !== 304) {
    if (!xml) return `a refusal that is not XML (${answer.headers['content-type'] ?? 'no type'})`;
    if (!/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>\w+<\/Code><Message>/.test(answer.body.toString('utf8'))) return 'not S3 error XML';
  }
  return xml ? xmlProblem(answer.body) : null;
}

async function check(request: RawRequest) {
  const answer = await send(request);
  const found = problem(request, answer);
  expect(found, `${request.method} ${JSON.stringify(request.target.slice(0, 300))} ${JSON.stringify(request.headers).slice(0, 600)}\n  → ${answer.status} ${answer.body.toString('utf8').slice(0, 400)}`).toBeNull();
}

const segment = fc.oneof(
  fc.constantFrom('fuzz', 'a', 'b', 'c', 'nothere', '..', '.', '', '%', '%zz', '%E0%A4%A', '%00', '%2F', '+', '%20', 'é', '😀', 'x'.repeat(300)),
  fc.string({ maxLength: 40, unit: 'grapheme' }).map((s) => encodeURIComponent(s)),
  fc.string({ maxLength: 20 }).map((s) => s.replace(/[\s#?]/g, '_')),
);
const anyPath = fc.array(segment, { minLength: 0, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
/** Mostly the service, the bucket and its objects (so operations run on real rows), else anything. */
const path = fc.oneof({ arbitrary: fc.constantFrom('/', '/fuzz', '/fuzz/', '/fuzz/a/b', '/fuzz/c', '/fuzz/a'), weight: 3 }, { arbitrary: anyPath, weight: 2 });
const param = fc.tuple(
  fc.constantFrom('list-type', 'max-keys', 'continuation-token', 'prefix', 'delimiter', 'marker', 'start-after', 'encoding-type', 'location', 'acl', 'policy', 'uploads', 'versioning', 'fetch-owner', 'x'),
  fc.oneof(fc.constantFrom('', '2', '1', '0', '-1', '1000000000000', 'url', '/', 'a'), fc.string({ maxLength: 30 })),
);
const query = fc.array(param, { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.map(([n, v]) => (v === '' ? n : `${n}=${encodeURIComponent(v)}`)).join('&')}` : ''));
const extraHeaders = fc.dictionary(
  fc.constantFrom('range', 'content-md5', 'x-amz-copy-source', 'content-type', 'x-amz-decoded-content-length', 'origin'),
  fc.oneof(fc.constantFrom('bytes=0-0', 'bytes=-1', 'bytes=5-', 'bytes=9999999999-', 'bytes=1-0', 'zz', '1B2M2Y8AsgTpgAmY7PhCfg=='), fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x'))),
  { maxKeys: 3 },
);
const body = fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }), fc.constant('<CreateBucketConfiguration><LocationConstraint>us-east-2</LocationConstraint></CreateBucketConfiguration>'));
const method = fc.oneof({ arbitrary: fc.constant('GET'), weight: 3 }, { arbitrary: fc.constantFrom('GET', 'PUT', 'HEAD', 'DELETE', 'POST', 'OPTIONS', 'PATCH'), weight: 4 });

describe('OOS face fuzz', () => {
  it('answers validly signed odd requests within S3 (no 5xx, XML refusals)', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, query, extraHeaders, body, fc.constantFrom('sha', 'UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'), async (m, p, q, headers, b, payload) => {
        const target = `${p}${q}`;
        const signed = signS3({ method: m, target, host, date: new Date(), keys: operator, body: b, headers, ...(payload === 'sha' ? {} : { payload }) });
        await check({ method: m, target, headers: Object.entries(signed), body: b });
      }),
      { seed: SEED, numRuns: runs(300) },
    );
  }, 300_000);

  it('refuses hostile requests in S3 XML (garbled signatures, dates, Hosts, huge paths)', async () => {
    const scalar = fc.oneof(fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '?')), fc.constantFrom('', 'AWS4-HMAC-SHA256', '20261126T000000Z', 'x/20261126/eu-west-2/s3/aws4_request'));
    const auth = fc.oneof(
      scalar,
      fc.tuple(scalar, scalar, scalar).map(([c, s, g]) => `AWS4-HMAC-SHA256 Credential=${c}, SignedHeaders=${s}, Signature=${g}`),
      fc.constant(`AWS4-HMAC-SHA256 Credential=DEMOOPERATORAK000001/20261126/eu-west-2/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`),
    );
    const presigned = fc.tuple(scalar, scalar, scalar, scalar).map(([a, c, d, e]) => `?X-Amz-Algorithm=${encodeURIComponent(a)}&X-Amz-Credential=${encodeURIComponent(c)}&X-Amz-Date=${encodeURIComponent(d)}&X-Amz-Expires=${encodeURIComponent(e)}&X-Amz-SignedHeaders=host&X-Amz-Signature=${'a'.repeat(64)}`);
    await fc.assert(
      fc.asyncProperty(method, path, fc.oneof(query, presigned, fc.constant(`?${'q'.repeat(8000)}`)), fc.option(auth), fc.option(scalar), fc.constantFrom(host, 'evil.example', `localhost:${oosPort}`, '', '[::1]'), fc.option(scalar), async (m, p, q, a, date, h, sha) => {
        const headers: [string, string][] = [['host', h]];
        if (a !== null) headers.push(['authorization', a]);
        if (date !== null) headers.push(['x-amz-date', date]);
        if (sha !== null) headers.push(['x-amz-content-sha256', sha]);
        await check({ method: m, target: `${p}${q}`, headers, body: '' });
      }),
      { seed: SEED + 1, numRuns: runs(300) },
    );
  }, 300_000);

  it('answers broken HTTP in S3 XML, and stays up with no stack trace', async () => {
    for (const raw of ['GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 'GARBAGE\r\n\r\n', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 'GET / HTTP/9.9\r\n\r\n']) {
      const answer = await sendRaw(oosPort, Buffer.from(raw, 'latin1'));
      expect(answer.status, raw.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.toString('utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>/);
    }
    // A PUT whose body never ends as declared gets an answer once the client goes: the server still serves.
    const list = signS3({ method: 'GET', target: '/', host, date: new Date(), keys: operator });
    expect((await send({ method: 'GET', target: '/', headers: Object.entries(list), body: '' })).status).toBe(200);
    expect(server.exit()).toBeNull();
    expect(server.stderr.filter((line) => /^\s+at |Error:/.test(line))).toEqual([]);
  }, 60_000);
});
