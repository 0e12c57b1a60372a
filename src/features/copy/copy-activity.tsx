import { lazy, memo, Suspense, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Link } from '../../lib/link';
import { snapshotHref } from '../../lib/router';
import { trackFocus } from '../../components/ui/focus-return';
import { showToast, Toaster } from '../../components/ui/toasts';
import type { Connection } from '../../lib/connection';
import { openAction } from '../../lib/action-url';
import { bulkStatus } from '../../lib/bulk-status';
import { jobsStore, useJobs, type Job } from '../../lib/jobs-store';
import { ownerKind } from '../../lib/owner';
import { selectionStore } from '../../lib/selection-store';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import type { Snapshot } from '../../api/schemas';
import type { QueryClient } from '@tanstack/react-query';
import { useInFlightPoller } from './poller';
import { jobNoun } from './tray-summary';

// The tray's markup loads only once there is something to show.
const JobsTray = lazy(() => import('./jobs-tray'));

// The copy dialog returns focus to the control that opened it: remembered from here on.
trackFocus();

function notify(text: string) {
  if ('Notification' in window && Notification.permission === 'granted') new Notification('Snapshot Console', { body: text });
}

/**
 * Polls every snapshot in flight and shows the dock: notifications above the jobs tray, bottom left, where no
 * primary action is (the header's buttons are top right, the rows' actions in the last column). A completed
 * copy is a notification; a failed one is an alert in the tray (never a notification that goes away).
 */
const PLURAL = { copy: 'copies', volume: 'snapshots', import: 'imports' } as const;

/**
 * The tray's *Retry failed copies*: each failed copy's source is read again and selected, and the bulk copy's
 * review opens on them (new ClientTokens, the description template, tags). A source gone since is said so.
 */
async function retryFailedCopies(connection: Connection, failed: Job[]) {
  const sources = [...new Set(failed.map((job) => job.sourceId ?? job.snapshot?.Tags.find((t) => t.Key === PROVENANCE_KEYS.source)?.Value).filter((id): id is string => !!id))];
  const found: Snapshot[] = [];
  try {
    for (let i = 0; i < sources.length; i += 500) {
      const answer = await connection.client.call('ReadSnapshots', { Filters: { SnapshotIds: sources.slice(i, i + 500) }, ResultsPerPage: 1000 });
      found.push(...answer.Snapshots);
    }
  } catch (error) {
    showToast('info', `The failed copies' sources could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const missing = sources.filter((id) => !found.some((s) => s.SnapshotId === id));
  if (missing.length) showToast('info', `No longer visible, not retried: ${missing.join(', ')}.`);
  if (!found.length) return;
  selectionStore.clear();
  selectionStore.set(found.map((snapshot) => ({ snapshot, owner: ownerKind(snapshot, connection.accountId) })), true);
  openAction('bulk-copy');
}

function CopyActivity({ connection, queryClient }: { connection: Connection; queryClient: QueryClient }) {
  const bulkNow = useSyncExternalStore(bulkStatus.subscribe, bulkStatus.get);
  const bulk = bulkNow?.account === connection.accountId ? bulkNow : undefined;
  const onRetryFailedCopies = useCallback((failed: Job[]) => void retryFailedCopies(connection, failed), [connection]);
  useEffect(() => jobsStore.load(connection.accountId), [connection.accountId]);
  const jobs = useJobs();
  const [failures, setFailures] = useState<Job[]>([]);
  const announce = useCallback((finished: Job[]) => {
    const failed = finished.filter((job) => job.snapshot?.State !== 'completed');
    if (failed.length) setFailures((list) => [...list.filter((f) => !failed.some((job) => job.id === f.id)), ...failed]);
    for (const job of finished) {
      if (job.snapshot?.State === 'completed') {
        showToast(
          'success',
          <span>
            {jobNoun(job)} {job.id} completed.{' '}
            <Link to={snapshotHref(job.id)} className="underline">
              Open {job.id}
            </Link>
          </span>,
          { group: `${job.kind ?? 'copy'}-completed`, summary: (count) => <span>{count} {PLURAL[job.kind ?? 'copy']} completed. The last one: <Link to={snapshotHref(job.id)} className="underline">{job.id}</Link></span> },
        );
        notify(`${jobNoun(job)} ${job.id} completed.`);
      } else {
        notify(`${jobNoun(job)} ${job.id} failed: OUTSCALE stopped it at ${job.snapshot?.Progress ?? 0} %.`);
      }
    }
  }, []);
  const status = useInFlightPoller(connection.client, announce, queryClient);
  // The room the dock takes at the bottom of the window, for layouts that keep their actions out of it
  // (`var(--dock-height)`, 0 when empty).
  const dock = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = dock.current;
    if (!element) return;
    const root = document.documentElement.style;
    const observer = new ResizeObserver(() => root.setProperty('--dock-height', `${element.offsetHeight ? element.offsetHeight + 12 : 0}px`));
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.removeProperty('--dock-height');
    };
  }, []);
  const tray = jobs.length > 0 || status.throttledUntil !== undefined || (bulk !== undefined && bulk.queued + bulk.failed + bulk.notSent > 0);
  return (
    <>
      {/* Room at the end of the page, so that the last rows can scroll out from under the dock. */}
      {tray && <div aria-hidden="true" className="h-14" />}
      {/* On a phone (below md) the dock spans the width at the very bottom, compact: collapsed, with a
          notification, it covers under a tenth of the screen (e2e/phone.spec.ts). */}
      <div ref={dock} className="pointer-events-none fixed bottom-3 left-3 z-40 flex w-96 max-w-[calc(100vw-1.5rem)] flex-col gap-2 max-md:inset-x-1 max-md:bottom-1 max-md:w-auto max-md:max-w-none max-md:gap-1">
        <Toaster />
        {tray && (
          <Suspense fallback={null}>
            <JobsTray jobs={jobs} status={status} failures={failures} bulk={bulk} onRetryFailedCopies={onRetryFailedCopies} />
          </Suspense>
        )}
      </div>
    </>
  );
}

// Not re-rendered by the page's own updates (a search keystroke changes the URL): it reads its stores itself.
export default memo(CopyActivity);
