/**
 * Client-side work on the loaded list: the instant text search and the sort. Rows are prepared once per
 * load (search text lower-cased, owner kind), sorted once per sort change, and a keystroke only filters.
 */
import type { Snapshot } from '../../api/schemas';
import { ownerKind, type OwnerKind } from '../../lib/owner';
import type { ListState, SortKey } from './list-state';

export interface Row {
  snapshot: Snapshot;
  owner: OwnerKind;
  created: number;
  /** The `Name` tag's value, as OUTSCALE's Cockpit and osc-cli show it; '' when none. */
  name: string;
  haystack: string;
}

export const nameOf = (snapshot: Snapshot): string => snapshot.Tags.find((tag) => tag.Key === 'Name')?.Value ?? '';

export function prepareRows(snapshots: Snapshot[], me: string): Row[] {
  return snapshots.map((snapshot) => ({
    snapshot,
    owner: ownerKind(snapshot, me),
    created: Date.parse(snapshot.CreationDate),
    name: nameOf(snapshot),
    haystack: [
      snapshot.SnapshotId,
      snapshot.Description ?? '',
      ...snapshot.Tags.map((tag) => `${tag.Key}=${tag.Value}`),
    ]
      .join('\n')
      .toLowerCase(),
  }));
}

const OWNER_ORDER: Record<OwnerKind, number> = { mine: 0, shared: 1, public: 2 };

const compare: Record<SortKey, (a: Row, b: Row) => number> = {
  id: (a, b) => a.snapshot.SnapshotId.localeCompare(b.snapshot.SnapshotId),
  name: (a, b) => a.name.localeCompare(b.name),
  description: (a, b) => (a.snapshot.Description ?? '').localeCompare(b.snapshot.Description ?? ''),
  volume: (a, b) => (a.snapshot.VolumeId ?? '').localeCompare(b.snapshot.VolumeId ?? ''),
  size: (a, b) => a.snapshot.VolumeSize - b.snapshot.VolumeSize,
  state: (a, b) => a.snapshot.State.localeCompare(b.snapshot.State),
  progress: (a, b) => a.snapshot.Progress - b.snapshot.Progress,
  owner: (a, b) => OWNER_ORDER[a.owner] - OWNER_ORDER[b.owner] || a.snapshot.AccountId.localeCompare(b.snapshot.AccountId),
  created: (a, b) => a.created - b.created,
};

/**
 * The last sort, for the next: a poll that rewrites a few snapshots (State, Progress) without moving them in
 * this order reuses it instead of sorting 50,000 rows again.
 */
let lastSort: { rows: Row[]; key: SortKey; dir: 'asc' | 'desc'; sorted: Row[] } | undefined;
/** A sorted list that resort made from an earlier one: its places whose row was replaced (searchRows' index). */
const derived = new WeakMap<Row[], { rows: Row[]; at: number[] }>();
const REUSE_AT_MOST = 32;

/** A stable sort: ties keep creation order, then ID, so the view never jumps. */
export function sortRows(rows: Row[], key: SortKey, dir: 'asc' | 'desc'): Row[] {
  const sign = dir === 'asc' ? 1 : -1;
  const by = compare[key];
  const order = (a: Row, b: Row) =>
    sign * by(a, b) || sign * (a.created - b.created) || sign * a.snapshot.SnapshotId.localeCompare(b.snapshot.SnapshotId);
  const last = lastSort?.key === key && lastSort.dir === dir && lastSort.rows.length === rows.length ? lastSort : undefined;
  lastSort = { rows, key, dir, sorted: (last && resort(last, rows, order)) ?? [...rows].sort(order) };
  return lastSort.sorted;
}

/**
 * The last sort with the rows that changed in place put where their old selves were, when each compares equal
 * to the row it replaces (same snapshot, same sort value: the order, a total one, is then the same); else
 * undefined (sort again).
 */
function resort(last: NonNullable<typeof lastSort>, rows: Row[], order: (a: Row, b: Row) => number): Row[] | undefined {
  const changed: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] === last.rows[i]) continue;
    if (changed.length === REUSE_AT_MOST || order(last.rows[i]!, rows[i]!) !== 0) return undefined;
    changed.push(i);
  }
  if (changed.length === 0) return last.sorted;
  const sorted = last.sorted.slice();
  const at = changed.map((i) => {
    const place = sorted.indexOf(last.rows[i]!);
    sorted[place] = rows[i]!;
    return place;
  });
  derived.set(sorted, { rows: last.sorted, at });
  return sorted;
}

/** The search's words, lower-cased, as searchRows uses them. */
export const searchWords = (query: string | undefined): string[] => (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);

/** Results kept per rows array (the sorted list): the last few searches each, oldest first. */
const searches = new WeakMap<Row[], Map<string, { words: string[]; found: Row[] }>>();
const KEPT_SEARCHES = 16;

/** Every row that has all of `wider`'s words also has all of `words`'s when each wider word contains one of them. */
const narrows = (words: string[], wider: string[]) => words.every((word) => wider.some((longer) => longer.includes(word)));

/**
 * The rows of `from` whose haystack has every word: a plain loop (a `filter` with an `every` made a closure per
 * row; at 50,000 rows this loop takes roughly half to two thirds of that time).
 */
function scan(from: Row[], words: string[]): Row[] {
  const found: Row[] = [];
  const [first, ...rest] = words as [string, ...string[]];
  for (let i = 0; i < from.length; i++) {
    const row = from[i]!;
    const text = row.haystack;
    if (!text.includes(first)) continue;
    let all = true;
    for (let w = 0; w < rest.length && all; w++) all = text.includes(rest[w]!);
    if (all) found.push(row);
  }
  return found;
}

/**
 * A list's haystacks in one string (row after row, '\n' between them: a search word has no white space, so no
 * match spans two rows) and where each row starts. Searching it is String.indexOf over contiguous memory, jumping
 * from match to match; a scan of the rows reads 50,000 row objects and their strings spread over the heap, which
 * in the page cost ~200 ns a row (cache misses), 5–10 ms for a first letter at 50,000.
 */
interface SearchIndex {
  text: string;
  /** starts[i]: row i's first character; starts[rows.length]: text.length + 1. */
  starts: Int32Array;
}
const indexes = new WeakMap<Row[], SearchIndex>();

/** Builds (once) the search index of a rows array: ~5–10 ms at 50,000, so the page builds it when idle (below). */
export function indexRows(rows: Row[]): void {
  if (indexes.has(rows)) return;
  const starts = new Int32Array(rows.length + 1);
  const parts = new Array<string>(rows.length);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const text = rows[i]!.haystack;
    starts[i] = at;
    parts[i] = text;
    at += text.length + 1;
  }
  starts[rows.length] = at;
  indexes.set(rows, { text: parts.join('\n'), starts });
}

/**
 * The index of `rows`: its own, or that of the sorted list it was made from by a poll (sortRows' resort) when the
 * rows it replaced have the same haystacks (a poll changes a snapshot's State and Progress, not its words).
 */
function indexOf(rows: Row[]): SearchIndex | undefined {
  const own = indexes.get(rows);
  if (own) return own;
  const from = derived.get(rows);
  const index = from && indexOf(from.rows);
  if (!index || !from.at.every((i) => rows[i]!.haystack === from.rows[i]!.haystack)) return undefined;
  indexes.set(rows, index);
  return index;
}

/** The rows of an indexed list whose haystack has every word: the longest word found by indexOf, the rest checked. */
function scanIndexed(rows: Row[], { text, starts }: SearchIndex, words: string[]): Row[] {
  const [first, ...rest] = [...words].sort((a, b) => b.length - a.length) as [string, ...string[]];
  const found: Row[] = [];
  const last = rows.length - 1;
  let row = 0;
  for (let at = text.indexOf(first); at !== -1; at = text.indexOf(first, starts[row + 1]!)) {
    // The row holding `at`: matches come in order, so search from the last one's row on.
    let low = row;
    let high = last;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    row = low;
    const candidate = rows[row]!;
    let all = true;
    for (let w = 0; w < rest.length && all; w++) all = candidate.haystack.includes(rest[w]!);
    if (all) found.push(candidate);
    if (row === last) break;
  }
  return found;
}

/** Below this many rows, a narrowed search scans the earlier result's rows rather than the index. */
const SCAN_AT_MOST = 4096;
/** Index builds waiting for an idle moment: after the last new list seen for a while (a list streaming in). */
let pendingIndex: { rows: Row[]; timer: ReturnType<typeof setTimeout> } | undefined;
function indexWhenIdle(rows: Row[]): void {
  if (typeof requestIdleCallback !== 'function' || rows.length < SCAN_AT_MOST || indexes.has(rows) || pendingIndex?.rows === rows) return;
  if (pendingIndex) clearTimeout(pendingIndex.timer);
  const timer = setTimeout(() => requestIdleCallback(() => {
    if (pendingIndex?.rows === rows) pendingIndex = undefined;
    if (!indexOf(rows)) indexRows(rows);
  }), 500);
  pendingIndex = { rows, timer };
}

/**
 * Every word of the query must appear in the ID, the description or a tag (`key=value`). A list of thousands is
 * indexed when the page is idle (one string, indexOf from match to match); until then, and for a keystroke that
 * narrows a recent search to a few thousand rows ("#1" → "#12"), the rows are scanned, the narrowed search only
 * that earlier result's rows. A step back (Backspace) finds its earlier result. The result keeps the rows' order.
 */
export function searchRows(rows: Row[], query: string | undefined): Row[] {
  indexWhenIdle(rows);
  const words = searchWords(query);
  if (words.length === 0) return rows;
  const key = words.join(' ');
  let kept = searches.get(rows);
  if (!kept) searches.set(rows, (kept = new Map()));
  const known = kept.get(key);
  if (known) return known.found;
  let from = rows;
  for (const earlier of kept.values()) {
    if (earlier.found.length < from.length && narrows(earlier.words, words)) from = earlier.found;
  }
  const index = from.length > SCAN_AT_MOST ? indexOf(rows) : undefined;
  const found = index ? scanIndexed(rows, index, words) : scan(from, words);
  kept.set(key, { words, found });
  if (kept.size > KEPT_SEARCHES) kept.delete(kept.keys().next().value!);
  return found;
}

/** What the list's two views, the table (snapshot-table-body.tsx) and the phone's cards, are given. */
export interface SnapshotTableProps {
  rows: Row[];
  view: ListState;
  onSort: (key: SortKey) => void;
  now: number;
}
