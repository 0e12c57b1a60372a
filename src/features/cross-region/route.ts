/**
 * The cross-Region route engine (issue 14 items 6, 7): a snapshot of one Region made again in another, the way
 * OUTSCALE allows it, as one resumable flow. Pure TypeScript, no React: the dialog runs it and shows its progress.
 *
 *   own-copy  a shared or public source copied into the operator's account (CreateSnapshot, fixed ClientToken)
 *   export    CreateSnapshotExportTask to a bucket (created when it is the default one and missing); a task this
 *             route already made is found first (its tag, or its route prefix), so a reload never makes a second
 *   url       the exported object found (ListObjectsV2 under the route prefix); its pre-signed GET URL is made
 *             only when the import runs (15 minutes), never kept
 *   import    CreateSnapshot with FileLocation and SnapshotSize in the destination, with its own client and a fixed
 *             ClientToken (looked up first), then the provenance tags (PROVENANCE_KEYS, as a copy has them)
 *   watch     the imported snapshot polled to completed
 *   cleanup   (optional) the exported object deleted
 *
 * The route polls nothing itself: what it waits for (its own copy and the source's size in the source Region, its
 * export task there, its imported snapshot in the destination) is registered with that Region's poll scheduler
 * (src/lib/region-poller.ts), which reads it in the same request as the tray's copies and the other routes': one
 * request per Region per interval, however many routes and copies are in flight.
 *
 * Every ID is saved (route-state.ts) as soon as it is known, so each step runs once; a failure is a RouteFailure
 * naming its step, and running again retries from that step.
 */
import type { OscClient } from '../../api/client';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import type { SnapshotExportTask } from '../../api/export-schemas';
import type { Snapshot } from '../../api/schemas';
import type { PollKind, RegionPoller } from '../../lib/region-poller';
import { OosError, type OosApi } from './oos';
import { currentStep, defaultBucket, ROUTE_TAG, routePrefix, URL_SECONDS, type RouteState, type StepName } from './route-state';

const GiB = 2 ** 30;

export class RouteFailure extends Error {
  constructor(
    readonly step: StepName,
    override readonly cause: unknown,
    message?: string,
  ) {
    super(message ?? (cause instanceof Error ? cause.message : String(cause)));
    this.name = 'RouteFailure';
  }
}

export interface StepProgress {
  step: StepName;
  /** 0–100 when the API says how far it is. */
  percent?: number;
  /** What is happening, in words (a state, a task ID). */
  note: string;
}

export interface RouteDeps {
  source: OscClient;
  dest: OscClient;
  oos: OosApi;
  /** The source Region's account (the default bucket's name). */
  accountId: string;
  save(state: RouteState): void;
  onProgress(progress: StepProgress): void;
  /** The poll scheduler of a Region's client (regionPoller in the app and the bench). */
  pollerFor(client: OscClient): RegionPoller;
  signal?: AbortSignal;
}

/** Runs the route from its current step to the end; the state passed in is updated (and saved) as it goes. */
export async function runRoute(state: RouteState, deps: RouteDeps): Promise<RouteState> {
  for (let step = currentStep(state); step !== 'done'; step = currentStep(state)) {
    try {
      await STEP_RUNNERS[step](state, deps);
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      throw error instanceof RouteFailure ? error : new RouteFailure(step, error);
    }
    state.done[step] = true;
    deps.save(state);
  }
  return state;
}

const exportSource = (state: RouteState) => state.copyId ?? state.sourceId;
const remember = <K extends keyof RouteState>(state: RouteState, deps: RouteDeps, key: K, value: RouteState[K]) => {
  state[key] = value;
  deps.save(state);
};

/**
 * Watches one snapshot or export task with its Region's scheduler until `seen` says it is done (true) or throws;
 * `seen` gets undefined when the answer no longer has it. Each answer counts as moved when State or Progress did.
 */
function watchOne<T extends { State: string; Progress: number }>(client: OscClient, kind: PollKind, id: string, deps: RouteDeps, seen: (found: T | undefined) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (deps.signal?.aborted) return reject(deps.signal.reason);
    let last = '';
    // Its last two readings while it moves: the rate its end is expected from.
    let samples: { at: number; progress: number }[] = [];
    const stop = deps.pollerFor(client).watch({
      [kind === 'snapshots' ? 'snapshotIds' : 'taskIds']: () => [id],
      [kind === 'snapshots' ? 'onSnapshots' : 'onTasks']: ({ found, at }: { found: T[]; at: number }) => {
        const item = found[0];
        const now = item ? `${item.State} ${item.Progress}` : '';
        const moved = now !== last;
        last = now;
        if (item && item.Progress > 0 && item.Progress < 100) samples = [...samples, { at, progress: item.Progress }].slice(-2);
        try {
          if (seen(item)) end(resolve);
        } catch (error) {
          end(() => reject(error));
        }
        return moved;
      },
      doneAt: () => {
        const [a, b] = samples;
        if (!a || !b || b.progress <= a.progress) return undefined;
        const msPerPercent = (b.at - a.at) / (b.progress - a.progress);
        // One percent late: Progress is a whole number, the end is after it reads 99.
        return b.at + (100 - b.progress + 1) * msPerPercent;
      },
      onError: (error: unknown) => end(() => reject(error)),
    });
    const abort = () => end(() => reject(deps.signal!.reason));
    deps.signal?.addEventListener('abort', abort, { once: true });
    function end(then: () => void) {
      stop();
      deps.signal?.removeEventListener('abort', abort);
      then();
    }
  });
}

/** A snapshot read once, in the next read of its Region's scheduler. */
async function readSnapshot(client: OscClient, id: string, deps: RouteDeps): Promise<Snapshot> {
  let snapshot: Snapshot | undefined;
  await watchOne<Snapshot>(client, 'snapshots', id, deps, (found) => {
    if (!found) throw new Error(`The snapshot ${id} is not there any more (deleted?).`);
    snapshot = found;
    return true;
  });
  return snapshot!;
}

/** Polls a snapshot until completed; `error` fails the step. */
function watchSnapshot(client: OscClient, id: string, step: StepName, deps: RouteDeps): Promise<void> {
  return watchOne<Snapshot>(client, 'snapshots', id, deps, (snapshot) => {
    if (!snapshot) throw new Error(`The snapshot ${id} is not there any more (deleted?).`);
    deps.onProgress({ step, percent: snapshot.Progress, note: `${id}: ${snapshot.State} (${snapshot.Progress} %)` });
    if (snapshot.State === 'error') throw new RouteFailure(step, new Error(`${id} ended in error at ${snapshot.Progress} %.`));
    return snapshot.State === 'completed';
  });
}

async function ownCopy(state: RouteState, deps: RouteDeps) {
  if (!state.copyId) {
    deps.onProgress({ step: 'own-copy', note: `Copying ${state.sourceId} into your account…` });
    const answer = await deps.source.call(
      'CreateSnapshot',
      { SourceSnapshotId: state.sourceId, SourceRegionName: state.sourceRegion, ClientToken: state.copyToken, Description: `Own copy of ${state.sourceId} for a copy to ${state.destRegion}` },
      { signal: deps.signal },
    );
    if (!answer.Snapshot) throw new Error('CreateSnapshot answered without a snapshot.');
    remember(state, deps, 'copyId', answer.Snapshot.SnapshotId);
  }
  await watchSnapshot(deps.source, state.copyId!, 'own-copy', deps);
}

/** A task of this route: its tag, or (OUTSCALE takes no Tags in CreateSnapshotExportTask) its bucket and prefix. */
export function isRouteTask(task: SnapshotExportTask, state: RouteState): boolean {
  if (task.State === 'failed' || task.State === 'cancelled') return false;
  return task.Tags.some((tag) => tag.Key === ROUTE_TAG && tag.Value === state.routeId) || (task.OsuExport.OsuBucket === state.bucket && task.OsuExport.OsuPrefix === routePrefix(state.routeId));
}

async function findTask(state: RouteState, deps: RouteDeps): Promise<SnapshotExportTask | undefined> {
  let token: string | undefined;
  do {
    const page = await deps.source.call('ReadSnapshotExportTasks', { Filters: { SnapshotIds: [exportSource(state)] }, ...(token ? { NextPageToken: token } : {}) }, { signal: deps.signal });
    const found = page.SnapshotExportTasks.find((task) => isRouteTask(task, state));
    if (found) return found;
    token = page.NextPageToken;
  } while (token);
  return undefined;
}

async function ensureBucket(state: RouteState, deps: RouteDeps) {
  if (state.done.bucket) return;
  const buckets = await deps.oos.listBuckets();
  if (!buckets.includes(state.bucket)) {
    if (state.bucket !== defaultBucket(deps.accountId)) throw new OosError('NoSuchBucket', `The bucket '${state.bucket}' does not exist in ${state.sourceRegion}.`, 404, 'ListBuckets');
    deps.onProgress({ step: 'export', note: `Creating the bucket ${state.bucket}…` });
    // Another route started at the same time may have just made it.
    await deps.oos.createBucket(state.bucket).catch((error: unknown) => {
      if (!(error instanceof OosError && error.code === 'BucketAlreadyOwnedByYou')) throw error;
    });
  }
  state.done.bucket = true;
  deps.save(state);
}

/** The import's SnapshotSize in bytes: the exported snapshot's uncompressed size (VolumeSize GiB). */
async function readSize(state: RouteState, deps: RouteDeps) {
  if (!state.sizeBytes) remember(state, deps, 'sizeBytes', (await readSnapshot(deps.source, exportSource(state), deps)).VolumeSize * GiB);
}

async function exportStep(state: RouteState, deps: RouteDeps) {
  await import('../../api/export-schemas');
  // The size is read in one of the source Region's first ticks, while the export runs, rather than after it.
  const size = readSize(state, deps);
  size.catch(() => undefined);
  await ensureBucket(state, deps);
  if (!state.taskId) {
    const existing = await findTask(state, deps);
    if (existing) remember(state, deps, 'taskId', existing.TaskId);
    else {
      const answer = await deps.source.call(
        'CreateSnapshotExportTask',
        { SnapshotId: exportSource(state), OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: state.bucket, OsuPrefix: routePrefix(state.routeId) } },
        { signal: deps.signal },
      );
      if (!answer.SnapshotExportTask) throw new Error('CreateSnapshotExportTask answered without a task.');
      remember(state, deps, 'taskId', answer.SnapshotExportTask.TaskId);
      // Tagged for the route, so that it is found by its tag; a cloud that refuses tags on export tasks still has
      // the route's own prefix to find it by.
      await deps.source.call('CreateTags', { ResourceIds: [answer.SnapshotExportTask.TaskId], Tags: [{ Key: ROUTE_TAG, Value: state.routeId }] }, { signal: deps.signal }).catch(() => undefined);
    }
  }
  const taskId = state.taskId!;
  await watchOne<SnapshotExportTask>(deps.source, 'tasks', taskId, deps, (task) => {
    if (!task) throw new Error(`The export task ${taskId} is not there any more.`);
    deps.onProgress({ step: 'export', percent: task.Progress, note: `${task.TaskId}: ${task.State} (${task.Progress} %)` });
    if (task.State === 'failed' || task.State === 'cancelled') {
      // A new task is made when this step is retried.
      const comment = task.Comment ?? `The export task ${task.TaskId} is ${task.State}.`;
      delete state.taskId;
      deps.save(state);
      throw new RouteFailure('export', new Error(comment));
    }
    return task.State === 'completed';
  });
  await size;
}

async function urlStep(state: RouteState, deps: RouteDeps) {
  if (!state.objectKey) {
    const objects = await deps.oos.listObjects(state.bucket, routePrefix(state.routeId));
    const object = objects.find((o) => o.key.includes(exportSource(state)) && o.key.endsWith('.gz')) ?? objects[0];
    if (!object) throw new OosError('NoSuchKey', `No exported object under ${routePrefix(state.routeId)} in the bucket '${state.bucket}'.`, 404, 'ListObjectsV2');
    remember(state, deps, 'objectKey', object.key);
  }
  await readSize(state, deps);
  deps.onProgress({ step: 'url', note: `${state.objectKey}: a URL valid ${URL_SECONDS / 60} minutes is made when the import starts.` });
}

async function importStep(state: RouteState, deps: RouteDeps) {
  if (!state.importedId) {
    // The ClientToken may have made it already (a reload between the call and its answer): look first.
    const made = await deps.dest.call('ReadSnapshots', { Filters: { ClientTokens: [state.importToken] } }, { signal: deps.signal });
    let id = made.Snapshots[0]?.SnapshotId;
    if (!id) {
      const url = await deps.oos.presignGet(state.bucket, state.objectKey!, URL_SECONDS);
      const answer = await deps.dest.call(
        'CreateSnapshot',
        { FileLocation: url, SnapshotSize: state.sizeBytes!, ClientToken: state.importToken, Description: state.description },
        { signal: deps.signal },
      );
      id = answer.Snapshot?.SnapshotId;
      if (!id) throw new Error('CreateSnapshot answered without a snapshot.');
    }
    remember(state, deps, 'importedId', id);
  }
  deps.onProgress({ step: 'import', note: `${state.importedId} created in ${state.destRegion}.` });
  if (!state.done.tags) {
    const Tags = provenanceTags(state);
    await deps.dest.call('CreateTags', { ResourceIds: [state.importedId!], Tags }, { signal: deps.signal });
    state.done.tags = true;
    deps.save(state);
  }
}

/** The imported snapshot's provenance: the same keys a copy carries, pointing at the original source. */
export const provenanceTags = (state: RouteState) => [
  { Key: PROVENANCE_KEYS.source, Value: state.sourceId },
  { Key: PROVENANCE_KEYS.region, Value: state.sourceRegion },
  { Key: PROVENANCE_KEYS.at, Value: state.startedAt },
];

async function cleanupStep(state: RouteState, deps: RouteDeps) {
  deps.onProgress({ step: 'cleanup', note: `Deleting ${state.objectKey}…` });
  await deps.oos.deleteObject(state.bucket, state.objectKey!);
}

const STEP_RUNNERS: Record<StepName, (state: RouteState, deps: RouteDeps) => Promise<void>> = {
  'own-copy': ownCopy,
  export: exportStep,
  url: urlStep,
  import: importStep,
  watch: (state, deps) => watchSnapshot(deps.dest, state.importedId!, 'watch', deps),
  cleanup: cleanupStep,
};
