/**
 * An unpaged FCU DescribeSnapshots read in batches and streamed (actions.ts describeInBatches, stream.ts):
 * - the same bytes as the answer built at once, for every filter and combination (AND across filters, in-memory
 *   tag filters, SnapshotId.N), both accounts, several batch sizes;
 * - over HTTP: chunked, equal to the whole answer; an error before the first byte is EC2 error XML; an error
 *   after it cuts the connection; a client that goes away stops the read; other calls are answered between
 *   batches (shown by the order of the reads, never by timing);
 * - the real AWS CLI parses a streamed answer.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthLockout } from '../osc/auth';
import { signRequest } from '../osc/sigv4';
import { ManualClock } from '../osc/clock';
import type { RequestContext } from '../osc/context';
import { OscError, oscErrors } from '../osc/errors';
import { createBackends, type Backends } from '../backends';
import { oapiResponses } from '../oapi/responses';
import { seededRandom } from '../model/ids';
import { DEMO_OPERATOR, DEMO_PARTNER, seedDemo } from '../model/seed';
import { openStore, type Store } from '../model/store';
import { createFcuActions, FCU_STREAM_BATCH, type Params } from './responses';
import { FcuError } from './errors';
import { createFcuHttp } from './http';
import { FcuStream } from './stream';
import { responseHead, responseXml, type XmlNode } from './xml';

const EXTRA = 60;
let store: Store;
let backends: Backends;
const clock = new ManualClock(new Date());
/** Each ReadSnapshots call, in order: 'big' (no SnapshotIds filter) or 'small', and its request. */
const reads: { kind: 'big' | 'small'; requestId: string }[] = [];
const kinds = () => reads.map((r) => r.kind);
/** When set, the ReadSnapshots call with this index (in `reads`) fails. */
let failAt: number | undefined;

const ctxOf = (accountId: string): RequestContext => ({ accountId, requestId: 'req-1', now: clock.now() });

beforeAll(() => {
  store = openStore(':memory:');
  seedDemo(store, clock.now(), { extraSnapshots: EXTRA });
  const real = createBackends(store, { random: seededRandom(11), speed: 100 });
  const read = real.snapshots.read.bind(real.snapshots);
  // The snapshots backend, recording each read (and failing the one at `failAt`).
  backends = {
    ...real,
    snapshots: Object.assign(Object.create(real.snapshots) as typeof real.snapshots, {
      read: (ctx: RequestContext, filters: Parameters<typeof read>[1], page?: Parameters<typeof read>[2]) => {
        reads.push({ kind: filters.SnapshotIds ? 'small' : 'big', requestId: ctx.requestId });
        if (failAt !== undefined && reads.length - 1 === failAt) throw oscErrors.internal('injected failure');
        return read(ctx, filters, page);
      },
    }),
  };
  const raw = oapiResponses(real);
  const op = ctxOf(DEMO_OPERATOR.accountId);
  const all = (raw.ReadSnapshots({}, op) as { Snapshots: { SnapshotId: string; AccountId: string }[] }).Snapshots;
  const own = all.filter((s) => s.AccountId === DEMO_OPERATOR.accountId).map((s) => s.SnapshotId);
  // Tags on some snapshots, so that tag filters (some applied in memory) keep some and drop others.
  raw.CreateTags({ ResourceIds: own.filter((_, i) => i % 3 === 0), Tags: [{ Key: 'env', Value: 'prod' }] }, op);
  raw.CreateTags({ ResourceIds: own.filter((_, i) => i % 3 === 1), Tags: [{ Key: 'env', Value: 'dev' }] }, op);
  raw.CreateTags({ ResourceIds: own.filter((_, i) => i % 4 === 0), Tags: [{ Key: 'team', Value: 'x<&>"' }] }, op);
  raw.CreateTags({ ResourceIds: own.filter((_, i) => i % 5 === 0), Tags: [{ Key: 'a=b', Value: 'c' }] }, op);
});
afterAll(() => store.close());

async function textOf(answer: XmlNode | FcuStream): Promise<{ xml: string; streamed: boolean; pieces: number }> {
  if (!(answer instanceof FcuStream)) return { xml: responseXml('DescribeSnapshots', 'req-1', answer), streamed: false, pieces: 1 };
  let xml = responseHead('DescribeSnapshots', 'req-1');
  let pieces = 0;
  for await (const piece of answer.pieces) {
    xml += piece;
    pieces += 1;
  }
  return { xml: `${xml}</DescribeSnapshotsResponse>`, streamed: true, pieces };
}

/** The answer (or the error) of DescribeSnapshots with these parameters, built with the given batch size. */
async function describeWith(batch: number | null, params: [string, string][], accountId: string) {
  const action = createFcuActions(backends, { streamBatch: batch }).DescribeSnapshots!;
  try {
    return await textOf(action(new Map(params) as Params, ctxOf(accountId)));
  } catch (error) {
    if (error instanceof FcuError) return { error: `${error.status} ${error.code} ${error.message}` };
    if (error instanceof OscError) return { error: `osc ${error.code} ${error.details}` };
    throw error;
  }
}

const out = (answer: { xml: string } | { error: string }) => ('xml' in answer ? answer.xml : answer.error);
const ids = (xml: string) => [...xml.matchAll(/<snapshotId>(snap-[0-9a-f]{8})<\/snapshotId>/g)].map((m) => m[1]!);

// Generous limits: this machine may be loaded (the AWS CLI alone takes seconds to start); nothing here is timed.
describe('an unpaged DescribeSnapshots in batches', { timeout: 60_000 }, () => {
  const f = (n: number, name: string, ...values: string[]): [string, string][] => [
    [`Filter.${n}.Name`, name],
    ...values.map((v, i): [string, string] => [`Filter.${n}.Value.${i + 1}`, v]),
  ];
  const cases: Record<string, [string, string][]> = {
    'no filter': [],
    'status completed': f(1, 'status', 'completed'),
    'status twice (AND)': [...f(1, 'status', 'completed', 'pending'), ...f(2, 'status', 'completed')],
    'tag:env=prod': f(1, 'tag:env', 'prod'),
    'tag:env AND tag:team (in memory)': [...f(1, 'tag:env', 'prod', 'dev'), ...f(2, 'tag:team', 'x<&>"')],
    'tag-key twice (in memory)': [...f(1, 'tag-key', 'env'), ...f(2, 'tag-key', 'team')],
    'tag-value twice (in memory)': [...f(1, 'tag-value', 'prod', 'dev'), ...f(2, 'tag-value', 'dev')],
    'tag key with = (in memory only)': f(1, 'tag:a=b', 'c'),
    'start-time, two values (in memory)': f(1, 'start-time', '2000-01-01', clock.now().toISOString().slice(0, 10)),
    'volume-size': f(1, 'volume-size', '10', '20', '100'),
    'Owner self': [['Owner.1', 'self']],
    'Owner partner': [['Owner.1', DEMO_PARTNER.accountId]],
    'RestorableBy all and self (in memory)': [['RestorableBy.1', 'all'], ['RestorableBy.2', 'self']],
    'RestorableBy all': [['RestorableBy.1', 'all']],
    'a filter that keeps nothing': f(1, 'tag:env', 'nowhere'),
    'unknown filter': f(1, 'colour', 'red'),
    'bad start-time': f(1, 'start-time', 'yesterday', 'today'),
  };

  it.each(Object.entries(cases))('%s: the same bytes as the answer built at once, for both accounts and several batch sizes', async (_, params) => {
    for (const account of [DEMO_OPERATOR.accountId, DEMO_PARTNER.accountId]) {
      const whole = await describeWith(null, params, account);
      for (const batch of [1, 3, 7, FCU_STREAM_BATCH]) {
        expect(out(await describeWith(batch, params, account)), `batch ${batch}, ${account}`).toBe(out(whole));
      }
    }
  });

  it('streams when there is more than one batch, one piece per batch, and not otherwise', async () => {
    const whole = await describeWith(null, [], DEMO_OPERATOR.accountId);
    const count = ids(out(whole)).length;
    expect(count).toBeGreaterThan(EXTRA);
    const streamed = await describeWith(7, [], DEMO_OPERATOR.accountId);
    expect(streamed).toMatchObject({ streamed: true, pieces: Math.ceil(count / 7) + 1 });
    expect(await describeWith(count, [], DEMO_OPERATOR.accountId)).toMatchObject({ streamed: false });
    // paged calls are answered at once, as before
    expect(await describeWith(7, [['MaxResults', '5']], DEMO_OPERATOR.accountId)).toMatchObject({ streamed: false });
  });

  it('SnapshotId.N: an ID that names nothing is an error before the first piece; one the filters leave out is not', async () => {
    const whole = await describeWith(null, [], DEMO_OPERATOR.accountId);
    const all = ids(out(whole));
    const byId = (list: string[]) => list.map((id, i): [string, string] => [`SnapshotId.${i + 1}`, id]);
    const cases: [string, string][][] = [
      byId(all),
      byId([...all.slice(0, 20), 'snap-00000000', ...all.slice(20), 'snap-11111111']),
      [...byId(all.slice(0, 30)), ['Filter.1.Name', 'tag:env'], ['Filter.1.Value.1', 'prod']],
      [...byId(all.slice(0, 30)), ['Filter.1.Name', 'tag:a=b'], ['Filter.1.Value.1', 'c']],
    ];
    for (const params of cases) {
      for (const account of [DEMO_OPERATOR.accountId, DEMO_PARTNER.accountId]) {
        const expected = await describeWith(null, params, account);
        for (const batch of [1, 4]) {
          const got = await describeWith(batch, params, account);
          expect(out(got)).toBe(out(expected));
        }
      }
    }
    expect(await describeWith(4, cases[1]!, DEMO_OPERATOR.accountId)).toMatchObject({ error: expect.stringContaining("'snap-00000000' does not exist") });
  });
});

describe('an unpaged DescribeSnapshots over HTTP', { timeout: 60_000 }, () => {
  let server: Server;
  let wholeServer: Server;
  let base = '';
  let wholeBase = '';
  let home = '';
  const BATCH = 2;

  const listen = async (streamBatch: number | null) => {
    const fcu = createFcuHttp({ backends, clock, secretFor: (key) => store.secretFor(key), lockout: new AuthLockout(), streamBatch });
    const s = createServer((req, res) => void fcu(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')));
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return { s, base: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
  };
  beforeAll(async () => {
    ({ s: server, base } = await listen(BATCH));
    ({ s: wholeServer, base: wholeBase } = await listen(null));
    home = mkdtempSync(join(tmpdir(), 'aws-home-'));
    writeFileSync(join(home, 'config'), '');
    writeFileSync(join(home, 'credentials'), '');
  });
  afterAll(async () => {
    await Promise.all([server, wholeServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    rmSync(home, { recursive: true, force: true });
  });

  function signed(at: string, params: [string, string][]) {
    const url = `${at}/fcu/`;
    const body = new URLSearchParams([['Action', 'DescribeSnapshots'], ['Version', '2016-11-15'], ...params]).toString();
    const headers = signRequest({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      accessKey: DEMO_OPERATOR.accessKey,
      secretKey: DEMO_OPERATOR.secretKey,
      region: 'eu-west-2',
      service: 'ec2',
      date: clock.now(),
    });
    return { url, headers, body };
  }

  const withoutRequestId = (xml: string) => xml.replace(/<requestId>[^<]*<\/requestId>/, '<requestId/>');

  async function describe(at: string, params: [string, string][] = []) {
    const { url, headers, body } = signed(at, params);
    const response = await fetch(url, { method: 'POST', headers, body });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** A raw request, so that the test sees the head, each chunk and the end as they come. */
  function open(params: [string, string][] = []) {
    const { url, headers, body } = signed(base, params);
    let text = '';
    let onFirst: () => void = () => {};
    const firstChunk = new Promise<void>((resolve) => (onFirst = resolve));
    const req = request(url, { method: 'POST', headers });
    const done = new Promise<{ status: number; text: string; ended: boolean }>((resolve) => {
      req.on('response', (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          onFirst();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, ended: true }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, text, ended: false }));
        res.on('close', () => resolve({ status: res.statusCode ?? 0, text, ended: res.complete }));
      });
      req.on('error', () => resolve({ status: 0, text, ended: false }));
    });
    req.end(body);
    return { req, done, firstChunk };
  }

  it('is chunked and has the same bytes as the answer built at once; a small answer keeps its length', async () => {
    for (const params of [[], [['Filter.1.Name', 'tag:env'], ['Filter.1.Value.1', 'prod'], ['Filter.2.Name', 'tag:a=b'], ['Filter.2.Value.1', 'c']]] as [string, string][][]) {
      const streamed = await describe(base, params);
      const whole = await describe(wholeBase, params);
      expect(streamed.status).toBe(200);
      expect(streamed.headers.get('transfer-encoding')).toBe('chunked');
      expect(streamed.headers.get('content-length')).toBeNull();
      expect(streamed.headers.get('content-type')).toBe(whole.headers.get('content-type'));
      expect(streamed.headers.get('cache-control')).toBe('no-store');
      expect(whole.headers.get('content-length')).toBe(String(Buffer.byteLength(whole.text)));
      expect(ids(streamed.text).length).toBeGreaterThan(BATCH);
      expect(withoutRequestId(streamed.text)).toBe(withoutRequestId(whole.text));
    }
    const one = await describe(base, [['Filter.1.Name', 'snapshot-id'], ['Filter.1.Value.1', ids((await describe(wholeBase)).text)[0]!]]);
    expect(one.headers.get('content-length')).toBe(String(Buffer.byteLength(one.text)));
  });

  it('answers an error found before the first byte in EC2 error XML, with its status', async () => {
    const all = ids((await describe(wholeBase)).text);
    const answer = await describe(base, [...all.slice(0, 10), 'snap-00000000'].map((id, i): [string, string] => [`SnapshotId.${i + 1}`, id]));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(answer.text)));
    expect(answer.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>InvalidSnapshot.NotFound<\/Code><Message>The snapshot &apos;snap-00000000&apos; does not exist.<\/Message>/);
  });

  it('cuts the connection when a batch fails after the first byte, and goes on serving', async () => {
    reads.length = 0;
    failAt = 3;
    try {
      const big = open();
      const answer = await big.done;
      expect(answer.status).toBe(200);
      expect(answer.ended).toBe(false);
      expect(answer.text).toContain('<snapshotSet><item>');
      expect(answer.text).not.toContain('</DescribeSnapshotsResponse>');
    } finally {
      failAt = undefined;
    }
    expect((await describe(base)).status).toBe(200);
  });

  it('serves other calls between the batches of two long reads, and the long reads stay whole', async () => {
    const whole = withoutRequestId((await describe(wholeBase)).text);
    const pages = Math.ceil(ids(whole).length / BATCH);
    reads.length = 0;
    const big = [open(), open()];
    await Promise.all(big.map((b) => b.firstChunk));
    const small = await describe(base, [['SnapshotId.1', ids(whole)[0]!]]);
    expect(small.status).toBe(200);
    const smallAt = kinds().indexOf('small');
    const answers = await Promise.all(big.map((b) => b.done));
    for (const answer of answers) expect(withoutRequestId(answer.text)).toBe(whole);
    expect(kinds().filter((k) => k === 'big')).toHaveLength(2 * pages);
    // the small call was answered while both long reads were between batches: batches of each came after it
    const requests = [...new Set(reads.filter((r) => r.kind === 'big').map((r) => r.requestId))];
    expect(requests).toHaveLength(2);
    for (const id of requests) {
      expect(reads.findIndex((r) => r.requestId === id)).toBeLessThan(smallAt);
      expect(reads.findLastIndex((r) => r.requestId === id)).toBeGreaterThan(smallAt);
    }
    // the long reads took turns: while both were running, neither read two batches in a row
    const from = Math.max(...requests.map((id) => reads.findIndex((r) => r.requestId === id)));
    const to = Math.min(...requests.map((id) => reads.findLastIndex((r) => r.requestId === id)));
    const both = reads.slice(from, to + 1).filter((r) => r.kind === 'big').map((r) => r.requestId);
    expect(both.length).toBeGreaterThan(pages / 2);
    for (let i = 1; i < both.length; i++) expect(both[i], `read ${from + i}`).not.toBe(both[i - 1]);
  });

  it('stops reading when the client goes away', async () => {
    const pages = Math.ceil(ids((await describe(wholeBase)).text).length / BATCH);
    reads.length = 0;
    const big = open();
    await big.firstChunk;
    big.req.destroy();
    await big.done;
    // later calls are answered, and the abandoned read stopped well before its last batch
    for (let i = 0; i < 5; i++) expect((await describe(base, [['MaxResults', '5']])).status).toBe(200);
    expect(kinds().filter((k) => k === 'big').length).toBeLessThan(pages);
  });

  it('is parsed by the real AWS CLI', async () => {
    const AWS = process.env.AWS_CLI_PATH ?? '/usr/bin/aws';
    if (!existsSync(AWS)) throw new Error(`${AWS} is missing: install Debian's awscli (npm test does it via scripts/bootstrap.mjs)`);
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        AWS,
        ['ec2', 'describe-snapshots', '--endpoint-url', `${base}/fcu/`, '--no-paginate', '--output', 'json'],
        {
          env: {
            PATH: process.env.PATH,
            HOME: home,
            AWS_ACCESS_KEY_ID: DEMO_OPERATOR.accessKey,
            AWS_SECRET_ACCESS_KEY: DEMO_OPERATOR.secretKey,
            AWS_DEFAULT_REGION: 'eu-west-2',
            AWS_CONFIG_FILE: join(home, 'config'),
            AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_PAGER: '',
          },
          timeout: 90_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const listed = (JSON.parse(run.stdout) as { Snapshots: { SnapshotId: string }[] }).Snapshots.map((s) => s.SnapshotId);
    expect(listed).toEqual(ids((await describe(wholeBase)).text));
    expect(listed.length).toBeGreaterThan(BATCH * 10);
  });
});
