/**
 * The volumes backend: the caller's own volumes (ReadVolumes), their SQL, filters and paging.
 *
 * LIMITATIONS:
 * - Volumes are seeded, never created: CreateVolume and friends are not part of the sandbox.
 * - The LinkVolume* filters other than LinkVolumeVmIds are accepted and ignored.
 */
import type { Volume } from '../../src/api/schemas';
import type { ActionInput, RequestContext } from '../osc/context';
import { decodeToken, encodeToken, pageOf } from '../model/paging';
import { parseDate } from '../model/snapshot-query';
import { SqlWhere } from '../model/sql-where';
import type { Store } from '../model/store';
import { checkPageRequest, signedCaller, type Page, type PageRequest } from './caller';

export type FiltersVolume = NonNullable<ActionInput<'ReadVolumes'>['Filters']>;

interface VolumeRow {
  volume_id: string;
  account_id: string;
  size: number;
  state: string;
  subregion: string;
  volume_type: string;
  iops: number | null;
  snapshot_id: string | null;
  created_at: number;
  vm_id: string | null;
  device_name: string | null;
}

export class VolumesBackend {
  constructor(private readonly store: Store) {}

  /** One page of the caller's volumes that match the filters. */
  read(ctx: RequestContext, filters: FiltersVolume, page: PageRequest = {}): Page<Volume> {
    const store = this.store;
    const me = signedCaller(ctx);
    const scope = { me, filters, kind: 'volumes' };
    checkPageRequest(page);
    const where = new SqlWhere({ me });
    where.add('v.account_id = :me');
    where.in('v.volume_id', filters.VolumeIds);
    where.in('v.state', filters.VolumeStates);
    where.in('v.volume_type', filters.VolumeTypes);
    where.in('v.size', filters.VolumeSizes);
    where.in('v.subregion', filters.SubregionNames);
    where.in('v.snapshot_id', filters.SnapshotIds);
    where.in('v.vm_id', filters.LinkVolumeVmIds);
    if (filters.CreationDates) where.in('v.created_at', filters.CreationDates.map((d) => parseDate(d, false)));
    where.tags('v.volume_id', filters);
    if (page.token) {
      const after = decodeToken(store.tokenKey, page.token, scope);
      where.add(`(v.created_at > ${where.bind(after.createdAt)} OR (v.created_at = ${where.bind(after.createdAt)} AND v.volume_id > ${where.bind(after.id)}))`);
    }
    const limit = page.limit === undefined ? '' : ` LIMIT ${page.limit + 1}`;
    const rows = store.db
      .prepare(`SELECT v.* FROM volumes v WHERE ${where.clauses.join(' AND ')} ORDER BY v.created_at, v.volume_id${limit}`)
      .all(where.params) as VolumeRow[];
    const found = pageOf(rows, page.limit, (r) => ({ createdAt: r.created_at, id: r.volume_id }), (c) => encodeToken(store.tokenKey, c, scope));
    const tags = store.db.prepare('SELECT key, value FROM tags WHERE resource_id = ? ORDER BY key');
    const volumes: Volume[] = found.items.map((row) => ({
      CreationDate: new Date(row.created_at).toISOString(),
      ...(row.iops !== null ? { Iops: row.iops } : {}),
      LinkedVolumes: row.vm_id
        ? [{ DeleteOnVmDeletion: false, DeviceName: row.device_name ?? '/dev/xvdb', State: 'attached', VmId: row.vm_id, VolumeId: row.volume_id }]
        : [],
      Size: row.size,
      ...(row.snapshot_id ? { SnapshotId: row.snapshot_id } : {}),
      State: row.state,
      SubregionName: row.subregion,
      Tags: (tags.all(row.volume_id) as { key: string; value: string }[]).map((t) => ({ Key: t.key, Value: t.value })),
      VolumeId: row.volume_id,
      VolumeType: row.volume_type,
    }));
    return { items: volumes, ...(found.NextPageToken ? { nextPageToken: found.NextPageToken } : {}) };
  }
}
