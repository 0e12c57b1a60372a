/**
 * ReadVolumes on the caller's own volumes, with filters and paging.
 *
 * LIMITATIONS:
 * - Volumes are seeded, never created: CreateVolume and friends are not part of the sandbox.
 * - The LinkVolume* filters other than LinkVolumeVmIds are accepted and ignored.
 */
import type { Volume } from '../../src/api/schemas';
import { DRY_RUN_OK, type ActionHandlers } from '../osc/context';
import { oscErrors } from '../osc/errors';
import { decodeToken, encodeToken, pageOf } from './paging';
import { parseDate } from './snapshot-query';
import { SqlWhere } from './sql-where';
import type { Store } from './store';

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

export function volumeHandlers(store: Store): Pick<ActionHandlers, 'ReadVolumes'> {
  return {
    ReadVolumes: (input, ctx) => {
      const me = ctx.accountId;
      if (!me) throw oscErrors.authFailed('This call needs a signed request.');
      const filters = input.Filters ?? {};
      const scope = { me, filters, kind: 'volumes' };
      if (input.NextPageToken !== undefined && input.ResultsPerPage === undefined) {
        throw oscErrors.missingParameter('ResultsPerPage is required with NextPageToken.');
      }
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
      if (input.NextPageToken) {
        const after = decodeToken(store.tokenKey, input.NextPageToken, scope);
        where.add(`(v.created_at > ${where.bind(after.createdAt)} OR (v.created_at = ${where.bind(after.createdAt)} AND v.volume_id > ${where.bind(after.id)}))`);
      }
      const limit = input.ResultsPerPage === undefined ? '' : ` LIMIT ${input.ResultsPerPage + 1}`;
      const rows = store.db
        .prepare(`SELECT v.* FROM volumes v WHERE ${where.clauses.join(' AND ')} ORDER BY v.created_at, v.volume_id${limit}`)
        .all(where.params) as VolumeRow[];
      const page = pageOf(rows, input.ResultsPerPage, (r) => ({ createdAt: r.created_at, id: r.volume_id }), (c) => encodeToken(store.tokenKey, c, scope));
      if (input.DryRun) return DRY_RUN_OK;
      const tags = store.db.prepare('SELECT key, value FROM tags WHERE resource_id = ? ORDER BY key');
      const volumes: Volume[] = page.items.map((row) => ({
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
      return { Volumes: volumes, ...(page.NextPageToken ? { NextPageToken: page.NextPageToken } : {}) };
    },
  };
}
