/**
 * The rules behind the jobs tray and the poller, kept pure so they can be tested: ETA from the observed
 * progress rate, the "stalled" mark, and the polling interval.
 */
import type { Sample } from '../../lib/jobs-store';

export type { Sample };

export const STALL_AFTER_MS = 60_000;
export const QUEUE_STALL_AFTER_MS = 5 * 60_000;

/** Milliseconds until 100 %, from the rate over the last few minutes; undefined until it can be told. */
export function estimateRemainingMs(samples: Sample[], windowMs = 3 * 60_000): number | undefined {
  const last = samples.at(-1);
  if (!last || last.state !== 'pending' || last.progress >= 100) return undefined;
  const recent = samples.filter((s) => s.at >= last.at - windowMs && s.state === 'pending');
  const first = recent[0];
  if (!first || last.at === first.at || last.progress <= first.progress) return undefined;
  const perMs = (last.progress - first.progress) / (last.at - first.at);
  return Math.round((100 - last.progress) / perMs);
}

/** Past this age, the last answer is too old to extrapolate an ETA from (twice the slowest poll interval). */
export const ETA_STALE_AFTER_MS = 30_000;

/**
 * The ETA to show at `now`: the last estimate, counted down since the answer it came from; 'unknown' while the
 * API throttles the poller or when that answer is too old; undefined when there is no estimate at all.
 */
export function remainingAt(samples: Sample[], now: number, throttled: boolean): number | 'unknown' | undefined {
  const estimate = estimateRemainingMs(samples);
  const last = samples.at(-1);
  if (estimate === undefined || !last) return undefined;
  if (throttled || now - last.at > ETA_STALE_AFTER_MS) return 'unknown';
  return Math.max(0, estimate - (now - last.at));
}

/** Since when Progress (and State) has not moved. */
export function unchangedSince(samples: Sample[]): number | undefined {
  const last = samples.at(-1);
  if (!last) return undefined;
  let since = last.at;
  for (let i = samples.length - 2; i >= 0; i--) {
    const s = samples[i]!;
    if (s.progress !== last.progress || s.state !== last.state) break;
    since = s.at;
  }
  return since;
}

/** A copy looks stuck: pending with no progress for a minute, or queued for five. */
export function isStalled(samples: Sample[], now: number): boolean {
  const last = samples.at(-1);
  const since = unchangedSince(samples);
  if (!last || since === undefined) return false;
  if (last.state === 'pending') return now - since >= STALL_AFTER_MS;
  if (last.state === 'in-queue') return now - since >= QUEUE_STALL_AFTER_MS;
  return false;
}

// The poll interval's rules live with the Region's poll scheduler (src/lib/region-poller.ts).
export { nextPollInterval, POLL_MAX_MS, POLL_MIN_MS, THROTTLE_MAX_MS, THROTTLE_MIN_MS } from '../../lib/poll-pace';

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
