/**
 * Bulk copy, reviewed first (issue 13 item 2), run by the bulk queue (src/lib/bulk-queue.ts). The review reads the
 * selected snapshots again (one ReadSnapshots per 500 IDs) and lists those refused with their reason (not
 * completed, not visible, another Region), the total size, the description template ({id}, {name},
 * {description}) and the copies' tags. Each copy gets its ClientToken when the review opens. Start runs the queue
 * (kept in sessionStorage); each copy joins the jobs tray as it is created, then gets its tags (CreateTags). The
 * queue outlives the dialog (module state); after a reload it is restored paused, and this dialog offers to resume.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Snapshot } from '../../api/schemas';
import { Button } from '../../components/ui/button';
import { inputClass } from '../../components/ui/field';
import { showToast } from '../../components/ui/toasts';
import { closeAction, type ActionName } from '../../lib/action-url';
import { createBulkQueue, sessionStorageAdapter, type BulkItem, type BulkQueue } from '../../lib/bulk-queue';
import type { Connection } from '../../lib/connection';
import { jobsStore } from '../../lib/jobs-store';
import { bulkStatus } from '../../lib/bulk-status';
import { bulkCopyKey, hasStoredBulkCopy, selectionStore } from '../../lib/selection-store';
import { chunks, copyRequest, counted, DEFAULT_TEMPLATE, parseTags, refusal, type CopyRequest } from './bulk-logic';
import { BulkModal, LIST, ReportLine } from './bulk-modal';

let active: { account: string; queue: BulkQueue<CopyRequest> } | undefined;

function startQueue(connection: Connection, items?: BulkItem<CopyRequest>[]): BulkQueue<CopyRequest> {
  active?.queue.dispose();
  const { client } = connection;
  const queue = createBulkQueue<CopyRequest>({
    items,
    storage: sessionStorageAdapter(bulkCopyKey(connection.accountId)),
    send: async (item) => {
      const { Tags, ...create } = item.request;
      const answer = await client.call('CreateSnapshot', create);
      const snapshot = answer.Snapshot;
      if (!snapshot) throw new Error('CreateSnapshot answered without a Snapshot.');
      jobsStore.add(snapshot, item.source, Date.now(), 'copy');
      // The copy exists: a refused tag does not fail it (its tags can be added again in bulk).
      if (Tags.length > 0) await client.call('CreateTags', { ResourceIds: [snapshot.SnapshotId], Tags }).catch(() => undefined);
      return { snapshotId: snapshot.SnapshotId };
    },
  });
  // One notification for the batch, when it ends; the tray's counts (src/lib/bulk-status.ts) on every change.
  let announced = false;
  const startedAt = Date.now();
  const publish = () => {
    const view = queue.getSnapshot();
    const { counts } = view;
    bulkStatus.set({
      account: connection.accountId, state: view.state, queued: counts.queued + counts.sending, created: counts.created, failed: counts.failed, notSent: counts['not-sent'],
      startedAt, createdAt: view.items.flatMap((item) => (item.createdAt === undefined ? [] : [item.createdAt])), retryFailed: queue.retryFailed,
    });
    if (view.state === 'running') announced = false;
    if (view.state !== 'done' || announced) return;
    announced = true;
    showToast('success', `Bulk copy: ${counts.created} created, ${counts.failed} failed.`, { group: 'bulk-copy' });
  };
  queue.subscribe(publish);
  active = { account: connection.accountId, queue };
  queue.start();
  publish();
  return queue;
}

/** The review's items join the queue that runs (or still has answers on the way); otherwise a new queue runs them. */
function enqueue(connection: Connection, items: BulkItem<CopyRequest>[]): BulkQueue<CopyRequest> {
  const view = active?.account === connection.accountId ? active.queue.getSnapshot() : undefined;
  if (active && view && (view.state === 'running' || view.state === 'paused' || view.counts.sending > 0)) {
    active.queue.add(items);
    return active.queue;
  }
  return startQueue(connection, items);
}

async function readFresh(connection: Connection, ids: string[]): Promise<Map<string, Snapshot>> {
  const found = new Map<string, Snapshot>();
  for (const batch of chunks(ids, 500)) {
    const answer = await connection.client.call('ReadSnapshots', { Filters: { SnapshotIds: batch } });
    for (const s of answer.Snapshots) found.set(s.SnapshotId, s);
  }
  return found;
}

function Review({ connection, onStart }: { connection: Connection; onStart: (queue: BulkQueue<CopyRequest>) => void }) {
  const [selected] = useState(() => selectionStore.items());
  // Each copy's ClientToken, made now (review time): a Start sent twice cannot make a second copy.
  const [tokens] = useState(() => new Map(selected.map((item) => [item.snapshot.SnapshotId, crypto.randomUUID()])));
  const [template, setTemplate] = useState(DEFAULT_TEMPLATE);
  const [provenance, setProvenance] = useState(true);
  const [sourceTags, setSourceTags] = useState(false);
  const [tagText, setTagText] = useState('');
  // The selection read again now (no react-query here: it would split its core out of the first script).
  const [fresh, setFresh] = useState<{ data?: Map<string, Snapshot>; error?: Error; isPending: boolean }>({ isPending: true });
  useEffect(() => {
    let live = true;
    readFresh(connection, selected.map((item) => item.snapshot.SnapshotId)).then(
      (data) => live && setFresh({ data, isPending: false }),
      (error: unknown) => live && setFresh({ error: error instanceof Error ? error : new Error(String(error)), isPending: false }),
    );
    return () => {
      live = false;
    };
  }, [connection, selected]);
  const { tags, bad } = parseTags(tagText);
  const rows = selected.map(({ snapshot }) => {
    const now = fresh.data?.get(snapshot.SnapshotId) ?? null;
    return { id: snapshot.SnapshotId, snapshot: now ?? snapshot, refused: fresh.data ? refusal(now, connection.region, connection.region, snapshot.SnapshotId) : undefined };
  });
  const accepted = rows.filter((row) => !row.refused);
  const gib = accepted.reduce((sum, row) => sum + row.snapshot.VolumeSize, 0);
  const start = () => {
    const at = new Date().toISOString();
    const items = accepted.map((row) => ({ kind: 'copy', source: row.id, clientToken: tokens.get(row.id)!, request: copyRequest(row.snapshot, { template, provenance, sourceTags, tags, region: connection.region, at }, tokens.get(row.id)!) }));
    selectionStore.clear();
    onStart(enqueue(connection, items));
  };
  return (
    <BulkModal
      title={`Copy ${counted(selected.length, 'snapshot')}`}
      onClose={closeAction}
      footer={
        <>
          <Button variant="secondary" onClick={closeAction}>
            Cancel
          </Button>
          <Button disabled={!fresh.data || accepted.length === 0 || bad.length > 0} onClick={start}>
            Start {counted(accepted.length, 'copy', 'copies')}
          </Button>
        </>
      }
    >
      {fresh.isPending && <p role="status">Reading the selected snapshots…</p>}
      {fresh.error && <p role="alert">The snapshots could not be read: {fresh.error.message}</p>}
      {fresh.data && (
        <p role="status">
          {accepted.length} to copy ({gib.toLocaleString('en-US')} GiB), {rows.length - accepted.length} refused.
        </p>
      )}
      <ul aria-label="Sources" tabIndex={0} className={LIST}>
        {rows.map((row) => (
          <ReportLine key={row.id} id={row.id} ok={!row.refused} text={row.refused ?? `${row.snapshot.VolumeSize} GiB`} />
        ))}
      </ul>
      <label className="block space-y-1 text-sm font-medium">
        <span>Description of each copy ({'{id}'}, {'{name}'} and {'{description}'} are the source's)</span>
        <input data-autofocus value={template} maxLength={255} onChange={(e) => setTemplate(e.target.value)} className={inputClass} />
      </label>
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium">Tags of the copies</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={provenance} onChange={(e) => setProvenance(e.target.checked)} /> Provenance (copied-from, copied-from-region, copied-at)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={sourceTags} onChange={(e) => setSourceTags(e.target.checked)} /> Copy each source's tags
        </label>
        <label className="block space-y-1">
          <span>Your own tags, one key=value a line</span>
          <textarea rows={2} value={tagText} onChange={(e) => setTagText(e.target.value)} aria-invalid={bad.length > 0} className={`${inputClass} font-mono`} />
        </label>
        {bad.length > 0 && <p className="text-red-700 dark:text-red-300">Not a tag: {bad.join(', ')}</p>}
      </fieldset>
    </BulkModal>
  );
}

const STATUS_TEXT = { queued: 'queued', sending: 'sending…', created: 'created', failed: 'failed', 'not-sent': 'not sent' } as const;

function Run({ queue }: { queue: BulkQueue<CopyRequest> }) {
  const view = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  const { counts, state } = view;
  const open = counts.queued + counts.sending;
  return (
    <BulkModal
      title="Bulk copy"
      onClose={closeAction}
      footer={
        <>
          {state === 'running' && <Button variant="secondary" onClick={queue.pause}>Pause</Button>}
          {state === 'paused' && <Button data-autofocus onClick={queue.resume}>Resume</Button>}
          {(state === 'running' || state === 'paused') && <Button variant="secondary" onClick={queue.cancel}>Cancel the rest</Button>}
          {counts.failed + counts['not-sent'] > 0 && state !== 'running' && <Button variant="secondary" onClick={queue.retryFailed}>Retry failed</Button>}
          <Button variant="secondary" onClick={closeAction}>Close</Button>
        </>
      }
    >
      {view.restored && state === 'paused' && <p role="alert">A reload interrupted this bulk copy: {open} not yet confirmed. Resume sends them again with their own ClientTokens (no duplicate).</p>}
      <p role="status">
        {counts.created} created, {open} to go, {counts.failed} failed, {counts['not-sent']} not sent · {state} · {view.limit} at a time{view.throttled ? ` · ${view.throttled} throttled answers` : ''}
      </p>
      <p className="text-sm text-muted">Closing this keeps the queue running; the copies show in the jobs tray.</p>
      <ul aria-label="Report, item by item" tabIndex={0} className={LIST}>
        {view.items.map((item) => (
          <ReportLine key={item.clientToken} id={item.source} ok={item.status !== 'failed'} text={`${STATUS_TEXT[item.status]}${item.snapshotId ? ` → ${item.snapshotId}` : ''}${item.error ? `: ${item.error.code} ${item.error.reason}` : ''}`} />
        ))}
      </ul>
    </BulkModal>
  );
}

export default function BulkCopyDialog({ connection }: { connection: Connection; id: string; token: string; action: ActionName }) {
  // The queue says whether a reload interrupted it: this dialog may mount more than once for one restored queue.
  const [run, setRun] = useState(() => {
    // A selection is reviewed first (then joins a queue that runs); without one, the queue's report shows.
    if (selectionStore.get().count > 0) return undefined;
    if (active?.account === connection.accountId) return active.queue;
    if (hasStoredBulkCopy(connection.accountId)) return startQueue(connection);
    return undefined;
  });
  if (run) return <Run queue={run} />;
  return <Review connection={connection} onStart={setRun} />;
}
