/**
 * The one line the collapsed jobs tray shows ("4 running · 1 failed · about 3 min left"), kept pure so it can
 * be tested. The time left is the longest of the running copies' (they run side by side), and is said only
 * when every running copy has an estimate; "unknown" while the API throttles or an answer is too old.
 */
import { FINAL_STATES, type Job, type JobKind } from '../../lib/jobs-store';
import { remainingAt } from './progress-math';

export interface TrayCounts {
  running: number;
  completed: number;
  failed: number;
  /** ms until the last running copy ends; 'unknown' when it cannot be told now; undefined when not yet. */
  left: number | 'unknown' | undefined;
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

/** A time left in words a screen reader reads right ("3 min", never "3m"), rounded up to the minute. */
export function minutesLeft(ms: number): string {
  if (ms < 60_000) return 'less than 1 min';
  const minutes = Math.ceil(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function traySummary({ running, completed, failed, left }: TrayCounts, throttledFor?: number): string {
  return [
    `${running} running`,
    completed ? `${completed} completed` : '',
    failed ? `${failed} failed` : '',
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
