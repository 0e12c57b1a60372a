/**
 * A bulk copy resumed after a reload (bulk-resume.ts), against the real sandbox in this process (createApp on
 * node:http) and the real signed client: what the check finds by ClientToken, what it leaves to the review, the
 * resend that OUTSCALE refuses as IdempotentParameterMismatch, and the tag choices read back from a copy.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app';
import { DEMO_OPERATOR, seedDemo } from '../../../server/model/seed';
import { openStore, type Store } from '../../../server/model/store';
import { systemClock } from '../../../server/osc/clock';
import { createOscClient, type OscClient } from '../../api/client';
import { isOscApiError } from '../../api/errors';
import type { Snapshot } from '../../api/schemas';
import { createBulkQueue, type QueueStorage } from '../../lib/bulk-queue';
import { copyRequest, type CopyOptions, type CopyRequest } from './bulk-logic';
import { checkTokens, choicesFrom, readByTokens, sendCopy } from './bulk-resume';

const ME = DEMO_OPERATOR.accountId;
let store: Store;
let server: Server;
let client: OscClient;
let sources: Snapshot[];
const run = `t${Date.now().toString(36)}`;
const options: CopyOptions = { template: 'resume-test {id}', provenance: true, sourceTags: false, tags: [{ Key: 'team', Value: 'blue' }], region: DEMO_OPERATOR.region, at: '2026-11-26T10:00:00.000Z' };
const request = (n: number, token: string, more: Partial<CopyOptions> = {}) => copyRequest(sources[n]!, { ...options, ...more }, token);
const byToken = async (token: string) => (await client.call('ReadSnapshots', { Filters: { ClientTokens: [token] } })).Snapshots;

beforeAll(async () => {
  store = openStore(':memory:');
  seedDemo(store, new Date(), { extraSnapshots: 12 });
  server = createServer(createApp({ store, clock: systemClock, model: { speed: 50 } }).listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = createOscClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: DEMO_OPERATOR.region, accessKey: DEMO_OPERATOR.accessKey, secretKey: DEMO_OPERATOR.secretKey });
  const own = (await client.call('ReadSnapshots', { Filters: { AccountIds: [ME], States: ['completed'] }, ResultsPerPage: 1000 })).Snapshots;
  sources = own.filter((s) => s.Tags.length === 0 || !s.Tags.some((t) => t.Key === 'Name' && t.Value.includes('OMI'))).slice(0, 10);
  expect(sources).toHaveLength(10);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  store.close();
});

describe('bulk copy resumed after a reload', () => {
  it('reads by ClientTokens in batches of 500 and finds only what those tokens made', async () => {
    const made = await sendCopy(client, ME, { kind: 'copy', source: sources[0]!.SnapshotId, clientToken: `${run}-read`, request: request(0, `${run}-read`) });
    const noise = Array.from({ length: 1_100 }, (_, i) => `${run}-none-${i}`);
    const found = await readByTokens(client, ME, [...noise.slice(0, 700), `${run}-read`, ...noise.slice(700)]);
    expect(found.map((s) => s.SnapshotId)).toEqual([made.snapshotId]);
  });

  it('confirms what the unconfirmed tokens made, leaves the never-made ones to the review, and finds the copies without tags', async () => {
    const t = (n: number) => `${run}-plan-${n}`;
    // Before the reload: 0 and 1 confirmed (tagged); 2 and 3 made but unconfirmed and untagged (the page went away
    // between CreateSnapshot and CreateTags); 4 and 5 never sent.
    const ids: string[] = [];
    for (const n of [0, 1]) ids.push((await sendCopy(client, ME, { kind: 'copy', source: sources[n]!.SnapshotId, clientToken: t(n), request: request(n, t(n)) })).snapshotId!);
    const untagged: string[] = [];
    for (const n of [2, 3]) {
      const { Tags: _tags, ...create } = request(n, t(n));
      untagged.push((await client.call('CreateSnapshot', create)).Snapshot!.SnapshotId);
    }
    const stored = JSON.stringify({ v: 2, items: [0, 1, 2, 3, 4, 5].map((n) => ({ k: 'copy', s: sources[n]!.SnapshotId, t: t(n), st: n < 2 ? 'created' : n < 4 ? 'sending' : 'queued', ...(n < 2 ? { id: ids[n] } : {}) })) });
    let value: string | null = stored;
    const storage: QueueStorage = { load: () => value, save: (next) => void (value = next) };
    const queue = createBulkQueue<CopyRequest>({ send: (item) => sendCopy(client, ME, item), storage });
    queue.start();
    expect(queue.getSnapshot()).toMatchObject({ restored: true, awaiting: 4, counts: { created: 2, queued: 4 } });

    const plan = await checkTokens(client, ME, queue);
    expect(plan.resend).toEqual([4, 5].map((n) => ({ clientToken: t(n), source: sources[n]!.SnapshotId })));
    expect(plan.untagged.map((u) => u.snapshot.SnapshotId)).toEqual(untagged);
    expect(plan.found.map((f) => [f.source, f.snapshot.SnapshotId])).toEqual([2, 3].map((n, i) => [sources[n]!.SnapshotId, untagged[i]]));
    expect(plan.example).toEqual({ snapshotId: ids[0], source: sources[0]!.SnapshotId });
    const view = queue.getSnapshot();
    expect(view).toMatchObject({ awaiting: 2, counts: { created: 4, queued: 2 } });
    expect(view.items.find((i) => i.clientToken === t(2))).toMatchObject({ status: 'created', snapshotId: untagged[0] });
    // Every created item now has its CreationDate (its source's throttle window), read from OUTSCALE.
    expect(view.items.filter((i) => i.status === 'created').every((i) => typeof i.createdAt === 'number' && !Number.isNaN(i.createdAt))).toBe(true);

    // The review gives the rest their request (same tokens); the queue sends them: one snapshot per token.
    queue.supply(new Map(plan.resend.map((r, i) => [r.clientToken, request(4 + i, r.clientToken)])));
    queue.resume();
    await expect.poll(() => queue.getSnapshot().state, { timeout: 10_000 }).toBe('done');
    for (let n = 0; n < 6; n++) expect(await byToken(t(n))).toHaveLength(1);
    expect(value).toBeNull();
  });

  it('takes a resend refused because its token made a snapshot with another request: that snapshot, tagged, no duplicate', async () => {
    const token = `${run}-race`;
    const { Tags: _tags, ...before } = request(6, token, { template: 'made before the reload {id}' });
    const first = (await client.call('CreateSnapshot', before)).Snapshot!;
    // What the sandbox answers to the same token with another description.
    const again = request(6, token);
    const refused = await client.call('CreateSnapshot', (({ Tags: _t, ...rest }) => rest)(again)).then(() => undefined, (error: unknown) => error);
    expect(isOscApiError(refused) && { status: refused.status, code: refused.code, type: refused.type }).toEqual({ status: 409, code: '9004', type: 'ResourceConflict' });

    const result = await sendCopy(client, ME, { kind: 'copy', source: sources[6]!.SnapshotId, clientToken: token, request: again });
    expect(result.snapshotId).toBe(first.SnapshotId);
    const [copy, ...more] = await byToken(token);
    expect(more).toEqual([]);
    expect(copy!.Tags).toContainEqual({ Key: 'team', Value: 'blue' });
    expect(copy!.Tags).toContainEqual({ Key: 'copied-from', Value: sources[6]!.SnapshotId });
  });

  it('a resend of the same request with its token returns the copy, and only adds the tags it lacks', async () => {
    const token = `${run}-same`;
    const first = await sendCopy(client, ME, { kind: 'copy', source: sources[7]!.SnapshotId, clientToken: token, request: request(7, token) });
    const second = await sendCopy(client, ME, { kind: 'copy', source: sources[7]!.SnapshotId, clientToken: token, request: request(7, token, { at: '2026-11-26T11:00:00.000Z' }) });
    expect(second.snapshotId).toBe(first.snapshotId);
    const [copy, ...more] = await byToken(token);
    expect(more).toEqual([]);
    expect(copy!.Tags.find((t) => t.Key === 'copied-at')?.Value).toBe(options.at);
  });

  it('reads the tag choices back from a copy of the batch', async () => {
    const source = { ...sources[8]!, Tags: [{ Key: 'app', Value: 'shop' }, { Key: 'Name', Value: 'db' }] };
    const copy = { ...sources[8]!, Tags: copyRequest(source, { ...options, sourceTags: true }, 'x').Tags };
    expect(choicesFrom(copy, source)).toEqual({ provenance: true, sourceTags: true, tagText: 'team=blue' });
    const plain = { ...sources[8]!, Tags: copyRequest(source, { ...options, provenance: false, tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '' }] }, 'x').Tags };
    expect(choicesFrom(plain, source)).toEqual({ provenance: false, sourceTags: false, tagText: 'a=1\nb=' });
    // The source gone: everything that is not provenance is the operator's own.
    expect(choicesFrom(copy, undefined)).toEqual({ provenance: true, sourceTags: false, tagText: 'app=shop\nName=db\nteam=blue' });
  });
});
