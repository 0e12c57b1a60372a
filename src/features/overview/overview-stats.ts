/**
 * What the Overview page shows, computed in one pass over the snapshots the list's default view reads (own and
 * shared with me) and the volumes of ReadVolumes, each figure with the list link that shows exactly its rows.
 * Ages are counted in whole UTC days, because the list's From/To filters are UTC calendar days: a bucket's link
 * selects the same snapshots the bucket counts.
 */
import { PROVENANCE_KEYS } from '../../api/copy-form';
import type { Snapshot } from '../../api/schemas';

/** A count of snapshots, the sum of their VolumeSize (GiB), and the list link that shows them. */
export interface Figure {
  count: number;
  size: number;
  href: string;
}

export interface Labelled extends Figure {
  label: string;
}

/** The list's URL filters (src/features/snapshots/list-state.ts), as far as the overview needs them. */
export interface ListFilters {
  state?: string;
  owner?: 'mine' | 'shared';
  tag?: string;
  volume?: string;
  from?: string;
  to?: string;
}

/** The snapshots list showing exactly the rows these filters select (same parameter names as the list). */
export function listHref(filters: ListFilters): string {
  const params = new URLSearchParams();
  for (const name of ['state', 'owner', 'tag', 'volume', 'from', 'to'] as const) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

const DAY = 86_400_000;
const day = (ms: number) => Math.floor(ms / DAY);
const isoDay = (dayNumber: number) => new Date(dayNumber * DAY).toISOString().slice(0, 10);

/** Age buckets: [label, youngest age in days, oldest age in days (undefined: no limit)]. */
export const AGE_BUCKETS = [
  ['This week', 0, 6],
  ['This month', 7, 29],
  ['1 to 3 months', 30, 89],
  ['3 to 6 months', 90, 179],
  ['6 months to a year', 180, 364],
  ['Older than a year', 365, undefined],
] as const;

/** The From/To filters of an age bucket, as of `today` (a UTC day number). The youngest bucket has no To (a clock ahead counts as new). */
export function ageFilters(today: number, bucket: number): Pick<ListFilters, 'from' | 'to'> {
  const [, youngest, oldest] = AGE_BUCKETS[bucket]!;
  return { from: oldest === undefined ? undefined : isoDay(today - oldest), to: youngest === 0 ? undefined : isoDay(today - youngest) };
}

/**
 * The age bucket of a creation date, by its UTC day compared as text with each bucket's first day (`firsts`,
 * youngest bucket first): no Date per snapshot, which is most of the cost at 50,000. A date not in UTC ISO form
 * goes through Date.parse. -1: no date.
 */
function bucketOf(created: string, firsts: readonly string[]): number {
  let dayText = created.slice(0, 10);
  if (!(created.endsWith('Z') && created[10] === 'T')) {
    const parsed = Date.parse(created);
    if (Number.isNaN(parsed)) return -1;
    dayText = isoDay(day(parsed));
  }
  for (let i = 0; i < firsts.length; i++) if (dayText >= firsts[i]!) return i;
  return firsts.length;
}

export interface Overview {
  total: Figure;
  owner: { mine: Figure; shared: Figure };
  states: Labelled[];
  ages: Labelled[];
  topByCount: Labelled[];
  topBySize: Labelled[];
  orphaned: Figure & { volumes: string[]; ages: Labelled[] };
  copies: Figure & { sources: Labelled[]; sourceCount: number };
  inFlight: Labelled[];
  errors: Figure;
}

interface Tally {
  count: number;
  size: number;
}
const add = (map: Map<string, Tally>, key: string, size: number) => {
  const tally = map.get(key);
  if (tally) {
    tally.count++;
    tally.size += size;
  } else map.set(key, { count: 1, size });
};
const bump = (tally: Tally, size: number) => {
  tally.count++;
  tally.size += size;
};
const zero = (): Tally => ({ count: 0, size: 0 });
const byName = (a: [string, Tally], b: [string, Tally]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export const TOP = 10;
const ORDER = ['completed', 'pending', 'in-queue', 'error', 'deleting'];

/**
 * `snapshots`: the list's default view (own and shared with `me`); `volumeIds`: every volume of ReadVolumes.
 * Orphaned snapshots are own ones only: a snapshot shared with me comes from another account's volume.
 */
export function computeOverview(snapshots: readonly Snapshot[], volumeIds: ReadonlySet<string>, me: string, now: number): Overview {
  const today = day(now);
  const total = zero();
  const mine = zero();
  const shared = zero();
  const errors = zero();
  const states = new Map<string, Tally>();
  const volumes = new Map<string, Tally>();
  const sources = new Map<string, Tally>();
  const inFlight = new Map<string, Tally>();
  const orphanedVolumes = new Set<string>();
  const orphaned = zero();
  const ages = AGE_BUCKETS.map(zero);
  const orphanedAges = AGE_BUCKETS.map(zero);
  const copies = zero();
  // The first day of every bucket but the oldest, which takes the rest.
  const firsts = AGE_BUCKETS.slice(0, -1).map(([, , oldest]) => isoDay(today - (oldest ?? 0)));
  for (const snapshot of snapshots) {
    const size = snapshot.VolumeSize;
    bump(total, size);
    const own = snapshot.AccountId === me;
    bump(own ? mine : shared, size);
    add(states, snapshot.State, size);
    if (snapshot.State === 'error') bump(errors, size);
    const bucket = bucketOf(snapshot.CreationDate, firsts);
    if (bucket >= 0) bump(ages[bucket]!, size);
    const volume = snapshot.VolumeId;
    if (volume) {
      add(volumes, volume, size);
      if (own && !volumeIds.has(volume)) {
        orphanedVolumes.add(volume);
        bump(orphaned, size);
        if (bucket >= 0) bump(orphanedAges[bucket]!, size);
      }
    }
    const source = snapshot.Tags.find((tag) => tag.Key === PROVENANCE_KEYS.source)?.Value;
    if (source !== undefined) {
      bump(copies, size);
      add(sources, source, size);
      if (snapshot.State === 'pending' || snapshot.State === 'in-queue') add(inFlight, snapshot.State, size);
    }
  }
  const orphanList = [...orphanedVolumes].sort();
  const orphanVolume = orphanList.join(',');
  const copyTag = (value?: string) => (value === undefined ? PROVENANCE_KEYS.source : `${PROVENANCE_KEYS.source}=${value}`);
  const ranked = (key: (tally: Tally) => number) =>
    [...volumes]
      .sort((a, b) => key(b[1]) - key(a[1]) || byName(a, b))
      .slice(0, TOP)
      .map(([label, tally]) => ({ label, ...tally, href: listHref({ volume: label }) }));
  const stateRank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return {
    total: { ...total, href: listHref({}) },
    owner: { mine: { ...mine, href: listHref({ owner: 'mine' }) }, shared: { ...shared, href: listHref({ owner: 'shared' }) } },
    states: [...states]
      .sort((a, b) => stateRank(a[0]) - stateRank(b[0]) || byName(a, b))
      .map(([label, tally]) => ({ label, ...tally, href: listHref({ state: label }) })),
    ages: ages.map((tally, i) => ({ label: AGE_BUCKETS[i]![0], ...tally, href: listHref(ageFilters(today, i)) })),
    topByCount: ranked((tally) => tally.count),
    topBySize: ranked((tally) => tally.size),
    orphaned: {
      ...orphaned,
      volumes: orphanList,
      href: orphanList.length ? listHref({ owner: 'mine', volume: orphanVolume }) : '',
      ages: orphanedAges.map((tally, i) => ({
        label: AGE_BUCKETS[i]![0],
        ...tally,
        href: listHref({ owner: 'mine', volume: orphanVolume, ...ageFilters(today, i) }),
      })),
    },
    copies: {
      ...copies,
      href: listHref({ tag: copyTag() }),
      sourceCount: sources.size,
      sources: [...sources]
        .sort((a, b) => b[1].count - a[1].count || byName(a, b))
        .slice(0, TOP)
        .map(([label, tally]) => ({ label, ...tally, href: listHref({ tag: copyTag(label) }) })),
    },
    inFlight: ['in-queue', 'pending'].map((state) => ({
      label: state,
      ...(inFlight.get(state) ?? zero()),
      href: listHref({ state, tag: copyTag() }),
    })),
    errors: { ...errors, href: listHref({ state: 'error' }) },
  };
}
