/**
 * The bulk queue against a stand-in OUTSCALE with a fake clock: its per-source throttle (429 with Retry-After),
 * ClientToken idempotency, a latency per call. What is asserted is what the cloud saw: how many calls at once,
 * when, and how many snapshots each token made.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OscApiError } from '../api/errors';
import { createBulkQueue } from './bulk-queue';
import { clock, fakeCloud, items, seeded, T0, throttledError } from './bulk-queue-fakes';

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
