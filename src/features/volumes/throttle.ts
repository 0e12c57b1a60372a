/**
 * OUTSCALE blocks for a while the creation of snapshots requested too often from one volume (or one source): a 429
 * with code 25 (per call) or 24 (per account). When to try again: the answer's Details when they say
 * ("retry in 42 s", as the sandbox words them); OUTSCALE publishes no figure, so otherwise it is "in a few minutes".
 */
import { isOscApiError } from '../../api/errors';

export interface Throttled {
  /** ms since epoch after which a new try may pass; undefined when the answer does not say. */
  until: number | undefined;
  /** 25: this volume (or source); 24: the whole account. */
  scope: 'volume' | 'account';
}

export function throttledBy(error: unknown, now: number): Throttled | undefined {
  if (!isOscApiError(error) || error.status !== 429) return undefined;
  const seconds = /retry (?:in|after) (\d+)\s*s\b/i.exec(error.details)?.[1];
  return { until: seconds ? now + Number(seconds) * 1000 : undefined, scope: error.code === '24' ? 'account' : 'volume' };
}

/** The plain words for a throttle, with when to try again (a clock time, and how long from `now`). */
export function throttleText(throttled: Throttled, now: number, what: 'volume' | 'import'): string {
  const why =
    throttled.scope === 'account'
      ? 'OUTSCALE is throttling this account’s requests for now.'
      : what === 'volume'
        ? 'OUTSCALE is not taking more snapshots of this volume for now: too many were requested from it in a short time.'
        : 'OUTSCALE is not taking more imports of this file for now: too many were requested in a short time.';
  if (throttled.until === undefined) return `${why} Try again in a few minutes. Nothing was created.`;
  const left = Math.max(0, Math.ceil((throttled.until - now) / 1000));
  const at = new Date(throttled.until).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return `${why} Try again after ${at}${left > 0 ? ` (in ${left} s)` : ' (now)'}. Nothing was created.`;
}
