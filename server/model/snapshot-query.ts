/**
 * ReadSnapshots in SQL: visibility (own, shared with the caller, public), every FiltersSnapshot filter,
 * keyset paging, and the mapping from rows to OUTSCALE's Snapshot shape.
 *
 * LIMITATIONS:
 * - A `Tags` entry without `=` matches the key alone (OUTSCALE's behaviour there is undocumented).
 * - A date-only ToCreationDate (YYYY-MM-DD) includes that whole day.
 */
import type { FiltersSnapshot, Snapshot } from '../../src/api/schemas';
import { oscErrors } from '../osc/errors';
import { EXISTS_SQL, PROGRESS_SQL, STATE_SQL, type LifecycleRow } from './lifecycle';
import type { Cursor } from './paging';
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

type Params = Record<string, string | number>;

export const VISIBLE_SQL = `(s.account_id = :me OR s.global_permission = 1 OR EXISTS (
  SELECT 1 FROM snapshot_permissions p WHERE p.snapshot_id = s.snapshot_id AND p.account_id = :me))`;

const SELECT = `SELECT s.*, a.alias AS alias, ${STATE_SQL} AS state, ${PROGRESS_SQL} AS progress
  FROM snapshots s JOIN accounts a ON a.account_id = s.account_id`;

export function parseDate(value: string, endOfDay: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(ms)) throw oscErrors.invalidParameterValue(`'${value}' is not an ISO 8601 date.`);
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

function filterSql(filters: FiltersSnapshot, params: Params): string[] {
  const where: string[] = [];
  let n = 0;
  const list = (values: unknown[]) => {
    const name = `f${n++}`;
    params[name] = JSON.stringify(values);
    return `(SELECT value FROM json_each(:${name}))`;
  };
  const scalar = (value: string | number) => {
    const name = `f${n++}`;
    params[name] = value;
    return `:${name}`;
  };
  const inList = (column: string, values: unknown[] | undefined) => {
    if (values) where.push(`${column} IN ${list(values)}`);
  };
  inList('s.snapshot_id', filters.SnapshotIds);
  inList('s.account_id', filters.AccountIds);
  inList('a.alias', filters.AccountAliases);
  inList('s.client_token', filters.ClientTokens);
  inList('s.description', filters.Descriptions);
  inList('s.volume_id', filters.VolumeIds);
  inList('s.volume_size', filters.VolumeSizes);
  inList(STATE_SQL, filters.States);
  inList(PROGRESS_SQL, filters.Progresses);
  if (filters.FromCreationDate) where.push(`s.created_at >= ${scalar(parseDate(filters.FromCreationDate, false))}`);
  if (filters.ToCreationDate) where.push(`s.created_at <= ${scalar(parseDate(filters.ToCreationDate, true))}`);
  if (filters.PermissionsToCreateVolumeGlobalPermission !== undefined) {
    where.push(`s.global_permission = ${filters.PermissionsToCreateVolumeGlobalPermission ? 1 : 0}`);
  }
  if (filters.PermissionsToCreateVolumeAccountIds) {
    where.push(`EXISTS (SELECT 1 FROM snapshot_permissions p WHERE p.snapshot_id = s.snapshot_id
      AND p.account_id IN ${list(filters.PermissionsToCreateVolumeAccountIds)})`);
  }
  const tagExists = (condition: string) =>
    `EXISTS (SELECT 1 FROM tags t WHERE t.resource_id = s.snapshot_id AND ${condition})`;
  if (filters.TagKeys) where.push(tagExists(`t.key IN ${list(filters.TagKeys)}`));
  if (filters.TagValues) where.push(tagExists(`t.value IN ${list(filters.TagValues)}`));
  if (filters.Tags) {
    const pairs = filters.Tags.map((entry) => {
      const at = entry.indexOf('=');
      if (at < 0) return `t.key = ${scalar(entry)}`;
      return `(t.key = ${scalar(entry.slice(0, at))} AND t.value = ${scalar(entry.slice(at + 1))})`;
    });
    where.push(tagExists(`(${pairs.length ? pairs.join(' OR ') : '0'})`));
  }
  return where;
}

export function querySnapshots(
  store: Store,
  me: string,
  now: number,
  filters: FiltersSnapshot,
  after?: Cursor,
  limit?: number,
): SnapshotRow[] {
  const params: Params = { me, now };
  const where = [EXISTS_SQL, VISIBLE_SQL, ...filterSql(filters, params)];
  if (after) {
    params.afterAt = after.createdAt;
    params.afterId = after.id;
    where.push('(s.created_at > :afterAt OR (s.created_at = :afterAt AND s.snapshot_id > :afterId))');
  }
  const sql = `${SELECT} WHERE ${where.join(' AND ')} ORDER BY s.created_at, s.snapshot_id${
    limit === undefined ? '' : ` LIMIT ${limit + 1}`
  }`;
  return store.db.prepare(sql).all(params) as SnapshotRow[];
}

/** One snapshot the caller can see, or undefined (unknown, private to another account, or deleted). */
export function visibleSnapshot(store: Store, me: string, now: number, id: string): SnapshotRow | undefined {
  return querySnapshots(store, me, now, { SnapshotIds: [id] })[0];
}

export function toSnapshots(store: Store, rows: SnapshotRow[]): Snapshot[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((row) => row.snapshot_id));
  const tags = new Map<string, { Key: string; Value: string }[]>();
  for (const t of store.db
    .prepare('SELECT resource_id, key, value FROM tags WHERE resource_id IN (SELECT value FROM json_each(?)) ORDER BY key')
    .all(ids) as { resource_id: string; key: string; value: string }[]) {
    const entry = tags.get(t.resource_id) ?? [];
    entry.push({ Key: t.key, Value: t.value });
    tags.set(t.resource_id, entry);
  }
  const shares = new Map<string, string[]>();
  for (const p of store.db
    .prepare('SELECT snapshot_id, account_id FROM snapshot_permissions WHERE snapshot_id IN (SELECT value FROM json_each(?)) ORDER BY account_id')
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
