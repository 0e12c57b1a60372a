/**
 * Stand-ins for the route engine's tests (route.test.ts, route-polling.test.ts): a Region's API that records every
 * call, an OOS, a Storage, and schedulers that do not wait. Imported by tests only.
 */
import type { OscClient } from '../../api/client';
import { createRegionPoller, type RegionPoller } from '../../lib/region-poller';
import type { OosApi } from './oos';

export type Call = { action: string; body: Record<string, unknown> };

/** A Region's API: snapshots complete after `polls` reads, export tasks likewise; every call recorded. */
export function fakeRegion(region: string, opts: { polls?: number; failTask?: boolean } = {}) {
  const calls: Call[] = [];
  const snapshots = new Map<string, { reads: number; token?: string; VolumeSize: number; Tags: unknown[] }>([['snap-aaaaaaaa', { reads: 99, VolumeSize: 4, Tags: [] }]]);
  const tasks = new Map<string, { reads: number; SnapshotId: string; OsuExport: Record<string, string> }>();
  let n = 0;
  const polls = opts.polls ?? 2;
  const snap = (id: string) => {
    const s = snapshots.get(id)!;
    const done = s.reads >= polls;
    return { SnapshotId: id, State: done ? 'completed' : 'pending/queued', Progress: done ? 100 : 50, VolumeSize: s.VolumeSize, Tags: s.Tags };
  };
  const call = async (action: string, body: Record<string, unknown> = {}) => {
    calls.push({ action, body });
    const filters = (body.Filters ?? {}) as Record<string, string[]>;
    switch (action) {
      case 'CreateSnapshot': {
        const existing = [...snapshots].find(([, s]) => s.token === body.ClientToken);
        const id = existing?.[0] ?? `snap-${region.length}${String(++n).padStart(7, '0')}`;
        if (!existing) snapshots.set(id, { reads: 0, token: body.ClientToken as string, VolumeSize: 4, Tags: [] });
        return { Snapshot: snap(id), ResponseContext: { RequestId: 'r' } };
      }
      case 'ReadSnapshots': {
        const found = filters.ClientTokens
          ? [...snapshots].filter(([, s]) => s.token && filters.ClientTokens!.includes(s.token)).map(([id]) => id)
          : (filters.SnapshotIds ?? []).filter((id) => snapshots.has(id));
        for (const id of found) if (filters.SnapshotIds) snapshots.get(id)!.reads++;
        return { Snapshots: found.map(snap), ResponseContext: { RequestId: 'r' } };
      }
      case 'CreateTags':
        return { ResponseContext: { RequestId: 'r' } };
      case 'CreateSnapshotExportTask': {
        const id = `snap-export-${String(++n).padStart(8, '0')}`;
        tasks.set(id, { reads: 0, SnapshotId: body.SnapshotId as string, OsuExport: body.OsuExport as Record<string, string> });
        return { SnapshotExportTask: { TaskId: id }, ResponseContext: { RequestId: 'r' } };
      }
      case 'ReadSnapshotExportTasks': {
        const list = [...tasks].filter(([id, t]) => (filters.TaskIds ?? [id]).includes(id) && (filters.SnapshotIds ?? [t.SnapshotId]).includes(t.SnapshotId));
        if (filters.TaskIds) for (const [, t] of list) t.reads++;
        return {
          SnapshotExportTasks: list.map(([id, t]) => {
            const done = t.reads >= polls;
            const State = done ? (opts.failTask ? 'failed' : 'completed') : 'active';
            return { TaskId: id, SnapshotId: t.SnapshotId, OsuExport: t.OsuExport, Progress: done ? 100 : 40, State, Tags: [], Comment: opts.failTask ? 'Export failed at 40 %: the bucket is gone.' : 'ok' };
          }),
          ResponseContext: { RequestId: 'r' },
        };
      }
    }
    throw new Error(`unexpected ${action}`);
  };
  return { client: { endpoint: `http://x/${region}`, region, identity: region, call } as unknown as OscClient, calls, snapshots, tasks };
}

export function fakeOos(buckets: string[] = []) {
  const ops: string[] = [];
  const api: OosApi = {
    endpoint: 'http://x:1',
    listBuckets: async () => (ops.push('ListBuckets'), [...buckets]),
    createBucket: async (b) => void (ops.push(`CreateBucket ${b}`), buckets.push(b)),
    listObjects: async (_b, prefix) => (ops.push('ListObjectsV2'), [{ key: `${prefix}snap-aaaaaaaa-00000001.qcow2.gz`, size: 1 }]),
    presignGet: async (b, k, s) => (ops.push(`presign ${s}`), `http://x:1/${b}/${k}?X-Amz-Expires=${s}&X-Amz-Signature=abc`),
    deleteObject: async (b, k) => void ops.push(`DeleteObject ${b}/${k}`),
  };
  return { api, ops };
}

/** Each client's own scheduler (as regionPoller gives), with a pace that does not wait. */
export function pollersWithoutWait() {
  const pollers = new Map<OscClient, RegionPoller>();
  return (client: OscClient) => pollers.get(client) ?? pollers.set(client, createRegionPoller(client, { next: () => 0, minMs: 0 })).get(client)!;
}

export const memory = () => {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map } as unknown as Storage & { map: Map<string, string> };
};

