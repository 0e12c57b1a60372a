import { hashKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { count } from '../../lib/count';
import { useDroppedParams } from '../../lib/dropped-params';
import { navigate, replaceSoon, useLocation } from '../../lib/router';
import { Button } from '../../components/ui/button';
import { ErrorPanel } from '../../components/ui/error-panel';
import { ProgressBar } from '../../components/ui/progress-bar';
import { useConnection } from '../../lib/connection-provider';
import { openCopyDialog } from '../../lib/copy-url';
import { openAction } from '../../lib/action-url';
import { invalidListParams, parseListState, serializeListState, toFiltersSnapshot, type ListState, type SortKey } from './list-state';
import { useLoaded } from '../../lib/load-progress';
import { readyLazy } from '../../lib/ready-lazy';
import { snapshotQueries } from '../../lib/snapshot-queries';
import type { Row } from './rows';
import type { Snapshot } from '../../api/schemas';
import { preloadListView, SnapshotTable, useNarrow, useRowsCode, type RowsCode } from './snapshot-table';

// Not needed for the first rows: loaded beside them, out of the initial bundle. Each is a ready lazy
// (ready-lazy.ts): it never suspends, so no Suspense fallback holds back a later reveal of the rows.
const ExportButton = readyLazy(() => import('./export-button'));
const IgnoredNote = readyLazy(() => import('../../components/ui/ignored-note'));
const EmptyList = readyLazy(() => import('./list-notes').then((module) => ({ default: module.EmptyList })));
const UpdatedAgo = readyLazy(() => import('./list-notes').then((module) => ({ default: module.UpdatedAgo })));
// A phone's "Filters (n)" button: loaded when the window is narrow, never on a desktop.
const FiltersButton = readyLazy(() => import('./filters-button').then((module) => ({ default: module.FiltersButton })));
// The filter bar's code is fetched at start, beside the table's (snapshot-table.tsx), and never delays the first
// read; its height is kept while its code arrives, so that nothing below it moves.
const FilterBar = readyLazy(
  () => import('./filter-bar').then((module) => ({ default: module.FilterBar })),
  <div aria-hidden="true" className="hidden min-h-[3.75rem] md:block" />,
);

/**
 * The list's code not in the initial bundle (table or cards, rows, filter bar): src/main.tsx fetches it at start.
 * Settles (never rejects) once it is all there or has failed (the page's boundary then says so).
 */
export function preloadListChunks(): Promise<unknown> {
  return Promise.all([preloadListView(), FilterBar.load()]);
}

/** Rows prepared once per snapshot, so a list streaming in prepares only its new pages. */
let prepared = { me: '', rows: new WeakMap<Snapshot, Row>() };
function rowsOf(prepareRows: RowsCode['prepareRows'], snapshots: Snapshot[], me: string): Row[] {
  if (prepared.me !== me) prepared = { me, rows: new WeakMap() };
  const missing = snapshots.filter((snapshot) => !prepared.rows.has(snapshot));
  for (const row of prepareRows(missing, me)) prepared.rows.set(row.snapshot, row);
  return snapshots.map((snapshot) => prepared.rows.get(snapshot)!);
}

function SkeletonRows() {
  return (
    <div aria-hidden="true" className="space-y-2 rounded-md border border-line p-3">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="h-6 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      ))}
    </div>
  );
}

export function SnapshotsPage() {
  const connection = useConnection();
  const narrow = useNarrow();
  const location = useLocation();
  const linked = useMemo(() => parseListState(location.searchParams), [location.search]); // eslint-disable-line react-hooks/exhaustive-deps
  // The search as typed: shown and applied at once, written to the URL a moment later (replaceSoon), so a
  // keystroke costs no history.replaceState and no re-render of the app around the page. A search that comes
  // from the URL (Back, a link, a reload) replaces it.
  const [typed, setTyped] = useState({ q: linked.q, from: linked.q });
  if (typed.from !== linked.q) setTyped({ q: linked.q, from: linked.q });
  const q = typed.from !== linked.q ? linked.q : typed.q;
  const view = useMemo(() => (q === linked.q ? linked : { ...linked, q }), [linked, q]);
  const me = connection.accountId;
  const filters = useMemo(() => toFiltersSnapshot(view, me), [view, me]);
  const options = snapshotQueries.list(connection.client, filters);
  // The first read goes out during this render, not after the page's first commit and layout (useQuery starts
  // it on mount): through a distant cloud its round trip then overlaps the page's own first paint.
  const queryClient = useQueryClient();
  if (!queryClient.getQueryState(options.queryKey)) void queryClient.prefetchQuery(options);
  const query = useQuery(options);
  // A link's values that make no sense are dropped from the URL, and the page says which.
  const { ignored, dismiss } = useDroppedParams(location, invalidListParams(location.searchParams, view));
  const progress = useLoaded(hashKey(options.queryKey));
  // The first read of a list shows its rows as they arrive: search, sort and filters apply to those so far.
  const partial = Boolean(query.data && progress?.streaming);

  // Preparing, sorting and searching the rows (rows.ts) comes with the table's code, out of the initial bundle.
  const code = useRowsCode();
  const data = code && query.data;
  const rows = useMemo(() => (data ? rowsOf(code.prepareRows, data, me) : []), [code, data, me]);
  const owned = useMemo(
    () => (view.owner && view.owner !== 'all' ? rows.filter((row) => row.owner === view.owner) : rows),
    [rows, view.owner],
  );
  const sorted = useMemo(() => (code ? code.sortRows(owned, view.sort, view.dir) : owned), [code, owned, view.sort, view.dir]);
  const visible = useMemo(() => (code ? code.searchRows(sorted, view.q) : sorted), [code, sorted, view.q]);

  // One function for the page's life: a filter or a sort applies to the view as typed when it happens, so that the
  // filter bar and the column headers, which do not depend on the search, are not made again on each keystroke.
  const typedView = useRef(view);
  useLayoutEffect(() => {
    typedView.current = view;
  });
  const update = useCallback((patch: Partial<ListState>, replace = false) => {
    navigate(`/${serializeListState({ ...typedView.current, ...patch })}`, { replace });
  }, []);
  const filterBar = useMemo(() => <FilterBar view={linked} onChange={update} />, [linked, update]);
  const onSort = useCallback((key: SortKey) => {
    const { sort, dir } = typedView.current;
    update({ sort: key, dir: sort === key && dir === 'asc' ? 'desc' : 'asc' });
  }, [update]);
  const hasFilters = Boolean(view.state || view.owner || view.tag || view.volume || view.from || view.to);

  return (
    <section aria-labelledby="snapshots-heading" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="snapshots-heading" className="text-title">
          Snapshots
        </h1>
        <Button variant="secondary" onClick={() => void query.refetch()} disabled={query.isFetching}>
          {partial || query.isPending ? 'Loading…' : query.isFetching ? 'Refreshing…' : 'Refresh'}
        </Button>
        {query.dataUpdatedAt > 0 && <UpdatedAgo at={query.dataUpdatedAt} />}
        <Button variant="secondary" className="ml-auto" onClick={() => openAction('import')}>
          Import from a bucket
        </Button>
        <Button onClick={() => openCopyDialog()}>
          Copy snapshot
        </Button>
      </div>
      {ignored && <IgnoredNote text={ignored} onDismiss={dismiss} />}
      {filterBar}
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex w-full max-w-md gap-2">
          <input
            type="search"
            aria-label="Search snapshots"
            placeholder="Search ID, description, tags…"
            className="w-full min-w-0 rounded-md border border-control bg-surface px-2 py-1.5 text-sm"
            value={view.q ?? ''}
            onChange={(event) => {
              const next = event.target.value || undefined;
              setTyped({ q: next, from: typed.from });
              replaceSoon(`/${serializeListState({ ...view, q: next })}`);
            }}
          />
          {/* Phones: the filters behind "Filters (n)", beside the search. */}
          {narrow && (
            <FiltersButton view={view} onChange={(patch) => update(patch)} />
          )}
        </div>
        <p role="status" className="text-sm text-soft">
          {!data
            ? ''
            : partial
              ? `Showing ${count(visible.length)} of the ${count(owned.length)} snapshots loaded so far`
              : `Showing ${count(visible.length)} of ${count(owned.length)} snapshots`}
        </p>
        {data && visible.length > 0 && (
          <ExportButton rows={visible} partial={partial} accountId={me} />
        )}
      </div>
      {!view.owner && (
        <p className="text-sm text-muted">
          Your snapshots and those shared with you. Public snapshots of other accounts:{' '}
          <button type="button" className="underline underline-offset-2" onClick={() => update({ owner: 'all' })}>
            include them
          </button>
          .
        </p>
      )}
      {(!data || partial) && !query.isError && (
        <div className="space-y-2">
          <p role="status" className="text-sm">
            {progress?.loaded
              ? `Loaded ${count(progress.loaded)} ${progress.expected ? `of about ${count(Math.max(progress.expected, progress.loaded))}` : 'so far'}; ${partial ? 'search, sort and filters apply to these until the rest arrive' : 'loading…'}`
              : 'Loading snapshots…'}
          </p>
          {progress?.loaded && progress.expected ? (
            <ProgressBar value={progress.loaded} max={Math.max(progress.expected, progress.loaded)} label="Loading snapshots" />
          ) : null}
          {!data && <SkeletonRows />}
        </div>
      )}
      {query.isError && <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />}
      {data && visible.length === 0 && (
        <EmptyList partial={partial} filtered={hasFilters || Boolean(view.q)} me={me} />
      )}
      {data && visible.length > 0 && (
        <SnapshotTable
          rows={visible}
          view={view}
          now={query.dataUpdatedAt}
          onSort={onSort}
        />
      )}
    </section>
  );
}
