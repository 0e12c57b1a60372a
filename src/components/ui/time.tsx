/**
 * Every time the dashboard shows, in one format: local date and time on a 24-hour clock with the zone
 * ("Nov 25, 2026, 21:10 (UTC+1)"), the relative time beside it, and the exact UTC time on hover.
 * The format functions are pure (the zone can be given) so they are tested with fixed zones.
 */
import { count } from '../../lib/count';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'shortOffset', timeZone,
    });
    formats.set(timeZone, format);
  }
  return format;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/**
 * The same parts in the browser's own zone, from Date's local fields: no Intl. The first Intl.DateTimeFormat of a
 * page loads ICU's locale data and pattern generator, 20–60 ms of main thread on this machine, and the list's
 * first rows were waiting for it (every Created cell). time.test.ts checks it against the Intl path, zone by zone.
 */
function localDateTimeParts(date: Date): { local: string; zone: string } {
  const east = -date.getTimezoneOffset();
  const hours = Math.floor(Math.abs(east) / 60);
  const minutes = Math.abs(east) % 60;
  return {
    local: `${MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}, ${two(date.getHours())}:${two(date.getMinutes())}`,
    zone: east === 0 ? 'UTC' : `UTC${east > 0 ? '+' : '-'}${hours}${minutes ? `:${two(minutes)}` : ''}`,
  };
}

/** "Nov 25, 2026, 21:10" and its zone "UTC+1" ("UTC" at offset 0, "UTC+5:30" for half hours); the browser's zone by default. */
export function dateTimeParts(date: Date, timeZone?: string): { local: string; zone: string } {
  if (timeZone === undefined) return localDateTimeParts(date);
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of formatIn(timeZone).formatToParts(date)) part[type] = value;
  return {
    local: `${part.month} ${part.day}, ${part.year}, ${part.hour}:${part.minute}`,
    zone: (part.timeZoneName ?? 'GMT').replace(/^GMT/, 'UTC').replace(/^UTC[+-]0$/, 'UTC'),
  };
}

/** "Nov 25, 2026, 21:10 (UTC+1)". */
export function formatDateTime(date: Date, timeZone?: string): string {
  const { local, zone } = dateTimeParts(date, timeZone);
  return `${local} (${zone})`;
}

/** The zone of this browser now, for a column header ("Created (UTC+1)"). */
export function currentZone(timeZone?: string, now = Date.now()): string {
  return dateTimeParts(new Date(now), timeZone).zone;
}

// A table renders the same times again on every search keystroke: the browser-zone parts of an ISO string
// are kept (bounded), and the current zone is looked up once a minute.
const localCache = new Map<string, { local: string; zone: string }>();
let zoneNow = { at: 0, zone: '' };

function localParts(iso: string, date: Date): { local: string; zone: string } {
  let parts = localCache.get(iso);
  if (!parts) {
    if (localCache.size >= 5000) localCache.clear();
    parts = dateTimeParts(date);
    localCache.set(iso, parts);
  }
  return parts;
}

function browserZone(): string {
  const now = Date.now();
  if (now - zoneNow.at > 60_000) zoneNow = { at: now, zone: currentZone(undefined, now) };
  return zoneNow.zone;
}

/** "2026-11-25 20:10:53 UTC": the exact instant, for the hover title. */
export function formatUtc(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

const UNITS: [Unit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
type Unit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';
/** What English says for one unit back or ahead (Intl.RelativeTimeFormat's numeric: 'auto'); hours and minutes have none. */
const ONE: Partial<Record<Unit, [string, string]>> = {
  year: ['last year', 'next year'],
  month: ['last month', 'next month'],
  week: ['last week', 'next week'],
  day: ['yesterday', 'tomorrow'],
};

/**
 * "3 hours ago", "in 2 days", "yesterday"; "now" under a minute. Units are never abbreviated. Written out as
 * Intl.RelativeTimeFormat('en', { numeric: 'auto' }) says it (time.test.ts compares them), without its cost: the
 * first Intl object of a page is 20–60 ms here, on the first rows' path.
 */
export function formatRelative(date: Date, now: number): string {
  const diff = date.getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) < ms) continue;
    const n = Math.trunc(Math.abs(diff) / ms);
    const one = ONE[unit];
    if (n === 1 && one) return diff < 0 ? one[0] : one[1];
    const text = `${count(n)} ${unit}${n === 1 ? '' : 's'}`;
    return diff < 0 ? `${text} ago` : `in ${text}`;
  }
  return 'now';
}

/**
 * A time as the dashboard shows it. `zone="header"` leaves the zone out when it is the browser's current one
 * (a table names it once in its column header) and keeps it when it differs (the other side of a DST change).
 * `stacked` puts the relative time on a second line.
 */
export function Time({ iso, now, zone = 'always', stacked = false }: { iso: string; now: number; zone?: 'always' | 'header'; stacked?: boolean }) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <span>{iso}</span>;
  const { local, zone: at } = localParts(iso, date);
  const text = zone === 'header' && at === browserZone() ? local : `${local} (${at})`;
  return (
    <time dateTime={iso} title={formatUtc(date)} className={stacked ? 'block leading-tight' : undefined}>
      {text}
      <span className={`text-muted ${stacked ? 'block text-xs' : ''}`}>
        {stacked ? '' : ' · '}
        {formatRelative(date, now)}
      </span>
    </time>
  );
}
