import { describe, expect, it } from 'vitest';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import { fakeOos, fakeRegion, memory, pollersWithoutWait } from './route-fakes';
import { RouteFailure, runRoute, type RouteDeps } from './route';
import { currentStep, defaultBucket, newRoute, ROUTE_TAG, routePrefix, routeStorage, stepsOf, type RouteState } from './route-state';

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
    pollerFor: pollersWithoutWait(),
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
