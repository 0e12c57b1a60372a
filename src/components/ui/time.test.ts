import { afterEach, describe, expect, it } from 'vitest';
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

  describe("in the browser's own zone (Date's local fields, no Intl)", () => {
    const saved = process.env.TZ;
    afterEach(() => {
      process.env.TZ = saved;
    });
    // Whole, half and three-quarter hours, both sides of UTC, with and without daylight saving time.
    const zones = ['UTC', 'Europe/Paris', 'Asia/Kolkata', 'America/New_York', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
    const moments = ['2026-11-25T20:10:53.143Z', '2026-07-01T00:05:00Z', '2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-10-25T00:30:00Z', '1999-12-31T23:59:59Z', '2030-01-01T00:00:00Z'];
    it.each(zones)('writes the same date, time and zone as Intl does in %s', (zone) => {
      process.env.TZ = zone;
      for (const iso of moments) {
        const date = new Date(iso);
        expect(dateTimeParts(date), `${iso} in ${zone}`).toEqual(dateTimeParts(date, zone));
      }
      expect(currentZone(undefined, Date.parse('2026-01-15T12:00:00Z'))).toBe(currentZone(zone, Date.parse('2026-01-15T12:00:00Z')));
    });
  });

  it('says each relative time as Intl.RelativeTimeFormat does', () => {
    const intl = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    const units: [Intl.RelativeTimeFormatUnit, number][] = [['year', 365 * 86_400_000], ['month', 30 * 86_400_000], ['week', 7 * 86_400_000], ['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000]];
    const expected = (diff: number) => {
      const hit = units.find(([, ms]) => Math.abs(diff) >= ms);
      return hit ? intl.format(Math.trunc(diff / hit[1]), hit[0]) : 'now';
    };
    const now = at.getTime();
    const diffs = [0, 59_999, 60_000, 61_000, 119_999, 120_000, 3_599_999, 3_600_000, 7_200_000, 86_399_999, 86_400_000, 172_800_000, 6 * 86_400_000, 7 * 86_400_000, 14 * 86_400_000, 29 * 86_400_000, 30 * 86_400_000, 60 * 86_400_000, 364 * 86_400_000, 365 * 86_400_000, 730 * 86_400_000, 1500 * 365 * 86_400_000];
    for (const diff of diffs) {
      for (const signed of [diff, -diff]) expect(formatRelative(new Date(now + signed), now), `${signed} ms`).toBe(expected(signed));
    }
  });
});
