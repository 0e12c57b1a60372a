/**
 * The snapshots this tab is watching as they are made: copies, snapshots of volumes, imports. Shared by every
 * feature that starts one (they add to it) and by the jobs tray and poller (src/features/copy) that show and poll it.
 * Only snapshot IDs Only snapshot IDs (their kind, source, and when they started) survive a reload, in
 * sessionStorage; never a secret. Progress samples feed the ETA and the stalled mark.
 */
import { useSyncExternalStore } from 'react';
import { SNAPSHOT_ID_PATTERN } from '../api/ids';
import type { Snapshot } from '../api/schemas';

/** One poll's view of a job. */
export interface Sample {
  /** ms since epoch, when the poll answered */
  at: number;
  progress: number;
  state: string;
}

/** How the snapshot is being made: a copy of a snapshot, a snapshot of a volume, an import from a bucket. */
export type JobKind = 'copy' | 'volume' | 'import';
const KINDS: readonly string[] = ['copy', 'volume', 'import'];

export const FINAL_STATES = new Set(['completed', 'error']);

export interface Job {
  id: string;
  /** Absent in jobs saved before kinds existed: a copy. */
  kind?: JobKind;
  /** The copy's source snapshot, the volume snapshotted, or the import's bucket object (its URL without the query). */
  sourceId?: string;
  startedAt: number;
  samples: Sample[];
  snapshot?: Snapshot;
  /** The snapshot vanished (deleted, or another account is now connected). */
  gone?: boolean;
}

const keyFor = (accountId: string) => `snapshot-console.jobs.${accountId}`;
let accountId = '';
let jobs: Job[] = [];
const listeners = new Set<() => void>();

function save() {
  if (!accountId) return;
  sessionStorage.setItem(keyFor(accountId), JSON.stringify(jobs.map(({ id, kind, sourceId, startedAt }) => ({ id, kind, sourceId, startedAt }))));
}

function emit() {
  save();
  listeners.forEach((listener) => listener());
}

export const jobsStore = {
  /** Switches to an account's jobs, as saved in this tab. */
  load(account: string) {
    if (account === accountId) return;
    accountId = account;
    try {
      const raw = JSON.parse(sessionStorage.getItem(keyFor(account)) ?? '[]') as { id?: unknown; kind?: unknown; sourceId?: unknown; startedAt?: unknown }[];
      jobs = raw
        .filter((j) => typeof j.id === 'string' && SNAPSHOT_ID_PATTERN.test(j.id))
        .map((j) => ({ id: j.id as string, ...(typeof j.kind === 'string' && KINDS.includes(j.kind) ? { kind: j.kind as JobKind } : {}), sourceId: typeof j.sourceId === 'string' ? j.sourceId : undefined, startedAt: Number(j.startedAt) || Date.now(), samples: [] }));
    } catch {
      jobs = [];
    }
    listeners.forEach((listener) => listener());
  },
  add(snapshot: Snapshot, sourceId: string | undefined, at: number, kind: JobKind = 'copy') {
    if (jobs.some((job) => job.id === snapshot.SnapshotId)) return;
    jobs = [...jobs, { id: snapshot.SnapshotId, kind, sourceId, startedAt: at, snapshot, samples: [{ at, progress: snapshot.Progress, state: snapshot.State }] }];
    emit();
  },
  dismiss(id: string) {
    jobs = jobs.filter((job) => job.id !== id);
    emit();
  },
  /** IDs still worth polling. */
  watching(): string[] {
    return jobs.filter((job) => !job.gone && !FINAL_STATES.has(job.snapshot?.State ?? '')).map((job) => job.id);
  },
  /**
   * Records a poll's answer; returns the jobs that just finished. IDs asked for but not answered are gone.
   */
  record(asked: string[], answer: Snapshot[], at: number): Job[] {
    const byId = new Map(answer.map((snapshot) => [snapshot.SnapshotId, snapshot]));
    const finished: Job[] = [];
    let changed = false;
    jobs = jobs.map((job) => {
      if (!asked.includes(job.id)) return job;
      const snapshot = byId.get(job.id);
      changed = true;
      if (!snapshot) return { ...job, gone: true };
      const updated = { ...job, snapshot, samples: [...job.samples.slice(-120), { at, progress: snapshot.Progress, state: snapshot.State }] };
      // After a reload the previous state is unknown: announce only what this tab saw finish.
      if (job.snapshot && FINAL_STATES.has(snapshot.State) && !FINAL_STATES.has(job.snapshot.State)) finished.push(updated);
      return updated;
    });
    if (changed) emit();
    return finished;
  },
  get: () => jobs,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

export function useJobs(): Job[] {
  return useSyncExternalStore(jobsStore.subscribe, jobsStore.get);
}
