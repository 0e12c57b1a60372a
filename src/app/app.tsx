import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { ErrorPanel } from '../components/ui/error-panel';
import { LoadBoundary } from '../components/ui/load-boundary';
import { ConnectionProvider, useConnectionState } from '../lib/connection-provider';
import { SnapshotsPage } from '../features/snapshots/snapshots-page';
import { ensureToken, readCopyDialog } from '../lib/copy-url';
import { readAction } from '../lib/action-url';
import { bulkSlot } from '../lib/bulk-slot';
import { Header } from './header';
import { createQueryClient } from './query-client';
import { Link } from '../lib/link';
import { matchRoute } from '../lib/routes';
import { useLocation } from '../lib/router';

// Not on the first screen of most visits: loaded when needed, to keep the initial bundle small.
// The detail page loads with the action dialogs' registry, which gives it its tag editor (src/lib/detail-panels.ts).
const SnapshotDetailPage = lazy(() => Promise.all([import('../features/snapshots/snapshot-detail-page'), import('./action-dialogs')]).then(([page]) => page));
const CopyDialog = lazy(() => import('../features/copy/copy-dialog'));
// The operator actions' dialogs (delete, share, snapshot a volume, import): their registry loads with the first.
const ActionDialogs = lazy(() => import('./action-dialogs').then((module) => ({ default: module.ActionDialogs })));
const VolumesPage = lazy(() => import('../features/volumes/volumes-page'));
const OverviewPage = lazy(() => import('../features/overview/overview-page'));
// The selection bar and its bulk actions, which the snapshot table shows once a snapshot is selected (src/lib/
// bulk-slot.ts): through the dialogs' registry, which its Copy opens anyway.
bulkSlot.load = () => import('./action-dialogs').then((module) => module.loadBulkBar());
// The poller, the jobs tray and the notifications: loaded once the list's first rows are painted (at once on another
// page), so that their chunks (about 7 files), evaluation and first render do not share the browser's six connections
// and the one main thread with the first ReadSnapshots and the first rows.
const CopyActivity = lazy(() => afterFirstRows().then(() => import('../features/copy/copy-activity')));
/** The longest the copy activity waits for the list's first rows (a list that fails or is empty never paints any). */
const ACTIVITY_WAIT_MS = 3000;
const ROWS_PAINTED = 'snapshots:rows-painted';

/** Resolves once the list has painted rows in this document (its mark, table or cards), 3 s later, or at once off the list. */
function afterFirstRows(): Promise<void> {
  return new Promise((resolve) => {
    if (matchRoute(window.location.pathname).page !== 'list' || performance.getEntriesByName(ROWS_PAINTED).length) return resolve();
    const observer = new PerformanceObserver((list) => void (list.getEntriesByName(ROWS_PAINTED).length && done()));
    const timer = setTimeout(done, ACTIVITY_WAIT_MS);
    function done() {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    }
    observer.observe({ type: 'mark' });
  });
}
const ConnectScreen = lazy(() =>
  import('../features/connection/connect-screen').then((module) => ({ default: module.ConnectScreen })),
);

function Pages() {
  const { connection, demoAccounts, demoError, profiles } = useConnectionState();
  const queryClient = useQueryClient();
  const location = useLocation();
  if ((demoAccounts === undefined || profiles === undefined) && !connection) return <p role="status">Connecting…</p>;
  if (!connection) {
    return (
      <>
        {demoError && <ErrorPanel error={demoError} />}
        <ConnectScreen />
      </>
    );
  }
  const route = matchRoute(location.pathname);
  const copy = readCopyDialog(location.searchParams);
  const action = readAction(location.searchParams);
  const dialog = copy?.token ? <CopyDialog key={copy.token} connection={connection} {...copy} /> : null;
  // Dialogs and the dock load lazily, each in its own boundary: while one loads the page stays, and one that
  // cannot load says so and offers a reload without taking the page down.
  const overlays = (
    <>
      <NeedsToken missing={Boolean(copy && !copy.token)} />
      <LoadBoundary what="dialog">
        <Suspense fallback={null}>
          {dialog}
          {action && <ActionDialogs connection={connection} state={action} />}
        </Suspense>
      </LoadBoundary>
      <LoadBoundary what="jobs tray">
        <Suspense fallback={null}>
          <CopyActivity connection={connection} queryClient={queryClient} />
        </Suspense>
      </LoadBoundary>
    </>
  );
  if (route.page === 'not-found') {
    return (
      <section className="space-y-2">
        <h1 className="text-title">Page not found</h1>
        <p>
          <Link to="/" className="text-link underline">
            Go to the snapshots
          </Link>
        </p>
      </section>
    );
  }
  return (
    <>
      {route.page === 'detail' ? (
        <SnapshotDetailPage key={route.snapshotId} snapshotId={route.snapshotId} />
      ) : route.page === 'volumes' ? (
        <VolumesPage />
      ) : route.page === 'overview' ? (
        <OverviewPage />
      ) : (
        <SnapshotsPage />
      )}
      {overlays}
    </>
  );
}

/** A link that opens the copy dialog without a ClientToken gets one, kept in the URL. */
function NeedsToken({ missing }: { missing: boolean }) {
  useEffect(() => {
    if (missing) ensureToken();
  }, [missing]);
  return null;
}

export function App({ queryClient: given }: { queryClient?: QueryClient }) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <ConnectionProvider>
        <div className="min-h-screen bg-page text-ink">
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
            Skip to content
          </a>
          <Header />
          <main id="main" className="mx-auto max-w-7xl px-4 py-4">
            <LoadBoundary what="page">
              <Suspense fallback={<p role="status">Loading…</p>}>
                <Pages />
              </Suspense>
            </LoadBoundary>
          </main>
        </div>
      </ConnectionProvider>
    </QueryClientProvider>
  );
}
