/**
 * The one line the collapsed jobs tray shows ("4 running · 1 failed · about 3 min left"), kept pure so it can
 * be tested. The time left is the longest of the running copies' (they run side by side), and is said only
 * when every running copy has an estimate; "unknown" while the API throttles or an answer is too old.
 */
import type { BulkStatus } from '../../lib/bulk-status';
import { FINAL_STATES, type Job, type JobKind } from '../../lib/jobs-store';
import { remainingAt } from './progress-math';

export interface TrayCounts {
  running: number;
  completed: number;
  failed: number;
  /** ms until the last running copy ends; 'unknown' when it cannot be told now; undefined when not yet. */
  left: number | 'unknown' | undefined;
  /** A bulk copy's items not confirmed yet, those cancelled before they were sent, and whether it is paused. */
  queued?: number;
  notSent?: number;
  paused?: boolean;
}

export function countJobs(jobs: Job[], now: number, throttled: boolean): TrayCounts {
  let running = 0;
  let completed = 0;
  let failed = 0;
  let left: number | 'unknown' | undefined = 0;
  for (const job of jobs) {
    const state = job.snapshot?.State;
    if (state === 'completed') completed++;
    else if (state === 'error') failed++;
    else if (!job.gone && !FINAL_STATES.has(state ?? '')) {
      running++;
      const eta = remainingAt(job.samples, now, throttled);
      if (eta === 'unknown' || left === 'unknown') left = 'unknown';
      else if (eta === undefined || left === undefined) left = undefined;
      else left = Math.max(left, eta);
    }
  }
  return { running, completed, failed, left: running ? left : undefined };
}

/** How long a copy takes here: the longest of those running (elapsed and left) and of those seen to complete. */
function copyDuration(jobs: Job[], now: number, throttled: boolean): number | undefined {
  let longest: number | undefined;
  for (const job of jobs) {
    const state = job.snapshot?.State;
    const last = job.samples.at(-1);
    let took: number | undefined;
    if (state === 'completed' && last?.state === 'completed' && job.samples.length > 1) took = last.at - job.startedAt;
    else if (state && !FINAL_STATES.has(state) && !job.gone) {
      const eta = remainingAt(job.samples, now, throttled);
      if (typeof eta === 'number') took = now - job.startedAt + eta;
    }
    if (took !== undefined && took >= 0) longest = Math.max(longest ?? 0, took);
  }
  return longest;
}

/**
 * The bulk queue's part of the summary (issue 13 item 4): what it has not had confirmed is "queued", what the API
 * refused is "failed", and the time left covers the queue too. The queue is paced on its own creations so far
 * (the per-source throttle sets that pace), and its last copy then takes as long as one copy does here. Paused or
 * throttled: unknown. Before two creations or one copy's estimate: not yet said.
 */
export function withBulk(counts: TrayCounts, jobs: Job[], bulk: BulkStatus | undefined, now: number, throttled: boolean): TrayCounts {
  if (!bulk) return counts;
  const { queued, failed, notSent } = bulk;
  const paused = bulk.state === 'paused';
  let left = counts.left;
  if (queued > 0) {
    const created = [...bulk.createdAt].sort((a, b) => a - b);
    const pace = created.length >= 2 ? (created.at(-1)! - created[0]!) / (created.length - 1) : undefined;
    const perCopy = copyDuration(jobs, now, throttled);
    if (paused || throttled || left === 'unknown') left = 'unknown';
    else if (pace === undefined || perCopy === undefined) left = undefined;
    else left = Math.max(left ?? 0, queued * pace + perCopy);
  }
  return { ...counts, failed: counts.failed + failed, left, ...(queued ? { queued } : {}), ...(notSent ? { notSent } : {}), ...(paused && queued ? { paused } : {}) };
}

/** A time left in words a screen reader reads right ("3 min", never "3m"), rounded up to the minute. */
export function minutesLeft(ms: number): string {
  if (ms < 60_000) return 'less than 1 min';
  const minutes = Math.ceil(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function traySummary({ running, completed, failed, left, queued, notSent, paused }: TrayCounts, throttledFor?: number): string {
  return [
    `${running} running`,
    queued ? `${queued} queued${paused ? ' (paused)' : ''}` : '',
    completed ? `${completed} completed` : '',
    failed ? `${failed} failed` : '',
    notSent ? `${notSent} not sent` : '',
    throttledFor !== undefined ? `throttled, retrying ${throttledFor > 0 ? `in ${throttledFor} s` : 'now'}` : '',
    left === 'unknown' ? 'time left unknown' : left !== undefined ? `about ${minutesLeft(left)} left` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** What a job is, as its line and its alerts say it: a copy, a snapshot of a volume, an import from a bucket. */
export const JOB_NOUNS: Record<JobKind, string> = { copy: 'Copy', volume: 'Snapshot', import: 'Import' };
export const jobNoun = (job: Pick<Job, 'kind'>): string => JOB_NOUNS[job.kind ?? 'copy'];

const PLURALS: Record<JobKind, string> = { copy: 'Copies', volume: 'Volume snapshots', import: 'Imports' };

/** The tray's heading: the kinds of job it holds ("Copies", "Copies and imports"); "Copies" when empty. */
export function trayHeading(jobs: readonly Pick<Job, 'kind'>[]): string {
  const kinds = (['copy', 'volume', 'import'] as const).filter((kind) => jobs.some((job) => (job.kind ?? 'copy') === kind));
  const words = (kinds.length ? kinds : (['copy'] as const)).map((kind, i) => (i ? PLURALS[kind].toLowerCase() : PLURALS[kind]));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0]!;
}

/** Where the job's snapshot comes from, after its status: "from snap-…", "of vol-…", "from https://bucket/…". */
export function jobSourceText(job: Pick<Job, 'kind'>, source: string | undefined): string {
  if (!source) return '';
  return job.kind === 'volume' ? ` · of ${source}` : ` · from ${source}`;
}
