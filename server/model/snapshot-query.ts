/**
 * ReadSnapshots in SQL: visibility (own, shared with the caller, public), every FiltersSnapshot filter,
 * keyset paging, and the mapping from rows to OUTSCALE's Snapshot shape.
 *
 * LIMITATIONS:
 * - A `Tags` entry without `=` matches the key alone (OUTSCALE's behaviour there is undocumented).
 * - A date-only ToCreationDate (YYYY-MM-DD) includes that whole day.
 */
import type { FiltersSnapshot } from '../../src/api/requests';
import type { Snapshot } from '../../src/api/schemas';
import { oscErrors } from '../osc/errors';
import { EXISTS_SQL, PROGRESS_SQL, STATE_SQL, type LifecycleRow } from './lifecycle';
import type { Cursor } from './paging';
import { SqlWhere } from './sql-where';
import type { Store } from './store';

export interface SnapshotRow extends LifecycleRow {
  snapshot_id: string;
  account_id: string;
  alias: string | null;
  volume_id: string | null;
  volume_size: number;
  description: string;
  global_permission: number;
  client_token: string | null;
  request_hash: string | null;
  source_snapshot_id: string | null;
  origin: string;
  state: string;
  progress: number;
}

/** Own, public in the caller's Region (each Region has its own data: a public snapshot of another Region is not seen), or shared with the caller. */
export const VISIBLE_SQL = `(s.account_id = :me OR (s.global_permission = 1 AND s.account_id IN (SELECT r.account_id FROM accounts r
  WHERE r.region = (SELECT m.region FROM accounts m WHERE m.account_id = :me))) OR EXISTS (
  SELECT 1 FROM snapshot_permissions p WHERE p.snapshot_id = s.snapshot_id AND p.account_id = :me))`;

const SELECT = `SELECT s.*, a.alias AS alias, ${STATE_SQL} AS state, ${PROGRESS_SQL} AS progress
  FROM snapshots s JOIN accounts a ON a.account_id = s.account_id`;

export function parseDate(value: string, endOfDay: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(ms)) throw oscErrors.invalidParameterValue(`'${value}' is not an ISO 8601 date.`);
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

function filterSql(filters: FiltersSnapshot, where: SqlWhere): void {
  where.in('s.snapshot_id', filters.SnapshotIds);
  where.in('s.account_id', filters.AccountIds);
  where.in('a.alias', filters.AccountAliases);
  where.in('s.client_token', filters.ClientTokens);
  where.in('s.description', filters.Descriptions);
  where.in('s.volume_id', filters.VolumeIds);
  where.in('s.volume_size', filters.VolumeSizes);
  where.in(STATE_SQL, filters.States);
  where.in(PROGRESS_SQL, filters.Progresses);
  if (filters.FromCreationDate) where.add(`s.created_at >= ${where.bind(parseDate(filters.FromCreationDate, false))}`);
  if (filters.ToCreationDate) where.add(`s.created_at <= ${where.bind(parseDate(filters.ToCreationDate, true))}`);
  if (filters.PermissionsToCreateVolumeGlobalPermission !== undefined) {
    where.add(`s.global_permission = ${filters.PermissionsToCreateVolumeGlobalPermission ? 1 : 0}`);
  }
  if (filters.PermissionsToCreateVolumeAccountIds) {
    where.related('s.snapshot_id', 'snapshot_permissions', 'snapshot_id', 'account_id', filters.PermissionsToCreateVolumeAccountIds);
  }
  where.tags('s.snapshot_id', filters);
}

function whereOf(me: string, now: number, filters: FiltersSnapshot, after?: Cursor): SqlWhere {
  const where = new SqlWhere({ me, now });
  where.add(EXISTS_SQL);
  where.add(VISIBLE_SQL);
  filterSql(filters, where);
  if (after) {
    // A row value, so SQLite seeks the (created_at, snapshot_id) index instead of scanning from the start.
    where.add(`(s.created_at, s.snapshot_id) > (${where.bind(after.createdAt)}, ${where.bind(after.id)})`);
  }
  return where;
}

function orderedSql(select: string, where: SqlWhere, limit?: number): string {
  return `${select} WHERE ${where.clauses.join(' AND ')} ORDER BY s.created_at, s.snapshot_id${
    limit === undefined ? '' : ` LIMIT ${limit + 1}`
  }`;
}

/** Rows in creation order; with `limit`, at most limit + 1 rows (the extra one tells that a next page exists). */
export function querySnapshots(
  store: Store,
  me: string,
  now: number,
  filters: FiltersSnapshot,
  after?: Cursor,
  limit?: number,
): SnapshotRow[] {
  const where = whereOf(me, now, filters, after);
  return store.statement(orderedSql(SELECT, where, limit)).all(where.params) as SnapshotRow[];
}

const jsonString = (sql: string) => `json_quote(${sql})`;
const optionalMember = (name: string, column: string) =>
  `CASE WHEN ${column} IS NOT NULL AND ${column} <> '' THEN '"${name}":' || ${jsonString(column)} || ',' ELSE '' END`;

/**
 * The Snapshot of a row as JSON text, built by SQLite: the same members, values and order as `toSnapshots`
 * (then JSON.stringify), without making a JS object per row. Tags are sorted by key, share account IDs by ID
 * (aggregate ORDER BY, SQLite 3.44+; better-sqlite3 12 ships 3.5x).
 */
export const SNAPSHOT_JSON_SQL = `'{' || ${optionalMember('AccountAlias', 'a.alias')}
  || '"AccountId":' || ${jsonString('s.account_id')} || ','
  || ${optionalMember('ClientToken', 's.client_token')}
  || '"CreationDate":' || json_quote(strftime('%Y-%m-%dT%H:%M:%S', s.created_at / 1000, 'unixepoch')
       || printf('.%03dZ', s.created_at % 1000))
  || ',"Description":' || ${jsonString('s.description')}
  || ',"PermissionsToCreateVolume":{"AccountIds":' || (SELECT json_group_array(p.account_id ORDER BY p.account_id)
       FROM snapshot_permissions p WHERE p.snapshot_id = s.snapshot_id)
  || ',"GlobalPermission":' || CASE s.global_permission WHEN 1 THEN 'true' ELSE 'false' END
  || '},"Progress":' || ${PROGRESS_SQL}
  || ',"SnapshotId":' || ${jsonString('s.snapshot_id')}
  || ',"State":' || json_quote(${STATE_SQL})
  || ',"Tags":' || (SELECT json_group_array(json_object('Key', t.key, 'Value', t.value) ORDER BY t.key)
       FROM tags t WHERE t.resource_id = s.snapshot_id)
  || ',' || ${optionalMember('VolumeId', 's.volume_id')}
  || '"VolumeSize":' || s.volume_size || '}'`;

export interface SnapshotJsonRow {
  json: string;
  created_at: number;
  snapshot_id: string;
}

/**
 * The JSON text of snapshots that only a write can change: `completed` or `error` and not being deleted (their
 * State and Progress no longer move with the clock). Valid while SQLite's `total_changes()` for the connection
 * is the one it was filled at: any INSERT, UPDATE or DELETE, by any code path, empties it. Bounded.
 */
interface Settled {
  json: string;
  created_at: number;
  account_id: string;
  global: boolean;
  /** Its owner's Region: public is public within that Region only. */
  region: string;
  /** Accounts it is shared with. */
  shares: string[];
  /** From when it no longer moves with the clock (a clock set back makes a copy move again). */
  settledAt: number;
}
interface JsonCache {
  changes: number;
  texts: Map<string, Settled>;
}
/** At most this many texts are kept (then the cache starts again empty); a knob for the tests. */
export const jsonCacheLimit = { max: 20_000 };
const jsonCaches = new WeakMap<Store, JsonCache>();

const STABLE_SQL = `(s.deleting_at IS NULL AND :now >= s.created_at + s.queue_ms + s.run_ms)`;

/**
 * Like querySnapshots, but each row is the Snapshot's JSON text (and its cursor). The rows are chosen, in order,
 * by a light query; the JSON of snapshots that can no longer change without a write comes from the cache, the
 * rest from one query that builds it in SQLite.
 */
export function querySnapshotJson(
  store: Store,
  me: string,
  now: number,
  filters: FiltersSnapshot,
  after?: Cursor,
  limit?: number,
): SnapshotJsonRow[] {
  const ids = filters.SnapshotIds;
  if (ids && !after && ids.length <= BY_ID_MAX && Object.keys(filters).length === 1) {
    const known = settledById(store, me, now, ids, limit);
    if (known) return known;
  }
  const where = whereOf(me, now, filters, after);
  const select = `SELECT s.created_at, s.snapshot_id, ${STABLE_SQL} AS stable, total_changes() AS changes
  FROM snapshots s JOIN accounts a ON a.account_id = s.account_id`;
  const rows = store.statement(orderedSql(select, where, limit)).all(where.params) as {
    created_at: number;
    snapshot_id: string;
    stable: number;
    changes: number;
  }[];
  if (rows.length === 0) return [];
  let cache = jsonCaches.get(store);
  if (!cache || cache.changes !== rows[0]!.changes) {
    cache = { changes: rows[0]!.changes, texts: new Map() };
    jsonCaches.set(store, cache);
  }
  const texts = cache.texts;
  // A cached text is used only for a row stable at this `now` too (a clock set back makes a copy move again).
  // The hits are taken now: filling the cache below may empty it first (when it is full).
  const hits = rows.map((row) => (row.stable ? texts.get(row.snapshot_id)?.json : undefined));
  const missing = rows.filter((_row, at) => hits[at] === undefined).map((row) => row.snapshot_id);
  const built = new Map<string, string>();
  if (missing.length > 0) {
    const byId = store
      .statement(`SELECT s.snapshot_id AS id, ${SNAPSHOT_JSON_SQL} AS json, ${STABLE_SQL} AS stable, s.created_at, s.account_id,
    a.region, s.global_permission, s.created_at + s.queue_ms + s.run_ms AS settled_at,
    (SELECT json_group_array(p.account_id) FROM snapshot_permissions p WHERE p.snapshot_id = s.snapshot_id) AS shares
  FROM snapshots s JOIN accounts a ON a.account_id = s.account_id WHERE s.snapshot_id IN (SELECT value FROM json_each(:ids))`)
      .all({ now, ids: JSON.stringify(missing) }) as {
      id: string;
      json: string;
      stable: number;
      created_at: number;
      account_id: string;
      region: string;
      global_permission: number;
      settled_at: number;
      shares: string;
    }[];
    if (texts.size + byId.length > jsonCacheLimit.max) texts.clear();
    for (const row of byId) {
      built.set(row.id, row.json);
      if (row.stable) {
        texts.set(row.id, {
          json: row.json,
          created_at: row.created_at,
          account_id: row.account_id,
          global: row.global_permission === 1,
          region: row.region,
          shares: JSON.parse(row.shares) as string[],
          settledAt: row.settled_at,
        });
      }
    }
  }
  return rows.map((row, at) => {
    const json = hits[at] ?? built.get(row.snapshot_id);
    // Never an answer with a hole in it: a row the light query chose must have its text.
    if (json === undefined) throw new Error(`no JSON text for ${row.snapshot_id}`);
    return { json, created_at: row.created_at, snapshot_id: row.snapshot_id };
  });
}

/** Reads by at most this many IDs may be answered from the cache alone. */
const BY_ID_MAX = 100;

/**
 * A read by IDs (and nothing else) answered from the cache alone, when every ID names a settled snapshot whose
 * JSON is cached and no write happened since: visibility (VISIBLE_SQL) is checked on the cached owner, public
 * flag and shares, which only a write can change. Undefined when any ID is not there: the caller asks SQLite.
 */
function settledById(store: Store, me: string, now: number, ids: string[], limit?: number): SnapshotJsonRow[] | undefined {
  const cache = jsonCaches.get(store);
  if (!cache || cache.texts.size === 0) return undefined;
  if (cache.changes !== (store.statement('SELECT total_changes()').pluck().get() as number)) return undefined;
  const rows: SnapshotJsonRow[] = [];
  const seen = new Set<string>();
  let myRegion: string | null | undefined;
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const entry = cache.texts.get(id);
    if (!entry || now < entry.settledAt) return undefined;
    // A plain object, not a spread of the entry: spreading cost more than everything else here together.
    if (
      entry.account_id === me ||
      entry.shares.includes(me) ||
      (entry.global && entry.region === (myRegion ??= store.account(me)?.region ?? null))
    ) {
      rows.push({ json: entry.json, created_at: entry.created_at, snapshot_id: id });
    }
  }
  rows.sort((a, b) => a.created_at - b.created_at || (a.snapshot_id < b.snapshot_id ? -1 : a.snapshot_id > b.snapshot_id ? 1 : 0));
  return limit === undefined ? rows : rows.slice(0, limit + 1);
}

/** One snapshot the caller can see, or undefined (unknown, private to another account, or deleted). */
export function visibleSnapshot(store: Store, me: string, now: number, id: string): SnapshotRow | undefined {
  return querySnapshots(store, me, now, { SnapshotIds: [id] })[0];
}

export function toSnapshots(store: Store, rows: SnapshotRow[]): Snapshot[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((row) => row.snapshot_id));
  const tags = new Map<string, { Key: string; Value: string }[]>();
  for (const t of store
    .statement('SELECT resource_id, key, value FROM tags WHERE resource_id IN (SELECT value FROM json_each(?)) ORDER BY key')
    .all(ids) as { resource_id: string; key: string; value: string }[]) {
    const entry = tags.get(t.resource_id) ?? [];
    entry.push({ Key: t.key, Value: t.value });
    tags.set(t.resource_id, entry);
  }
  const shares = new Map<string, string[]>();
  for (const p of store
    .statement('SELECT snapshot_id, account_id FROM snapshot_permissions WHERE snapshot_id IN (SELECT value FROM json_each(?)) ORDER BY account_id')
    .all(ids) as { snapshot_id: string; account_id: string }[]) {
    const entry = shares.get(p.snapshot_id) ?? [];
    entry.push(p.account_id);
    shares.set(p.snapshot_id, entry);
  }
  return rows.map((row) => ({
    ...(row.alias ? { AccountAlias: row.alias } : {}),
    AccountId: row.account_id,
    ...(row.client_token ? { ClientToken: row.client_token } : {}),
    CreationDate: new Date(row.created_at).toISOString(),
    Description: row.description,
    PermissionsToCreateVolume: {
      AccountIds: shares.get(row.snapshot_id) ?? [],
      GlobalPermission: row.global_permission === 1,
    },
    Progress: row.progress,
    SnapshotId: row.snapshot_id,
    State: row.state,
    Tags: tags.get(row.snapshot_id) ?? [],
    ...(row.volume_id ? { VolumeId: row.volume_id } : {}),
    VolumeSize: row.volume_size,
  }));
}
