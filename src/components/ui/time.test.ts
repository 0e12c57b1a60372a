import { describe, expect, it } from 'vitest';
import { currentZone, dateTimeParts, formatDateTime, formatRelative, formatUtc } from './time';

const at = new Date('2026-11-25T20:10:53.143Z');

describe('time format', () => {
  it('shows local date and 24-hour time with the zone', () => {
    expect(formatDateTime(at, 'Europe/Paris')).toBe('Nov 25, 2026, 21:10 (UTC+1)');
    expect(formatDateTime(at, 'UTC')).toBe('Nov 25, 2026, 20:10 (UTC)');
    expect(formatDateTime(at, 'Asia/Kolkata')).toBe('Nov 26, 2026, 01:40 (UTC+5:30)');
    expect(formatDateTime(at, 'America/New_York')).toBe('Nov 25, 2026, 15:10 (UTC-5)');
    expect(formatDateTime(new Date('2026-07-01T00:05:00Z'), 'Europe/Paris')).toBe('Jul 1, 2026, 02:05 (UTC+2)');
  });

  it('uses 00 for midnight, not 24', () => {
    expect(dateTimeParts(new Date('2026-11-25T23:00:00Z'), 'Europe/Paris').local).toBe('Nov 26, 2026, 00:00');
  });

  it('names the zone of a moment, for a column header', () => {
    expect(currentZone('Europe/Paris', Date.parse('2026-01-15T12:00:00Z'))).toBe('UTC+1');
    expect(currentZone('Europe/Paris', Date.parse('2026-07-15T12:00:00Z'))).toBe('UTC+2');
  });

  it('gives the exact UTC instant for the hover title', () => {
    expect(formatUtc(at)).toBe('2026-11-25 20:10:53 UTC');
  });

  it('says how long ago, in whole units, never abbreviated', () => {
    const now = at.getTime();
    expect(formatRelative(at, now + 30_000)).toBe('now');
    expect(formatRelative(at, now + 90_000)).toBe('1 minute ago');
    expect(formatRelative(at, now + 3 * 3_600_000 + 59 * 60_000)).toBe('3 hours ago');
    expect(formatRelative(at, now + 86_400_000)).toBe('yesterday');
    expect(formatRelative(at, now + 15 * 86_400_000)).toBe('2 weeks ago');
    expect(formatRelative(at, now + 400 * 86_400_000)).toBe('last year');
    expect(formatRelative(at, now - 2 * 86_400_000)).toBe('in 2 days');
  });
});
