import { lazy, Suspense, useEffect } from 'react';
import { Link } from '../../lib/link';
import { snapshotHref } from '../../lib/router';
import { showToast } from '../../components/ui/toasts';
import type { Connection } from '../../lib/connection';
import { jobsStore, useJobs, type Job } from './jobs-store';
import { useInFlightPoller } from './poller';

// The tray's markup loads only once there is something to show.
const JobsTray = lazy(() => import('./jobs-tray'));

function announce(jobs: Job[]) {
  for (const job of jobs) {
    const ok = job.snapshot?.State === 'completed';
    const text = ok
      ? `Copy ${job.id} completed.`
      : `Copy ${job.id} failed (state error): OUTSCALE stopped it at ${job.snapshot?.Progress ?? 0} %. Retry the copy, or check the source snapshot.`;
    showToast(
      ok ? 'success' : 'error',
      <span>
        {text}{' '}
        <Link to={snapshotHref(job.id)} className="underline">
          Open {job.id}
        </Link>
      </span>,
    );
    if ('Notification' in window && Notification.permission === 'granted') new Notification('Snapshot Console', { body: text });
  }
}

/** Polls every snapshot in flight, announces finished copies, and shows the jobs tray. */
export default function CopyActivity({ connection }: { connection: Connection }) {
  useEffect(() => jobsStore.load(connection.accountId), [connection.accountId]);
  const jobs = useJobs();
  const status = useInFlightPoller(connection.client, announce);
  if (jobs.length === 0 && !status.throttledUntil) return null;
  return (
    <Suspense fallback={null}>
      <JobsTray jobs={jobs} status={status} />
    </Suspense>
  );
}
