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
      const params: Record<string, string | number> = { me };
      const where = ['v.account_id = :me'];
      let n = 0;
      const inList = (column: string, values: unknown[] | undefined) => {
        if (!values) return;
        params[`f${n}`] = JSON.stringify(values);
        where.push(`${column} IN (SELECT value FROM json_each(:f${n++}))`);
      };
      inList('v.volume_id', filters.VolumeIds);
      inList('v.state', filters.VolumeStates);
      inList('v.volume_type', filters.VolumeTypes);
      inList('v.size', filters.VolumeSizes);
      inList('v.subregion', filters.SubregionNames);
      inList('v.snapshot_id', filters.SnapshotIds);
      inList('v.vm_id', filters.LinkVolumeVmIds);
      if (filters.CreationDates) inList('v.created_at', filters.CreationDates.map((d) => parseDate(d, false)));
      const tag = (condition: string) => where.push(`EXISTS (SELECT 1 FROM tags t WHERE t.resource_id = v.volume_id AND ${condition})`);
      if (filters.TagKeys) {
        params[`f${n}`] = JSON.stringify(filters.TagKeys);
        tag(`t.key IN (SELECT value FROM json_each(:f${n++}))`);
      }
      if (filters.TagValues) {
        params[`f${n}`] = JSON.stringify(filters.TagValues);
        tag(`t.value IN (SELECT value FROM json_each(:f${n++}))`);
      }
      if (filters.Tags) {
        params[`f${n}`] = JSON.stringify(filters.Tags);
        tag(`t.key || '=' || t.value IN (SELECT value FROM json_each(:f${n++}))`);
      }
      if (input.NextPageToken) {
        const after = decodeToken(store.tokenKey, input.NextPageToken, scope);
        params.afterAt = after.createdAt;
        params.afterId = after.id;
        where.push('(v.created_at > :afterAt OR (v.created_at = :afterAt AND v.volume_id > :afterId))');
      }
      const limit = input.ResultsPerPage === undefined ? '' : ` LIMIT ${input.ResultsPerPage + 1}`;
      const rows = store.db
        .prepare(`SELECT v.* FROM volumes v WHERE ${where.join(' AND ')} ORDER BY v.created_at, v.volume_id${limit}`)
        .all(params) as VolumeRow[];
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
