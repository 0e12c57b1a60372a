/** The bulk queue tests' stand-ins (bulk-queue.test.ts, bulk-queue-reload.test.ts): a clock, OUTSCALE as the queue sees it, items, storage. */
import { OscApiError } from '../api/errors';
import type { BulkItem, QueueClock, QueueStorage } from './bulk-queue';

export const clock: QueueClock = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

export const throttledError = (code: string, seconds?: number, status = 429) =>
  new OscApiError({ kind: 'api', action: 'CreateSnapshot', status, errors: [{ Code: code, Type: 'AccessDenied', Details: 'Too many' }], ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }) });

export interface CloudOptions {
  latencyMs?: number;
  throttle?: { max: number; windowMs: number };
  /** Called before the throttle: an error to throw for this call, if any. */
  fault?: (item: BulkItem<{ n: number }>, call: number) => Error | undefined;
}

/** OUTSCALE as the queue sees it: a token already used returns its snapshot; creations per source are throttled. */
export function fakeCloud(options: CloudOptions = {}) {
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

export const items = (n: number, sources: number): BulkItem<{ n: number }>[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'copy', source: `snap-${String(i % sources).padStart(8, '0')}`, clientToken: `tok-${i}`, request: { n: i } }));

export function memoryStorage(): QueueStorage & { value: string | null } {
  const s = { value: null as string | null, load: () => s.value, save: (v: string | null) => void (s.value = v) };
  return s;
}

/** A seeded pseudo-random source (mulberry32), so a failure can be replayed. */
export function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const T0 = Date.parse('2026-11-26T10:00:00Z');
