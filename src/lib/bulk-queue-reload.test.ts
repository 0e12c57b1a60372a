/**
 * The bulk queue across a reload: what its storage is given (IDs and tokens only), how a restored queue waits for
 * its requests, takes what OUTSCALE says its tokens made, and counts those creations in their source's window.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OscApiError } from '../api/errors';
import { createBulkQueue, type BulkItem, type QueueStorage } from './bulk-queue';
import { clock, fakeCloud, items, memoryStorage, T0 } from './bulk-queue-fakes';

beforeEach(() => vi.useFakeTimers({ now: T0 }));
afterEach(() => vi.useRealTimers());
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('bulk queue across a reload', () => {
  it('survives a reload mid-queue: restored paused without requests; what the tokens made is confirmed, the rest sent again with their tokens', async () => {
    const cloud = fakeCloud({ latencyMs: 100, throttle: { max: 5, windowMs: 60_000 } });
    const storage = memoryStorage();
    const first = createBulkQueue({ send: cloud.send, items: items(30, 6), maxInFlight: 3, clock, storage });
    first.start();
    await advance(250);
    // The page goes away with 3 calls on the wire: the cloud still makes those snapshots, nobody hears the answers.
    first.dispose();
    const saved = JSON.parse(storage.value!) as { items: { t: string; st: string; id?: string }[] };
    expect(saved.items.filter((i) => i.st === 'sending').map((i) => i.t)).toEqual(['tok-6', 'tok-7', 'tok-8']);
    await advance(1_000);
    expect(cloud.made()).toBe(9);

    const second = createBulkQueue({ send: cloud.send, clock, storage });
    second.start();
    expect(second.getSnapshot()).toMatchObject({ state: 'paused', restored: true, awaiting: 24, counts: { created: 6, queued: 24 } });
    expect(second.getSnapshot().items.every((i) => i.request === undefined)).toBe(true);
    expect(first.getSnapshot().restored).toBe(false);
    // Resumed without requests: nothing can be sent, it pauses again and waits for them.
    second.resume();
    await advance(1_000);
    expect(cloud.calls).toHaveLength(9);
    expect(second.getSnapshot()).toMatchObject({ state: 'paused', restored: false, awaiting: 24 });

    // The app's check (ReadSnapshots by ClientTokens) finds the three made after the page went away.
    const unconfirmed = second.getSnapshot().items.filter((i) => i.status === 'queued').map((i) => i.clientToken);
    second.confirm(unconfirmed.flatMap((t) => (cloud.byToken.has(t) ? [{ clientToken: t, snapshotId: cloud.byToken.get(t)!, createdAt: T0 + 300 }] : [])));
    expect(second.getSnapshot()).toMatchObject({ awaiting: 21, counts: { created: 9, queued: 21 } });
    // The operator gives the rest their requests again (same tokens).
    const again = items(30, 6).filter((i) => second.getSnapshot().items.some((v) => v.clientToken === i.clientToken && v.status === 'queued'));
    second.supply(new Map(again.map((i) => [i.clientToken, i.request])));
    expect(second.getSnapshot().awaiting).toBe(0);
    second.resume();
    await advance(10 * 60_000);
    expect(second.getSnapshot()).toMatchObject({ state: 'done', counts: { created: 30 } });
    expect(cloud.made()).toBe(30);
    // Nothing the check found was sent again.
    expect(cloud.calls.filter((c) => ['tok-6', 'tok-7', 'tok-8'].includes(c.token))).toHaveLength(3);
    expect(new Set(second.report().created.map((c) => c.snapshotId)).size).toBe(30);
    for (const c of second.report().created) expect(cloud.byToken.get(c.clientToken)).toBe(c.snapshotId);
    expect(storage.value).toBeNull();
  });

  it('stores IDs and tokens only: kind, source, ClientToken, status, snapshot ID, error code (queued, sending, created and failed items)', async () => {
    type Req = { n: number; Description: string; Tags: { Key: string; Value: string }[] };
    const secret = { Description: 'DESCRIPTION-TEXT-a1', Tags: [{ Key: 'TAG-KEY-b2', Value: 'TAG-VALUE-c3' }] };
    const cloud = fakeCloud({ latencyMs: 100, fault: (item) => (item.clientToken === 'tok-0' ? new OscApiError({ kind: 'api', action: 'CreateSnapshot', status: 400, errors: [{ Code: '4045', Type: 'InvalidParameterValue', Details: 'refused DESCRIPTION-TEXT-a1' }] }) : undefined) });
    const given: (string | null)[] = [];
    const storage: QueueStorage = { load: () => given.at(-1) ?? null, save: (value) => void given.push(value) };
    const batch = items(6, 6).map((i): BulkItem<Req> => ({ ...i, request: { ...i.request, ...secret } }));
    const queue = createBulkQueue<Req>({ send: cloud.send, items: batch, maxInFlight: 2, clock, storage });
    queue.start();
    await advance(150);
    const last = JSON.parse(given.at(-1)!) as { v: number; items: Record<string, unknown>[] };
    expect(new Set(last.items.map((i) => i.st))).toEqual(new Set(['failed', 'created', 'sending', 'queued']));
    expect(last.items).toEqual([
      { k: 'copy', s: 'snap-00000000', t: 'tok-0', st: 'failed', e: '4045' },
      { k: 'copy', s: 'snap-00000001', t: 'tok-1', st: 'created', id: 'snap-00000000' },
      { k: 'copy', s: 'snap-00000002', t: 'tok-2', st: 'sending' },
      { k: 'copy', s: 'snap-00000003', t: 'tok-3', st: 'sending' },
      { k: 'copy', s: 'snap-00000004', t: 'tok-4', st: 'queued' },
      { k: 'copy', s: 'snap-00000005', t: 'tok-5', st: 'queued' },
    ]);
    await advance(5_000);
    expect(given.at(-1)).toBeNull();
    // Every value the adapter was given, from the first to the last: these keys, these shapes, no text of a request.
    const values = given.filter((value): value is string => value !== null);
    expect(values.length).toBeGreaterThan(4);
    for (const value of values) {
      expect(value).not.toMatch(/DESCRIPTION-TEXT|TAG-KEY|TAG-VALUE|refused/);
      const parsed = JSON.parse(value) as { v: number; items: Record<string, unknown>[] };
      expect(Object.keys(parsed).sort()).toEqual(['items', 'v']);
      expect(parsed.v).toBe(2);
      for (const item of parsed.items) {
        for (const key of Object.keys(item)) expect(['k', 's', 't', 'st', 'id', 'e']).toContain(key);
        expect(item).toMatchObject({ k: 'copy', s: expect.stringMatching(/^snap-[0-9a-f]{8}$/), t: expect.stringMatching(/^tok-\d$/), st: expect.stringMatching(/^(queued|sending|created|failed|not-sent)$/) });
        if ('id' in item) expect(item.id).toMatch(/^snap-[0-9a-f]{8}$/);
        if ('e' in item) expect(item.e).toMatch(/^\d+$/);
      }
    }
  });

  it('reads a version 1 value (which kept requests) as IDs and tokens, and writes it back without them', () => {
    const storage = memoryStorage();
    storage.value = JSON.stringify({ v: 1, items: [
      { k: 'copy', s: 'snap-00000001', t: 'tok-1', st: 'created', id: 'snap-0000000a', at: T0 },
      { k: 'copy', s: 'snap-00000002', t: 'tok-2', st: 'queued', r: { Description: 'old text' } },
      { k: 'copy', s: 'snap-00000003', t: 'tok-3', st: 'failed', e: { status: 400, code: '4045', reason: 'old reason' } },
    ] });
    const queue = createBulkQueue({ send: fakeCloud().send, clock, storage });
    queue.start();
    expect(queue.getSnapshot()).toMatchObject({ state: 'paused', restored: true, awaiting: 1, counts: { created: 1, queued: 1, failed: 1 } });
    expect(queue.report().failed).toEqual([{ clientToken: 'tok-3', source: 'snap-00000003', code: '4045', reason: '' }]);
    expect(storage.value).not.toMatch(/old text|old reason|"at"|"r"/);
    expect(JSON.parse(storage.value!)).toMatchObject({ v: 2, items: [{ t: 'tok-1', id: 'snap-0000000a' }, { t: 'tok-2', st: 'queued' }, { t: 'tok-3', e: '4045' }] });
  });

  it('fails, with why, restored items the review refuses; retried after a reload, failed items wait for their request', async () => {
    const cloud = fakeCloud();
    const storage = memoryStorage();
    storage.value = JSON.stringify({ v: 2, items: [
      { k: 'copy', s: 'snap-00000001', t: 'tok-1', st: 'queued' },
      { k: 'copy', s: 'snap-00000002', t: 'tok-2', st: 'queued' },
    ] });
    const queue = createBulkQueue({ send: cloud.send, clock, storage });
    queue.start();
    queue.fail(['tok-2'], 'NotCopyable', 'snap-00000002 is not visible to this account.');
    queue.supply(new Map([['tok-1', { n: 1 }]]));
    queue.resume();
    await advance(1_000);
    expect(queue.getSnapshot()).toMatchObject({ state: 'done', awaiting: 0, counts: { created: 1, failed: 1 } });
    expect(queue.report().failed).toEqual([{ clientToken: 'tok-2', source: 'snap-00000002', code: 'NotCopyable', reason: 'snap-00000002 is not visible to this account.' }]);
    queue.retryFailed();
    await advance(1_000);
    expect(queue.getSnapshot()).toMatchObject({ state: 'paused', awaiting: 1, counts: { created: 1, queued: 1 } });
    expect(cloud.calls.map((c) => c.token)).toEqual(['tok-1']);
  });

  it('counts creations confirmed before a reload in their source window, from the times the check reads', async () => {
    const cloud = fakeCloud({ throttle: { max: 5, windowMs: 60_000 } });
    const storage = memoryStorage();
    const first = createBulkQueue({ send: cloud.send, items: items(8, 1), clock, storage });
    first.start();
    await advance(1_000);
    first.dispose();
    expect(storage.value).not.toMatch(/"at"/);
    const second = createBulkQueue({ send: cloud.send, clock, storage });
    second.start();
    // Storage has no time: the check's ReadSnapshots gives each copy's CreationDate (the fake cloud made them at 100 ms).
    second.confirm([...cloud.byToken].map(([clientToken, snapshotId]) => ({ clientToken, snapshotId, createdAt: T0 + 100 })));
    second.supply(new Map(items(8, 1).map((i) => [i.clientToken, i.request])));
    second.resume();
    await advance(2 * 60_000);
    expect(cloud.calls.filter((c) => c.outcome === '429')).toEqual([]);
    expect(second.getSnapshot().counts.created).toBe(8);
    expect(cloud.made()).toBe(8);
  });
});
