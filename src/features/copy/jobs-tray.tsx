import { useEffect, useState } from 'react';
import { Link } from '../../lib/link';
import { snapshotHref } from '../../lib/router';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import { Button } from '../../components/ui/button';
import { ProgressBar } from '../../components/ui/progress-bar';
import { StateBadge } from '../../components/ui/state-badge';
import { openCopyDialog } from '../../lib/copy-url';
import { FINAL_STATES, jobsStore, type Job } from './jobs-store';
import type { PollStatus } from './poller';
import { formatDuration, isStalled, remainingAt } from './progress-math';

/** What the line under a copy says: where it is, and for how long; an error says it failed, never "finished". */
function statusText(job: Job, now: number, throttled: boolean): string {
  const s = job.snapshot;
  if (job.gone) return 'No longer visible: deleted, or not this account’s.';
  if (!s) return 'checking…';
  if (s.State === 'error') return `Failed at ${s.Progress} %: OUTSCALE stopped this copy.`;
  if (s.State === 'completed') return 'Completed: 100 %.';
  const eta = remainingAt(job.samples, now, throttled);
  return [
    `${s.Progress} %`,
    `elapsed ${formatDuration(now - job.startedAt)}`,
    eta === 'unknown' ? `time left unknown${throttled ? ' while throttled' : ''}` : eta !== undefined ? `about ${formatDuration(eta)} left` : '',
    !throttled && isStalled(job.samples, now) ? 'no progress for a while; OUTSCALE may be busy' : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function JobRow({ job, now, throttled }: { job: Job; now: number; throttled: boolean }) {
  const s = job.snapshot;
  const done = s && FINAL_STATES.has(s.State);
  const failed = s?.State === 'error';
  const stalled = !done && !throttled && isStalled(job.samples, now);
  const source = job.sourceId ?? s?.Tags.find((t) => t.Key === PROVENANCE_KEYS.source)?.Value;
  return (
    <li className={`space-y-1 border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-700 ${failed ? 'border-l-4 border-l-red-600 pl-2' : ''}`}>
      <div className="flex items-center gap-2">
        <Link to={snapshotHref(job.id)} className="font-mono text-blue-700 underline dark:text-blue-300">
          {job.id}
        </Link>
        {s ? <StateBadge state={s.State} /> : null}
        {stalled && <span className="rounded bg-amber-200 px-1.5 text-xs font-medium text-amber-950">stalled</span>}
        <span className="ml-auto flex gap-2">
          {failed && source && (
            <button type="button" className="text-xs font-medium text-blue-700 underline dark:text-blue-300" onClick={() => openCopyDialog(source, job.id)} aria-label={`Retry copy ${job.id}`}>
              Retry
            </button>
          )}
          {(done || job.gone) && (
            <button type="button" className="text-xs underline" onClick={() => jobsStore.dismiss(job.id)} aria-label={`Dismiss ${job.id}`}>
              Dismiss
            </button>
          )}
        </span>
      </div>
      {s && <ProgressBar value={s.Progress} label={`Copy progress of ${job.id}`} state={s.State} />}
      <p className={`text-xs ${failed ? 'font-medium text-red-800 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}>
        {statusText(job, now, throttled)}
        {source ? ` · from ${source}` : ''}
      </p>
    </li>
  );
}

/** Every copy this tab started, with live state, progress, elapsed time, ETA and a stalled mark. */
export default function JobsTray({ jobs, status }: { jobs: Job[]; status: PollStatus }) {
  const [now, setNow] = useState(() => Date.now());
  const [open, setOpen] = useState(true);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const throttled = status.throttledUntil !== undefined;
  const throttledFor = status.throttledUntil ? Math.max(0, Math.ceil((status.throttledUntil - now) / 1000)) : 0;
  const count = (test: (job: Job) => boolean) => jobs.filter(test).length;
  const inFlight = count((job) => !job.gone && !FINAL_STATES.has(job.snapshot?.State ?? ''));
  const completed = count((job) => job.snapshot?.State === 'completed');
  const failed = count((job) => job.snapshot?.State === 'error');
  const summary = [`${inFlight} in flight`, completed ? `${completed} completed` : '', failed ? `${failed} failed` : ''].filter(Boolean).join(' · ');
  return (
    <aside aria-labelledby="jobs-heading" className="fixed right-3 bottom-3 z-40 w-96 max-w-[calc(100vw-1.5rem)] rounded-md border border-slate-300 bg-white p-3 shadow-lg dark:border-slate-600 dark:bg-slate-900">
      <div className="flex items-center gap-2">
        <h2 id="jobs-heading" className="font-semibold">
          Copies
        </h2>
        <p className={`text-sm ${failed ? 'text-red-800 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}>{summary}</p>
        <Button variant="ghost" className="ml-auto" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'}
        </Button>
      </div>
      {throttled && (
        <p role="status" className="mt-1 rounded bg-amber-100 px-2 py-1 text-sm text-amber-950">
          Throttled by the API, {throttledFor > 0 ? `retrying in ${throttledFor} s` : 'retrying now'}. Nothing is lost; times left are unknown until it answers.
        </p>
      )}
      {open && (
        <>
          <ul className="mt-2 max-h-72 overflow-auto">
            {jobs.map((job) => (
              <JobRow key={job.id} job={job} now={now} throttled={throttled} />
            ))}
          </ul>
          {'Notification' in window && Notification.permission === 'default' && (
            <Button variant="ghost" className="mt-1 text-xs" onClick={() => void Notification.requestPermission()}>
              Notify me when copies finish
            </Button>
          )}
        </>
      )}
    </aside>
  );
}
