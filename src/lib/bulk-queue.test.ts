/**
 * The bulk queue against a stand-in OUTSCALE with a fake clock: its per-source throttle (429 with Retry-After),
 * ClientToken idempotency, a latency per call. What is asserted is what the cloud saw: how many calls at once,
 * when, and how many snapshots each token made.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OscApiError } from '../api/errors';
import { createBulkQueue, type BulkItem, type QueueClock, type QueueStorage } from './bulk-queue';

const clock: QueueClock = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

const throttledError = (code: string, seconds?: number, status = 429) =>
  new OscApiError({ kind: 'api', action: 'CreateSnapshot', status, errors: [{ Code: code, Type: 'AccessDenied', Details: 'Too many' }], ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }) });

interface CloudOptions {
  latencyMs?: number;
  throttle?: { max: number; windowMs: number };
  /** Called before the throttle: an error to throw for this call, if any. */
  fault?: (item: BulkItem<{ n: number }>, call: number) => Error | undefined;
}

/** OUTSCALE as the queue sees it: a token already used returns its snapshot; creations per source are throttled. */
function fakeCloud(options: CloudOptions = {}) {
  const byToken = new Map<string, string>();
  const creations = new Map<string, number[]>();
  const calls: { at: number; token: string; source: string; outcome: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let made = 0;
  const send = async (item: BulkItem<{ n: number }>) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const call = calls.length;
    const entry = { at: Date.now(), token: item.clientToken, source: item.source, outcome: '' };
    calls.push(entry);
    try {
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs ?? 100));
      const now = Date.now();
      const fault = options.fault?.(item, call);
      if (fault) throw fault;
      const known = byToken.get(item.clientToken);
      if (known) return { snapshotId: known };
      if (options.throttle) {
        const recent = (creations.get(item.source) ?? []).filter((at) => at > now - options.throttle!.windowMs);
        if (recent.length >= options.throttle.max) throw throttledError('25', Math.ceil((recent[0]! + options.throttle.windowMs - now) / 1000));
        creations.set(item.source, [...recent, now]);
      }
      const id = `snap-${(made++).toString(16).padStart(8, '0')}`;
      byToken.set(item.clientToken, id);
      return { snapshotId: id };
    } catch (error) {
      entry.outcome = error instanceof OscApiError ? String(error.status) : 'error';
      throw error;
    } finally {
      inFlight--;
    }
  };
  return { send, calls, byToken, max: () => maxInFlight, made: () => made };
}

const items = (n: number, sources: number): BulkItem<{ n: number }>[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'copy', source: `snap-${String(i % sources).padStart(8, '0')}`, clientToken: `tok-${i}`, request: { n: i } }));

function memoryStorage(): QueueStorage & { value: string | null } {
  const s = { value: null as string | null, load: () => s.value, save: (v: string | null) => void (s.value = v) };
  return s;
}

/** A seeded pseudo-random source (mulberry32), so a failure can be replayed. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = Date.parse('2026-11-26T10:00:00Z');
beforeEach(() => vi.useFakeTimers({ now: T0 }));
afterEach(() => vi.useRealTimers());
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('bulk queue', () => {
  it('never has more than K in flight, and creates every item once', async () => {
    const cloud = fakeCloud({ latencyMs: 50 });
    const queue = createBulkQueue({ send: cloud.send, items: items(40, 40), maxInFlight: 4, clock });
    queue.start();
    await advance(10_000);
    expect(cloud.max()).toBe(4);
    expect(queue.getSnapshot().state).toBe('done');
    expect(queue.getSnapshot().counts.created).toBe(40);
    expect(cloud.made()).toBe(40);
  });

  it('defaults to 3 in flight and 5 creations per source per minute, so the throttle never answers 429', async () => {
    const cloud = fakeCloud({ throttle: { max: 5, windowMs: 60_000 } });
    const queue = createBulkQueue({ send: cloud.send, items: items(12, 1), clock });
    queue.start();
    await advance(200_000);
    expect(cloud.max()).toBe(3);
    expect(cloud.calls.filter((c) => c.outcome === '429')).toEqual([]);
    expect(queue.getSnapshot().counts.created).toBe(12);
    // 5 in the first minute, 5 in the second, 2 in the third.
    const minute = (c: { at: number }) => Math.floor((c.at - T0) / 60_000);
    expect(cloud.calls.map(minute)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]);
  });

  it('honours Retry-After for the throttled source only, and keeps the other sources going', async () => {
    // A source throttled from elsewhere (another tab): its first call is refused for 30 s.
    const cloud = fakeCloud({ fault: (item, call) => (item.source === 'snap-00000000' && call === 0 ? throttledError('25', 30) : undefined) });
    const queue = createBulkQueue({ send: cloud.send, items: items(10, 2), maxInFlight: 1, clock });
    queue.start();
    await advance(5_000);
    const other = cloud.calls.filter((c) => c.source === 'snap-00000001');
    expect(other).toHaveLength(5);
    expect(cloud.calls.filter((c) => c.source === 'snap-00000000')).toHaveLength(1);
    expect(queue.getSnapshot().throttled).toBe(1);
    await advance(60_000);
    const hot = () => cloud.calls.filter((c) => c.source === 'snap-00000000');
    expect(hot()).toHaveLength(2);
    expect(hot()[1]!.at - hot()[0]!.at).toBeGreaterThanOrEqual(30_000 + 100);
    expect(queue.getSnapshot().counts.created).toBe(6);
    // Refused with none of its own creations in the window, the source's limit drops to 1 a minute.
    await advance(5 * 60_000);
    expect(queue.getSnapshot()).toMatchObject({ state: 'done', counts: { created: 10 } });
    const gaps = hot().slice(2).map((c, i) => c.at - hot()[i + 1]!.at);
    expect(gaps.every((gap) => gap >= 60_000)).toBe(true);
  });

  it('waits Retry-After for everybody on 503 or a per-account 429, and halves K (AIMD)', async () => {
    let refused = 0;
    const cloud = fakeCloud({ fault: (_item, call) => (call === 2 ? (refused++, throttledError('', 20, 503)) : undefined) });
    const queue = createBulkQueue({ send: cloud.send, items: items(30, 30), maxInFlight: 4, clock });
    queue.start();
    await advance(150);
    // Calls 0..3 went out together; call 2's refusal halves K to 2 and stops everyone for 20 s.
    expect(refused).toBe(1);
    expect(queue.getSnapshot().limit).toBe(2);
    const sentBefore = cloud.calls.length;
    await advance(19_000);
    expect(cloud.calls.length).toBe(sentBefore);
    await advance(30_000);
    expect(queue.getSnapshot().counts.created).toBe(30);
    expect(queue.getSnapshot().limit).toBe(4);
  });

  it('drops no item under random 429s, stays under K, and makes one snapshot per token', async () => {
    const random = seeded(13);
    const cloud = fakeCloud({
      latencyMs: 30,
      throttle: { max: 5, windowMs: 60_000 },
      fault: () => (random() < 0.3 ? throttledError(random() < 0.5 ? '24' : '25', 1 + Math.floor(random() * 5)) : undefined),
    });
    const queue = createBulkQueue({ send: cloud.send, items: items(120, 24), maxInFlight: 5, clock });
    queue.start();
    await advance(30 * 60_000);
    const { counts, state, throttled } = queue.getSnapshot();
    expect(state).toBe('done');
    expect(counts).toEqual({ queued: 0, sending: 0, created: 120, failed: 0, 'not-sent': 0 });
    expect(throttled).toBeGreaterThan(20);
    expect(cloud.max()).toBeLessThanOrEqual(5);
    expect(cloud.made()).toBe(120);
    expect(new Set(queue.report().created.map((c) => c.snapshotId)).size).toBe(120);
  });

  it('retries a lost answer with the same token (no duplicate), and fails other errors with code and reason', async () => {
    const cloud = fakeCloud({
      fault: (item, call) =>
        item.clientToken === 'tok-1' && call < 3
          ? new OscApiError({ kind: 'network', action: 'CreateSnapshot', status: 0, errors: [{ Code: '', Type: 'NetworkError', Details: 'No answer' }] })
          : item.clientToken === 'tok-2'
            ? new OscApiError({ kind: 'api', action: 'CreateSnapshot', status: 400, errors: [{ Code: '5054', Type: 'InvalidResource', Details: "The SnapshotId 'snap-00000002' doesn't exist." }] })
            : undefined,
    });
    const queue = createBulkQueue({ send: cloud.send, items: items(3, 3), clock });
    queue.start();
    await advance(60_000);
    const report = queue.report();
    expect(report.created.map((c) => c.clientToken).sort()).toEqual(['tok-0', 'tok-1']);
    expect(report.failed).toEqual([{ clientToken: 'tok-2', source: 'snap-00000002', code: '5054', reason: "The SnapshotId 'snap-00000002' doesn't exist." }]);
    expect(report.notSent).toEqual([]);
    expect(cloud.calls.filter((c) => c.token === 'tok-2')).toHaveLength(1);
  });

  it('pauses (nothing new is sent, those in flight finish) and resumes', async () => {
    const cloud = fakeCloud({ latencyMs: 100 });
    const queue = createBulkQueue({ send: cloud.send, items: items(10, 10), maxInFlight: 2, clock });
    queue.start();
    await advance(150);
    queue.pause();
    const sent = cloud.calls.length;
    await advance(10_000);
    expect(cloud.calls.length).toBe(sent);
    expect(queue.getSnapshot()).toMatchObject({ state: 'paused', counts: { sending: 0, created: sent } });
    queue.resume();
    await advance(10_000);
    expect(queue.getSnapshot()).toMatchObject({ state: 'done', counts: { created: 10 } });
  });

  it('cancel stops sending, records what was in flight, and lists what was created and what was not sent', async () => {
    const cloud = fakeCloud({ latencyMs: 100 });
    const queue = createBulkQueue({ send: cloud.send, items: items(10, 10), maxInFlight: 3, clock });
    queue.start();
    await advance(150);
    queue.cancel();
    await advance(10_000);
    const report = queue.report();
    expect(cloud.calls).toHaveLength(6);
    expect(report.created.map((c) => c.clientToken)).toEqual(['tok-0', 'tok-1', 'tok-2', 'tok-3', 'tok-4', 'tok-5']);
    expect(report.created.every((c) => c.snapshotId?.startsWith('snap-'))).toBe(true);
    expect(report.notSent.map((c) => c.clientToken)).toEqual(['tok-6', 'tok-7', 'tok-8', 'tok-9']);
    expect(queue.getSnapshot().state).toBe('cancelled');
  });

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

  it('takes more items while it runs (a second review), ignores a token it has, and runs again once done', async () => {
    const cloud = fakeCloud({ latencyMs: 50 });
    const queue = createBulkQueue({ send: cloud.send, items: items(4, 4), clock });
    queue.start();
    const more = items(8, 8).slice(4).map((item) => ({ ...item, clientToken: `more-${item.clientToken}` }));
    queue.add([...more, items(1, 1)[0]!]);
    expect(queue.getSnapshot().counts.queued + queue.getSnapshot().counts.sending).toBe(8);
    await advance(5_000);
    expect(queue.getSnapshot()).toMatchObject({ state: 'done', counts: { created: 8 } });
    queue.add([{ ...items(1, 1)[0]!, clientToken: 'late' }]);
    expect(queue.getSnapshot().state).toBe('running');
    await advance(5_000);
    expect(queue.getSnapshot()).toMatchObject({ state: 'done', counts: { created: 9 } });
    expect(cloud.made()).toBe(9);
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

  it('notifies subscribers and keeps the same snapshot object between changes', async () => {
    const cloud = fakeCloud();
    const queue = createBulkQueue({ send: cloud.send, items: items(2, 2), clock });
    let notified = 0;
    const stop = queue.subscribe(() => notified++);
    const before = queue.getSnapshot();
    expect(queue.getSnapshot()).toBe(before);
    queue.start();
    await advance(1_000);
    expect(notified).toBeGreaterThan(0);
    expect(queue.getSnapshot()).not.toBe(before);
    expect(queue.getSnapshot().counts.created).toBe(2);
    stop();
    const seen = notified;
    queue.retryFailed();
    expect(notified).toBe(seen);
  });

  it('retries failed items with their own tokens', async () => {
    let broken = true;
    const cloud = fakeCloud({ fault: () => (broken ? new OscApiError({ kind: 'api', action: 'CreateSnapshot', status: 409, errors: [{ Code: '9002', Type: 'ResourceConflict', Details: 'busy' }] }) : undefined) });
    const queue = createBulkQueue({ send: cloud.send, items: items(2, 2), clock });
    queue.start();
    await advance(1_000);
    expect(queue.report().failed.map((f) => f.code)).toEqual(['9002', '9002']);
    broken = false;
    queue.retryFailed();
    await advance(1_000);
    expect(queue.report().created.map((c) => c.clientToken)).toEqual(['tok-0', 'tok-1']);
  });
});
