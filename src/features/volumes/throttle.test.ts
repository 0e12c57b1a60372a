import { describe, expect, it } from 'vitest';
import { OscApiError } from '../../api/errors';
import { throttledBy, throttleText } from './throttle';

const error = (status: number, code: string, details: string) => new OscApiError({ kind: 'api', action: 'CreateSnapshot', status, errors: [{ Code: code, Type: 'AccessDenied', Details: details }] });
const NOW = Date.UTC(2026, 10, 26, 4, 0, 0);

describe('the per-volume throttle', () => {
  it('reads when to try again from the answer’s Details, and whether it is this volume or the account', () => {
    expect(throttledBy(error(429, '25', 'Too many snapshots were requested from this volume in a short time: retry in 42 s.'), NOW)).toEqual({ until: NOW + 42_000, scope: 'volume' });
    expect(throttledBy(error(429, '24', 'Throttled.'), NOW)).toEqual({ until: undefined, scope: 'account' });
    expect(throttledBy(error(400, '4000', 'retry in 5 s'), NOW)).toBeUndefined();
    expect(throttledBy(new Error('retry in 5 s'), NOW)).toBeUndefined();
  });

  it('says when, as a clock time and a count of seconds, or "in a few minutes" when the answer does not say', () => {
    const text = throttleText({ until: NOW + 42_000, scope: 'volume' }, NOW, 'volume');
    expect(text).toMatch(/^OUTSCALE is not taking more snapshots of this volume for now/);
    expect(text).toMatch(/Try again after \d{2}:\d{2}:42 \(in 42 s\)\. Nothing was created\.$/);
    expect(throttleText({ until: NOW, scope: 'volume' }, NOW + 1000, 'volume')).toMatch(/\(now\)\./);
    expect(throttleText({ until: undefined, scope: 'account' }, NOW, 'import')).toBe('OUTSCALE is throttling this account’s requests for now. Try again in a few minutes. Nothing was created.');
    expect(throttleText({ until: undefined, scope: 'volume' }, NOW, 'import')).toMatch(/^OUTSCALE is not taking more imports of this file/);
  });
});
