import { useEffect, useRef, useState } from 'react';
import { Link } from '../../lib/link';
import { snapshotHref } from '../../lib/router';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import { Button } from '../../components/ui/button';
import { ProgressBar } from '../../components/ui/progress-bar';
import { StateBadge } from '../../components/ui/state-badge';
import { useFixedRows } from '../../components/ui/use-fixed-rows';
import { openCopyDialog } from '../../lib/copy-url';
import { openAction } from '../../lib/action-url';
import { FINAL_STATES, jobsStore, type Job } from '../../lib/jobs-store';
import type { PollStatus } from './poller';
import { formatDuration, isStalled, remainingAt } from './progress-math';
import type { BulkStatus } from '../../lib/bulk-status';
import { countJobs, jobNoun, jobSourceText, trayHeading, traySummary, withBulk } from './tray-summary';

/** What the line under a copy says: where it is, and for how long; an error says it failed, never "finished". */
function statusText(job: Job, now: number, throttled: boolean): string {
  const s = job.snapshot;
  if (job.gone) return 'No longer visible: deleted, or not this account’s.';
  if (!s) return 'checking…';
  if (s.State === 'error') return `Failed at ${s.Progress} %: OUTSCALE stopped this ${jobNoun(job).toLowerCase()}.`;
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

function JobRow({ job, now, throttled, index, total, fixed }: { job: Job; now: number; throttled: boolean; index: number; total: number; fixed: boolean }) {
  const s = job.snapshot;
  const done = s && FINAL_STATES.has(s.State);
  const failed = s?.State === 'error';
  const stalled = !done && !throttled && isStalled(job.samples, now);
  const source = job.sourceId ?? s?.Tags.find((t) => t.Key === PROVENANCE_KEYS.source)?.Value;
  return (
    <li
      aria-setsize={total}
      aria-posinset={index + 1}
      style={fixed ? { height: ROW_HEIGHT } : undefined}
      className={`space-y-1 overflow-hidden border-t border-line py-2 first:border-t-0 ${failed ? 'border-l-4 border-l-red-600 pl-2' : ''}`}
    >
      <div className="flex items-center gap-2">
        <Link to={snapshotHref(job.id)} className="font-mono text-link underline">
          {job.id}
        </Link>
        {s ? <StateBadge state={s.State} /> : null}
        {stalled && <span className="rounded bg-amber-200 px-1.5 text-xs font-medium text-amber-950">stalled</span>}
        <span className="ml-auto flex gap-2">
          {failed && source && (job.kind ?? 'copy') === 'copy' && (
            <button type="button" className="text-xs font-medium text-link underline" onClick={() => openCopyDialog(source, job.id)} aria-label={`Retry copy ${job.id}`}>
              Retry
            </button>
          )}
          {failed && (
            <button type="button" className="text-xs font-medium text-red-800 underline dark:text-red-300" onClick={() => openAction('delete', job.id)} aria-label={`Delete ${job.id}`}>
              Delete
            </button>
          )}
          {(done || job.gone) && (
            <button type="button" className="text-xs underline" onClick={() => jobsStore.dismiss(job.id)} aria-label={`Dismiss ${job.id}`}>
              Dismiss
            </button>
          )}
        </span>
      </div>
      {s && <ProgressBar value={s.Progress} label={`${jobNoun(job)} progress of ${job.id}`} state={s.State} />}
      <p className={`text-xs ${fixed ? 'line-clamp-2' : ''} ${failed ? 'font-medium text-red-800 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}>
        {statusText(job, now, throttled)}
        {jobSourceText(job, source)}
      </p>
    </li>
  );
}

const OPEN_KEY = 'snapshot-console.tray-open';
/** Rows of a fixed height, so that hundreds of copies can be virtualized. */
const ROW_HEIGHT = 96;
/** Up to this many copies the list is rendered whole; beyond, only the rows in view. */
const VIRTUALIZE_ABOVE = 50;

function readOpen(): boolean {
  try {
    return localStorage.getItem(OPEN_KEY) === 'open';
  } catch {
    return false;
  }
}

function JobList({ jobs, now, throttled, heading }: { jobs: Job[]; now: number; throttled: boolean; heading: string }) {
  const ref = useRef<HTMLUListElement>(null);
  const virtual = jobs.length > VIRTUALIZE_ABOVE;
  const rows = useFixedRows(ref, virtual ? jobs.length : 0, ROW_HEIGHT, 4);
  const [start, end] = virtual ? [rows.start, rows.end] : [0, jobs.length];
  return (
    <ul id="jobs-list" ref={ref} aria-label={`${heading} in this tab`} className="mt-2 max-h-[min(24rem,50vh)] overflow-auto">
      {virtual && rows.top > 0 && <li aria-hidden="true" style={{ height: rows.top }} />}
      {jobs.slice(start, end).map((job, offset) => (
        <JobRow key={job.id} job={job} now={now} throttled={throttled} index={start + offset} total={jobs.length} fixed={virtual} />
      ))}
      {virtual && rows.bottom > 0 && <li aria-hidden="true" style={{ height: rows.bottom }} />}
    </ul>
  );
}

/**
 * Every copy this tab started. Collapsed (the default, remembered in localStorage), it is one line: how many
 * run, completed and failed, and about how long is left. Open, it lists every copy with live state, progress,
 * elapsed time, ETA and a stalled mark. A copy this tab saw fail is also said in an alert.
 */
export default function JobsTray({
  jobs,
  status,
  failures = [],
  bulk,
  onRetryFailedCopies,
}: {
  jobs: Job[];
  status: PollStatus;
  failures?: Job[];
  /** The bulk copy's queue (its unsent items count as queued, its refusals as failed). */
  bulk?: BulkStatus;
  /** Reviews a new copy of each failed copy's source (the bulk copy's review, new ClientTokens). */
  onRetryFailedCopies?: (failed: Job[]) => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  const [open, setOpen] = useState(readOpen);
  // Hundreds of copies (a bulk copy): the open list can be narrowed to the failed ones.
  const [failedOnly, setFailedOnly] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const toggle = () => {
    setOpen(!open);
    try {
      localStorage.setItem(OPEN_KEY, open ? 'closed' : 'open');
    } catch {
      // storage refused (private mode): the choice lasts for this page only
    }
  };

  const throttled = status.throttledUntil !== undefined;
  const throttledFor = status.throttledUntil ? Math.max(0, Math.ceil((status.throttledUntil - now) / 1000)) : undefined;
  const counts = withBulk(countJobs(jobs, now, throttled), jobs, bulk, now, throttled);
  const failedCopies = jobs.filter((job) => job.snapshot?.State === 'error' && (job.kind ?? 'copy') === 'copy' && (job.sourceId ?? job.snapshot.Tags.some((t) => t.Key === PROVENANCE_KEYS.source)));
  const unsent = bulk ? bulk.failed + bulk.notSent : 0;
  const failedJobs = jobs.filter((job) => job.snapshot?.State === 'error').length;
  const summary = traySummary(counts, throttled ? (throttledFor ?? 0) : undefined);
  const shownFailures = failures.filter((failure) => jobs.some((job) => job.id === failure.id));
  const heading = trayHeading(jobs);
  return (
    <aside aria-labelledby="jobs-heading" className="pointer-events-auto rounded-md border border-control bg-surface shadow-lg">
      <h2 className="text-sm">
        <button
          type="button"
          aria-expanded={open}
          aria-controls="jobs-list"
          onClick={toggle}
          className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-left hover:bg-hover focus-visible:outline-2 focus-visible:outline-blue-600 max-md:py-1"
        >
          <span id="jobs-heading" className="font-semibold">
            {heading}
          </span>
          <span data-testid="tray-summary" className={`min-w-0 flex-1 truncate ${counts.failed ? 'font-medium text-red-800 dark:text-red-300' : 'text-slate-700 dark:text-slate-300'}`}>
            {summary}
          </span>
          <span aria-hidden="true" className="text-xs">
            {open ? '▼' : '▲'}
          </span>
          <span className="sr-only">{open ? ', list shown' : ', list hidden'}</span>
        </button>
      </h2>
      <div role="alert" className={open ? 'px-3' : 'sr-only px-3 sm:not-sr-only'}>
        {shownFailures.map((job) => (
          <p key={job.id} className="mb-1 text-xs font-medium text-red-800 dark:text-red-300">
            {jobNoun(job)} {job.id} failed at {job.snapshot?.Progress ?? 0} %: OUTSCALE stopped it.
            {(job.kind ?? 'copy') !== 'copy' ? '' : open ? ' Retry it below.' : ` Open ${heading} to retry it.`}
          </p>
        ))}
      </div>
      {open && (
        <div className="px-3 pb-3">
          {throttled && (
            <p role="status" className="mt-1 rounded bg-amber-100 px-2 py-1 text-sm text-amber-950">
              Throttled by the API, {throttledFor ? `retrying in ${throttledFor} s` : 'retrying now'}. Nothing is lost; times left are unknown until it answers.
            </p>
          )}
          {(failedJobs > 0 || failedOnly) && (
            <label className="mt-1 flex items-center gap-2 text-xs">
              <input type="checkbox" checked={failedOnly} onChange={(event) => setFailedOnly(event.target.checked)} />
              Failed only ({failedJobs})
            </label>
          )}
          {bulk && bulk.queued > 0 && (
            <p className="mt-1 text-xs">
              {bulk.queued} more {bulk.queued === 1 ? 'copy is' : 'copies are'} queued in the bulk copy{bulk.state === 'paused' ? ', paused' : ''}.{' '}
              <button type="button" className="font-medium text-link underline" onClick={() => openAction('bulk-copy')}>
                Show the queue
              </button>
            </p>
          )}
          {(failedCopies.length > 0 || unsent > 0) && (
            <div className="mt-1 flex flex-wrap gap-2">
              {failedCopies.length > 0 && onRetryFailedCopies && (
                <Button variant="secondary" className="text-xs" onClick={() => onRetryFailedCopies(failedCopies)}>
                  Retry failed copies ({failedCopies.length})…
                </Button>
              )}
              {unsent > 0 && bulk && (
                <Button variant="secondary" className="text-xs" onClick={bulk.retryFailed}>
                  Send again the {unsent} refused or not sent
                </Button>
              )}
            </div>
          )}
          <JobList jobs={failedOnly ? jobs.filter((job) => job.snapshot?.State === 'error') : jobs} now={now} throttled={throttled} heading={heading} />
          {'Notification' in window && Notification.permission === 'default' && (
            <Button variant="ghost" className="mt-1 text-xs" onClick={() => void Notification.requestPermission()}>
              Notify me when copies finish
            </Button>
          )}
        </div>
      )}
    </aside>
  );
}
