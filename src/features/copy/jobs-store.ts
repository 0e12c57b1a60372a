/**
 * The copies this tab is watching. Only snapshot IDs (and when they started) survive a reload, in
 * sessionStorage; never a secret. Progress samples feed the ETA and the stalled mark.
 */
import { useSyncExternalStore } from 'react';
import { SNAPSHOT_ID_PATTERN } from '../../api/ids';
import type { Snapshot } from '../../api/schemas';
import type { Sample } from './progress-math';

export const FINAL_STATES = new Set(['completed', 'error']);

export interface Job {
  id: string;
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
  sessionStorage.setItem(keyFor(accountId), JSON.stringify(jobs.map(({ id, sourceId, startedAt }) => ({ id, sourceId, startedAt }))));
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
      const raw = JSON.parse(sessionStorage.getItem(keyFor(account)) ?? '[]') as { id?: unknown; sourceId?: unknown; startedAt?: unknown }[];
      jobs = raw
        .filter((j) => typeof j.id === 'string' && SNAPSHOT_ID_PATTERN.test(j.id))
        .map((j) => ({ id: j.id as string, sourceId: typeof j.sourceId === 'string' ? j.sourceId : undefined, startedAt: Number(j.startedAt) || Date.now(), samples: [] }));
    } catch {
      jobs = [];
    }
    listeners.forEach((listener) => listener());
  },
  add(snapshot: Snapshot, sourceId: string | undefined, at: number) {
    if (jobs.some((job) => job.id === snapshot.SnapshotId)) return;
    jobs = [...jobs, { id: snapshot.SnapshotId, sourceId, startedAt: at, snapshot, samples: [{ at, progress: snapshot.Progress, state: snapshot.State }] }];
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
