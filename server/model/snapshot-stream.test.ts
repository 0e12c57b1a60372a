/**
 * The unpaged ReadSnapshots of the HTTP face: JSON built by SQLite, read in keyset batches. It must answer
 * exactly what the ReadSnapshots handler answers, for every filter and every kind of snapshot.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/api/schemas';
import { createApp } from '../app';
import { ManualClock } from '../osc/clock';
import type { ActionOutput } from '../osc/context';
import { OscError } from '../osc/errors';
import { signRequest } from '../osc/sigv4';
import { StreamedAnswer, writeStreamed } from '../osc/streamed';
import { DEMO_OPERATOR, seedDemo } from './seed';
import { streamSnapshots, STREAM_BATCH } from './snapshot-stream';
import { openStore, type Store } from './store';
import { OPERATOR, PARTNER, setup } from '../test-kit';

type Kit = ReturnType<typeof setup>;

async function streamed(kit: Kit, body: object, accountId: string = OPERATOR, batch = 3): Promise<Snapshot[]> {
  const answer = streamSnapshots(kit.store, body, { accountId, requestId: 'test', now: kit.clock.now() }, batch);
  if (!answer) throw new Error('not streamed');
  let text = answer.whole ?? '';
  if (answer.whole === undefined) for await (const piece of answer.pieces) text += piece;
  return (JSON.parse(`{${text}}`) as { Snapshots: Snapshot[] }).Snapshots;
}

function handled(kit: Kit, body: object, accountId: string = OPERATOR): Snapshot[] {
  return (kit.call('ReadSnapshots', body, accountId) as ActionOutput<'ReadSnapshots'>).Snapshots ?? [];
}

/** Snapshots of every shape: tokens, imports without a volume, shares, public, odd text, many tags, no alias. */
function variedKit(): Kit {
  const kit = setup({ speed: 1 });
  const source = handled(kit, { Filters: { States: ['completed'], AccountIds: [OPERATOR] } })[0]!;
  const copy = kit.call('CreateSnapshot', {
    SourceSnapshotId: source.SnapshotId,
    SourceRegionName: 'eu-west-2',
    ClientToken: 'token "quoted" \\ é',
    Description: 'Copy with "quotes", a back\\slash, tab\tand line\nbreaks, é, 日本, 🚀',
  }).Snapshot!;
  kit.call('CreateTags', {
    ResourceIds: [copy.SnapshotId],
    Tags: [
      { Key: 'zeta', Value: 'last' },
      { Key: 'Alpha', Value: '"q" \\ 🚀' },
      { Key: 'beta', Value: '' },
    ],
  });
  kit.call('UpdateSnapshot', {
    SnapshotId: copy.SnapshotId,
    PermissionsToCreateVolume: { Additions: { AccountIds: ['999999999999', PARTNER, '000000000001'] } },
  });
  kit.call('UpdateSnapshot', { SnapshotId: source.SnapshotId, PermissionsToCreateVolume: { Additions: { GlobalPermission: true } } });
  kit.call('CreateSnapshot', { FileLocation: kit.oos.stage('import.snap', 3 * 2 ** 30), SnapshotSize: 3 * 2 ** 30, Description: 'imported' });
  const deleted = handled(kit, { Filters: { States: ['error'], AccountIds: [OPERATOR] } })[0];
  if (deleted) kit.call('DeleteSnapshot', { SnapshotId: deleted.SnapshotId });
  // An account without an alias: its snapshots carry no AccountAlias.
  kit.store.addAccount({
    account_id: '123456789012', alias: null, email: 'x@example.com', first_name: null, last_name: null, company: null,
    city: null, country: null, zip: null, customer_id: '1', region: 'eu-west-2', access_key: 'NOALIASAK00000000003',
    secret_key: 'NOALIASSECRET', role: 'other', position: 9,
  });
  kit.store.db
    .prepare(`INSERT INTO snapshots (snapshot_id, account_id, volume_id, volume_size, description, created_at, queue_ms, run_ms,
      outcome, global_permission, origin) VALUES ('snap-0a1a5000', '123456789012', '', 1, '', ?, 0, 1, 'completed', 1, 'volume')`)
    .run(kit.clock.now().getTime() - 1000);
  return kit;
}

describe('unpaged ReadSnapshots in batches, JSON from SQLite', () => {
  const kit = variedKit();

  it.each([
    ['the operator', OPERATOR],
    ['the partner', PARTNER],
  ])('answers %s exactly what the handler answers, at every moment of the copies', async (_who, account) => {
    for (const step of [0, 1_500, 4_000, 30_000, 3_600_000]) {
      kit.clock.advance(step);
      const expected = handled(kit, {}, account);
      expect(expected.length).toBeGreaterThan(3);
      expect(await streamed(kit, {}, account)).toEqual(expected);
      expect(await streamed(kit, {}, account, 1)).toEqual(expected);
      expect(await streamed(kit, {}, account, 10_000)).toEqual(expected);
    }
  });

  it('covers the shapes it claims to: no alias, no VolumeId, token, shares in order, tags by key, odd text', async () => {
    const all = await streamed(kit, {});
    expect(all.some((s) => s.AccountAlias === undefined && s.AccountId === '123456789012')).toBe(true);
    expect(all.some((s) => s.VolumeId === undefined)).toBe(true);
    const copy = all.find((s) => s.ClientToken === 'token "quoted" \\ é')!;
    expect(copy.Description).toContain('🚀');
    expect(copy.Tags.map((t) => t.Key)).toEqual(['Alpha', 'beta', 'zeta']);
    expect(copy.PermissionsToCreateVolume.AccountIds).toEqual(['000000000001', PARTNER, '999999999999']);
    expect(all.some((s) => s.PermissionsToCreateVolume.GlobalPermission)).toBe(true);
  });

  it.each([
    ['SnapshotIds', (s: Snapshot[]) => ({ SnapshotIds: s.slice(2, 9).map((x) => x.SnapshotId) })],
    ['AccountIds', () => ({ AccountIds: [PARTNER, '123456789012'] })],
    ['AccountAliases', () => ({ AccountAliases: ['demo-operator'] })],
    ['States', () => ({ States: ['pending', 'in-queue', 'deleting'] })],
    ['Tags, TagKeys, TagValues', () => ({ Tags: ['env=prod', 'Alpha'], TagKeys: ['env', 'Alpha'], TagValues: ['prod', '"q" \\ 🚀'] })],
    ['ClientTokens', () => ({ ClientTokens: ['token "quoted" \\ é'] })],
    ['VolumeSizes and dates', (s: Snapshot[]) => ({ VolumeSizes: [...new Set(s.map((x) => x.VolumeSize))].slice(0, 3), FromCreationDate: s[4]!.CreationDate })],
    ['PermissionsToCreateVolume', () => ({ PermissionsToCreateVolumeAccountIds: [PARTNER], PermissionsToCreateVolumeGlobalPermission: false })],
    ['nothing matches', () => ({ SnapshotIds: ['snap-00000000'] })],
  ])('filters by %s as the handler does', async (_name, make) => {
    const filters = make(handled(kit, {}));
    expect(await streamed(kit, { Filters: filters }, OPERATOR, 2)).toEqual(handled(kit, { Filters: filters }));
  });

  it('pages as the handler does: same snapshots, same NextPageToken, and each accepts tokens made by the other', async () => {
    const filters = { States: ['completed', 'pending', 'in-queue', 'error', 'deleting'] };
    let token: string | undefined;
    let pages = 0;
    do {
      const body = { Filters: filters, ResultsPerPage: 4, ...(token ? { NextPageToken: token } : {}) };
      const answer = streamSnapshots(kit.store, body, { accountId: OPERATOR, requestId: 'r', now: kit.clock.now() })!;
      const page = JSON.parse(`{${answer.whole!}}`) as ActionOutput<'ReadSnapshots'>;
      expect(page).toEqual(kit.call('ReadSnapshots', body));
      token = page.NextPageToken;
      pages += 1;
    } while (token);
    expect(pages).toBe(Math.ceil(handled(kit, { Filters: filters }).length / 4));
    const foreign = { ResultsPerPage: 4, NextPageToken: (kit.call('ReadSnapshots', { ResultsPerPage: 4 }) as ActionOutput<'ReadSnapshots'>).NextPageToken };
    expect(() => streamSnapshots(kit.store, { ...foreign, Filters: filters }, { accountId: OPERATOR, requestId: 'r', now: kit.clock.now() })).toThrow(OscError);
  });

  it('leaves DryRun, anonymous calls and a token without ResultsPerPage to the handler', () => {
    const ctx = { accountId: OPERATOR, requestId: 'r', now: kit.clock.now() };
    expect(streamSnapshots(kit.store, { NextPageToken: 'AAAA' }, ctx)).toBeUndefined();
    expect(streamSnapshots(kit.store, { DryRun: true }, ctx)).toBeUndefined();
    expect(streamSnapshots(kit.store, {}, { ...ctx, accountId: null })).toBeUndefined();
    expect(streamSnapshots(kit.store, {}, ctx)).toBeInstanceOf(StreamedAnswer);
  });

  it('refuses a bad filter before sending anything', () => {
    const ctx = { accountId: OPERATOR, requestId: 'r', now: kit.clock.now() };
    expect(() => streamSnapshots(kit.store, { Filters: { FromCreationDate: 'not a date' } }, ctx)).toThrow(OscError);
  });

  it('sends a small answer at once and a long one in pieces, each snapshot once, in order', async () => {
    const ctx = { accountId: OPERATOR, requestId: 'r', now: kit.clock.now() };
    const all = handled(kit, {});
    expect(streamSnapshots(kit.store, {}, ctx, all.length)?.whole).toBeDefined();
    const long = streamSnapshots(kit.store, {}, ctx, 4)!;
    expect(long.whole).toBeUndefined();
    const pieces: string[] = [];
    for await (const piece of long.pieces) pieces.push(piece);
    expect(pieces.length).toBe(Math.ceil(all.length / 4) + 1);
    const ids = (JSON.parse(`{${pieces.join('')}}`) as { Snapshots: Snapshot[] }).Snapshots.map((s) => s.SnapshotId);
    expect(ids).toEqual(all.map((s) => s.SnapshotId));
  });

  it('between batches: State is the one at arrival; a snapshot created meanwhile is listed at the end', async () => {
    const k = setup();
    const ctx = { accountId: OPERATOR, requestId: 'r', now: k.clock.now() };
    const before = handled(k, {});
    const answer = streamSnapshots(k.store, {}, ctx, 5)!;
    const iterator = answer.pieces[Symbol.asyncIterator]();
    let text = (await iterator.next()).value as string;
    k.clock.advance(3_600_000);
    const source = before.find((s) => s.State === 'completed' && s.AccountId === OPERATOR)!;
    const made = k.call('CreateSnapshot', { SourceSnapshotId: source.SnapshotId, SourceRegionName: 'eu-west-2' }).Snapshot!;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) text += next.value;
    const listed = (JSON.parse(`{${text}}`) as { Snapshots: Snapshot[] }).Snapshots;
    expect(listed.slice(0, before.length)).toEqual(before);
    expect(listed.at(-1)?.SnapshotId).toBe(made.SnapshotId);
  });
});

describe('writeStreamed', () => {
  async function serve(answer: () => StreamedAnswer): Promise<{ server: Server; port: number; errors: unknown[] }> {
    const errors: unknown[] = [];
    const server = createServer((_req, res) => {
      writeStreamed(res, 200, { 'content-type': 'application/json' }, answer(), { RequestId: 'r' }).catch((error: unknown) => {
        errors.push(error);
        if (!res.headersSent) {
          res.writeHead(400);
          res.end('refused');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port, errors };
  }

  function get(port: number): Promise<{ status: number; headers: Record<string, unknown>; body: string; cut: boolean }> {
    return new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, cut: false }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, cut: true }));
      });
      req.on('error', () => resolve({ status: 0, headers: {}, body: '', cut: true }));
      req.end();
    });
  }

  it('writes the pieces, then ResponseContext; a whole answer with its length', async () => {
    async function* pieces() {
      yield '"Items":[1';
      yield ',2';
      yield ']';
    }
    const chunked = await serve(() => new StreamedAnswer(pieces()));
    const whole = await serve(() => StreamedAnswer.of('"Items":[]'));
    try {
      const a = await get(chunked.port);
      expect(JSON.parse(a.body)).toEqual({ Items: [1, 2], ResponseContext: { RequestId: 'r' } });
      expect(a.headers['transfer-encoding']).toBe('chunked');
      const b = await get(whole.port);
      expect(JSON.parse(b.body)).toEqual({ Items: [], ResponseContext: { RequestId: 'r' } });
      expect(b.headers['content-length']).toBe(String(Buffer.byteLength(b.body)));
    } finally {
      chunked.server.close();
      whole.server.close();
    }
  });

  it('answers an error raised before the first piece, and cuts the connection after it', async () => {
    // eslint-disable-next-line require-yield -- a model that fails before its first piece
    async function* failsFirst(): AsyncGenerator<string> {
      throw new Error('before');
    }
    async function* failsLater() {
      yield '"Items":[1';
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('after');
    }
    const early = await serve(() => new StreamedAnswer(failsFirst()));
    const late = await serve(() => new StreamedAnswer(failsLater()));
    try {
      expect(await get(early.port)).toMatchObject({ status: 400, body: 'refused', cut: false });
      const cut = await get(late.port);
      expect(cut.cut).toBe(true);
      expect(() => JSON.parse(cut.body) as unknown).toThrow();
      expect(late.errors).toHaveLength(1);
    } finally {
      early.server.close();
      late.server.close();
    }
  });
});

describe('over HTTP', () => {
  let server: Server;
  let store: Store;
  let port = 0;
  const clock = new ManualClock(new Date());
  const extra = STREAM_BATCH * 2 + 37;

  beforeAll(async () => {
    store = openStore(':memory:');
    seedDemo(store, clock.now(), { extraSnapshots: extra });
    server = createServer(createApp({ store, clock }).listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    store.close();
  });

  function signed(body: object) {
    const text = JSON.stringify(body);
    const headers = signRequest({
      method: 'POST',
      url: `http://127.0.0.1:${port}/api/v1/ReadSnapshots`,
      headers: { 'content-type': 'application/json' },
      body: text,
      accessKey: DEMO_OPERATOR.accessKey,
      secretKey: DEMO_OPERATOR.secretKey,
      region: DEMO_OPERATOR.region,
      service: 'api',
      date: clock.now(),
    });
    return { headers, text };
  }

  async function call(body: object) {
    const { headers, text } = signed(body);
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/ReadSnapshots`, { method: 'POST', headers, body: text });
    return { response, json: (await response.json()) as { Snapshots: Snapshot[]; ResponseContext: { RequestId: string } } };
  }

  it('streams a read longer than one batch, with the same snapshots as the pages give', async () => {
    const { response, json } = await call({});
    expect(response.status).toBe(200);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(json.ResponseContext.RequestId).toBe(response.headers.get('x-request-id'));
    const paged: Snapshot[] = [];
    let token: string | undefined;
    do {
      const page = (await call({ ResultsPerPage: 1000, ...(token ? { NextPageToken: token } : {}) })).json as { Snapshots: Snapshot[]; NextPageToken?: string };
      paged.push(...page.Snapshots);
      token = page.NextPageToken;
    } while (token);
    expect(json.Snapshots.length).toBeGreaterThan(extra);
    expect(json.Snapshots).toEqual(paged);
  });

  it('sends a read by IDs at once, with its length', async () => {
    const { response, json } = await call({ Filters: { SnapshotIds: ['snap-00000000'] } });
    expect(response.headers.get('content-length')).not.toBeNull();
    expect(json.Snapshots).toEqual([]);
  });

  it('keeps serving when a client goes away in the middle of a long answer', async () => {
    const { headers, text } = signed({});
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/ReadSnapshots', headers }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => resolve());
      req.end(text);
    });
    const { response, json } = await call({});
    expect(response.status).toBe(200);
    expect(json.Snapshots.length).toBeGreaterThan(extra);
  });
});
