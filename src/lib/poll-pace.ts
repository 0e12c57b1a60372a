/**
 * The pace of every poll (src/lib/region-poller.ts): 2 s while something moves, backing off by half again each time
 * nothing moved (up to 15 s), and doubling (5 s to 60 s) while the API throttles.
 */
export const POLL_MIN_MS = 2000;
export const POLL_MAX_MS = 15_000;
export const THROTTLE_MIN_MS = 5000;
export const THROTTLE_MAX_MS = 60_000;

export type PollOutcome = 'moved' | 'still' | 'throttled';

export function nextPollInterval(previous: number, outcome: PollOutcome): number {
  if (outcome === 'moved') return POLL_MIN_MS;
  if (outcome === 'still') return Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, Math.round(previous * 1.5)));
  return Math.min(THROTTLE_MAX_MS, Math.max(THROTTLE_MIN_MS, previous * 2));
}
