import { useEffect, useState } from 'react';
import { navigate } from '../../app/router';
import { Button } from '../../components/ui/button';
import { ProgressBar } from '../../components/ui/progress-bar';
import { StateBadge } from '../../components/ui/state-badge';
import { snapshotHref } from '../snapshots/snapshot-table';
import { FINAL_STATES, jobsStore, type Job } from './jobs-store';
import type { PollStatus } from './poller';
import { estimateRemainingMs, formatDuration, isStalled } from './progress-math';

function JobRow({ job, now }: { job: Job; now: number }) {
  const s = job.snapshot;
  const done = s && FINAL_STATES.has(s.State);
  const eta = estimateRemainingMs(job.samples);
  const stalled = !done && isStalled(job.samples, now);
  return (
    <li className="space-y-1 border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-700">
      <div className="flex items-center gap-2">
        <a href={snapshotHref(job.id)} className="font-mono text-blue-700 underline dark:text-blue-300" onClick={(e) => { e.preventDefault(); navigate(snapshotHref(job.id)); }}>
          {job.id}
        </a>
        {s ? <StateBadge state={s.State} /> : <span className="text-xs">{job.gone ? 'no longer visible' : 'checking…'}</span>}
        {stalled && <span className="rounded bg-amber-200 px-1.5 text-xs font-medium text-amber-950">stalled</span>}
        {(done || job.gone) && (
          <button type="button" className="ml-auto text-xs underline" onClick={() => jobsStore.dismiss(job.id)} aria-label={`Dismiss ${job.id}`}>
            Dismiss
          </button>
        )}
      </div>
      {s && <ProgressBar value={s.Progress} label={`Copy progress of ${job.id}`} />}
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {s ? `${s.Progress} % · ` : ''}
        {done ? `finished` : `elapsed ${formatDuration(now - job.startedAt)}`}
        {!done && eta !== undefined ? ` · about ${formatDuration(eta)} left` : ''}
        {stalled ? ' · no progress for a while; OUTSCALE may be busy' : ''}
        {job.sourceId ? ` · from ${job.sourceId}` : ''}
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

  const throttledFor = status.throttledUntil ? Math.max(0, Math.ceil((status.throttledUntil - now) / 1000)) : 0;
  const active = jobs.filter((job) => !job.gone && !FINAL_STATES.has(job.snapshot?.State ?? '')).length;
  return (
    <aside aria-labelledby="jobs-heading" className="fixed right-3 bottom-3 z-40 w-96 max-w-[calc(100vw-1.5rem)] rounded-md border border-slate-300 bg-white p-3 shadow-lg dark:border-slate-600 dark:bg-slate-900">
      <div className="flex items-center gap-2">
        <h2 id="jobs-heading" className="font-semibold">
          Copies in flight ({active})
        </h2>
        <Button variant="ghost" className="ml-auto" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'}
        </Button>
      </div>
      {throttledFor > 0 && (
        <p role="status" className="mt-1 rounded bg-amber-100 px-2 py-1 text-sm text-amber-950">
          Throttled by the API, retrying in {throttledFor} s. Nothing is lost.
        </p>
      )}
      {open && (
        <>
          <ul className="mt-2 max-h-72 overflow-auto">
            {jobs.map((job) => (
              <JobRow key={job.id} job={job} now={now} />
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
