import { describe, expect, it } from 'vitest';
import type { OscClient } from '../../api/client';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import type { OosApi } from './oos';
import { RouteFailure, runRoute, type RouteDeps } from './route';
import { currentStep, defaultBucket, newRoute, ROUTE_TAG, routePrefix, routeStorage, stepsOf, type RouteState } from './route-state';

type Call = { action: string; body: Record<string, unknown> };

/** A Region's API: snapshots complete after `polls` reads, export tasks likewise; every call recorded. */
function fakeRegion(region: string, opts: { polls?: number; failTask?: boolean } = {}) {
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

function fakeOos(buckets: string[] = []) {
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

const memory = () => {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map } as unknown as Storage & { map: Map<string, string> };
};

function setup(over: Partial<Parameters<typeof newRoute>[0]> = {}, opts: { failTask?: boolean } = {}) {
  const source = fakeRegion('eu-west-2', opts);
  const dest = fakeRegion('us-east-2');
  const oos = fakeOos();
  const storage = memory();
  const state = newRoute({ sourceId: 'snap-aaaaaaaa', sourceRegion: 'eu-west-2', destRegion: 'us-east-2', needsOwnCopy: false, bucket: defaultBucket('111122223333'), deleteObject: true, description: 'd', ...over });
  const progress: string[] = [];
  const deps: RouteDeps = {
    source: source.client,
    dest: dest.client,
    oos: oos.api,
    accountId: '111122223333',
    save: (s) => routeStorage.save(s, storage),
    onProgress: (p) => progress.push(p.step),
    wait: async () => undefined,
    pollMs: 0,
  };
  return { source, dest, oos, storage, state, deps, progress };
}

describe('cross-Region route', () => {
  it('runs export, URL, import, watch and clean-up in order, with provenance tags and no secret in storage', async () => {
    const t = setup();
    expect(stepsOf(t.state)).toEqual(['export', 'url', 'import', 'watch', 'cleanup']);
    const end = await runRoute(t.state, t.deps);
    expect(currentStep(end)).toBe('done');
    expect(t.oos.ops).toContain(`CreateBucket ${defaultBucket('111122223333')}`);
    const create = t.source.calls.find((c) => c.action === 'CreateSnapshotExportTask')!;
    expect(create.body).toMatchObject({ SnapshotId: 'snap-aaaaaaaa', OsuExport: { OsuPrefix: routePrefix(t.state.routeId), DiskImageFormat: 'qcow2' } });
    // The task is tagged for the route, to be found by its tag after a reload.
    expect(t.source.calls.find((c) => c.action === 'CreateTags')?.body).toEqual({ ResourceIds: [t.state.taskId], Tags: [{ Key: ROUTE_TAG, Value: t.state.routeId }] });
    const imp = t.dest.calls.find((c) => c.action === 'CreateSnapshot')!;
    expect(imp.body).toMatchObject({ SnapshotSize: 4 * 2 ** 30, ClientToken: t.state.importToken });
    expect(String(imp.body.FileLocation)).toContain('X-Amz-Expires=900');
    const tags = t.dest.calls.find((c) => c.action === 'CreateTags')!.body.Tags as { Key: string; Value: string }[];
    expect(tags).toContainEqual({ Key: PROVENANCE_KEYS.source, Value: 'snap-aaaaaaaa' });
    expect(tags).toContainEqual({ Key: PROVENANCE_KEYS.region, Value: 'eu-west-2' });
    expect(t.oos.ops.at(-1)).toMatch(/^DeleteObject /);
    const stored = [...t.storage.map.values()].join('');
    expect(stored).not.toMatch(/X-Amz|Signature|http/);
    expect(routeStorage.load(t.state.routeId, t.storage)?.importedId).toBe(end.importedId);
  });

  it('takes the extra first step for a shared source and exports the own copy', async () => {
    const t = setup({ needsOwnCopy: true });
    expect(stepsOf(t.state)[0]).toBe('own-copy');
    await runRoute(t.state, t.deps);
    const copy = t.source.calls.find((c) => c.action === 'CreateSnapshot')!;
    expect(copy.body).toMatchObject({ SourceSnapshotId: 'snap-aaaaaaaa', SourceRegionName: 'eu-west-2', ClientToken: t.state.copyToken });
    expect(t.source.calls.find((c) => c.action === 'CreateSnapshotExportTask')!.body.SnapshotId).toBe(t.state.copyId);
  });

  it('resumes from storage after a reload mid-export without a second task, and never imports twice', async () => {
    const t = setup();
    const abort = new AbortController();
    let reads = 0;
    const interrupted = runRoute(t.state, {
      ...t.deps,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.step === 'export' && p.percent !== undefined && ++reads === 1) abort.abort(new Error('reload'));
      },
      wait: async (_ms, signal) => {
        if (signal?.aborted) throw signal.reason;
      },
    });
    await expect(interrupted).rejects.toThrow('reload');
    const reloaded = routeStorage.load(t.state.routeId, t.storage)!;
    expect(currentStep(reloaded)).toBe('export');
    expect(reloaded.taskId).toBeDefined();
    // A reload that lost the task ID (between the call and its answer) finds the task by its prefix.
    delete reloaded.taskId;
    await runRoute(reloaded, t.deps);
    expect(t.source.calls.filter((c) => c.action === 'CreateSnapshotExportTask')).toHaveLength(1);
    // Run again from a state that lost the imported ID: the ClientToken finds it, no second CreateSnapshot.
    const again = { ...reloaded, done: { ...reloaded.done, import: undefined, watch: undefined } } as RouteState;
    delete again.importedId;
    await runRoute(again, t.deps);
    expect(t.dest.calls.filter((c) => c.action === 'CreateSnapshot')).toHaveLength(1);
    expect(again.importedId).toBe(reloaded.importedId);
  });

  it('names the failed step with the task Comment, and a retry makes a new task', async () => {
    const t = setup({}, { failTask: true });
    const failure = await runRoute(t.state, t.deps).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RouteFailure);
    expect((failure as RouteFailure).step).toBe('export');
    expect((failure as RouteFailure).message).toContain('the bucket is gone');
    expect(t.state.taskId).toBeUndefined();
    await runRoute(t.state, t.deps).catch(() => undefined);
    expect(t.source.calls.filter((c) => c.action === 'CreateSnapshotExportTask')).toHaveLength(2);
  });

  it('refuses a picked bucket that does not exist instead of creating it', async () => {
    const t = setup({ bucket: 'someone-elses' });
    const failure = (await runRoute(t.state, t.deps).catch((e: unknown) => e)) as RouteFailure;
    expect(failure.step).toBe('export');
    expect(t.oos.ops).not.toContain('CreateBucket someone-elses');
  });

  it('refuses to store anything signed', () => {
    const t = setup();
    expect(() => routeStorage.save({ ...t.state, description: 'x?X-Amz-Signature=1' }, t.storage)).toThrow();
  });
});
