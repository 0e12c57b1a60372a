/**
 * Bulk copy, reviewed first (issue 13 item 2), run by the bulk queue (src/lib/bulk-queue.ts). The review reads the
 * selected snapshots again (one ReadSnapshots per 500 IDs) and lists those refused with their reason (not
 * completed, not visible, another Region), the total size, the description template ({id}, {name},
 * {description}) and the copies' tags. Each copy gets its ClientToken when the review opens. Start runs the queue
 * (its IDs and tokens kept in sessionStorage); each copy joins the jobs tray as it is created, then gets its tags
 * (CreateTags). The queue outlives the dialog (module state); after a reload it is restored paused, and Resume
 * first asks OUTSCALE what the unconfirmed tokens made, then reviews the rest again (bulk-resume.ts).
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Snapshot } from '../../api/schemas';
import { Button } from '../../components/ui/button';
import { showToast } from '../../components/ui/toasts';
import { closeAction, openAction, type ActionName } from '../../lib/action-url';
import { createBulkQueue, sessionStorageAdapter, type BulkItem, type BulkQueue } from '../../lib/bulk-queue';
import type { Connection } from '../../lib/connection';
import { jobsStore } from '../../lib/jobs-store';
import { bulkStatus } from '../../lib/bulk-status';
import { bulkCopyKey, hasStoredBulkCopy, selectionStore } from '../../lib/selection-store';
import { copyRequest, counted, refusal, type CopyRequest } from './bulk-logic';
import { CopyFields, defaultChoices, ownTags } from './bulk-copy-fields';
import { BulkModal, LIST, ReportLine } from './bulk-modal';
import { checkTokens, readById, sendCopy, type ResumePlan } from './bulk-resume';
import { ResumeReview } from './bulk-resume-review';

let active: { account: string; queue: BulkQueue<CopyRequest> } | undefined;

function startQueue(connection: Connection, items?: BulkItem<CopyRequest>[]): BulkQueue<CopyRequest> {
  active?.queue.dispose();
  const { client } = connection;
  const queue = createBulkQueue<CopyRequest>({
    items,
    storage: sessionStorageAdapter(bulkCopyKey(connection.accountId)),
    send: (item) => sendCopy(client, connection.accountId, item, (snapshot) => jobsStore.add(snapshot, item.source, Date.now(), 'copy')),
  });
  // Items restored after a reload have no request: sent again through the resume's review, which this dialog shows.
  const retryFailed = () => {
    queue.retryFailed();
    if (queue.getSnapshot().awaiting > 0) openAction('bulk-copy');
  };
  // One notification for the batch, when it ends; the tray's counts (src/lib/bulk-status.ts) on every change.
  let announced = false;
  const startedAt = Date.now();
  const publish = () => {
    const view = queue.getSnapshot();
    const { counts } = view;
    bulkStatus.set({
      account: connection.accountId, state: view.state, queued: counts.queued + counts.sending, created: counts.created, failed: counts.failed, notSent: counts['not-sent'],
      startedAt, createdAt: view.items.flatMap((item) => (item.createdAt === undefined ? [] : [item.createdAt])), retryFailed,
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

function Review({ connection, onStart }: { connection: Connection; onStart: (queue: BulkQueue<CopyRequest>) => void }) {
  const [selected] = useState(() => selectionStore.items());
  // Each copy's ClientToken, made now (review time): a Start sent twice cannot make a second copy.
  const [tokens] = useState(() => new Map(selected.map((item) => [item.snapshot.SnapshotId, crypto.randomUUID()])));
  const [choices, setChoices] = useState(() => defaultChoices());
  // The selection read again now (no react-query here: it would split its core out of the first script).
  const [fresh, setFresh] = useState<{ data?: Map<string, Snapshot>; error?: Error; isPending: boolean }>({ isPending: true });
  useEffect(() => {
    let live = true;
    readById(connection.client, selected.map((item) => item.snapshot.SnapshotId)).then(
      (data) => live && setFresh({ data, isPending: false }),
      (error: unknown) => live && setFresh({ error: error instanceof Error ? error : new Error(String(error)), isPending: false }),
    );
    return () => {
      live = false;
    };
  }, [connection, selected]);
  const { tags, bad } = ownTags(choices);
  const rows = selected.map(({ snapshot }) => {
    const now = fresh.data?.get(snapshot.SnapshotId) ?? null;
    return { id: snapshot.SnapshotId, snapshot: now ?? snapshot, refused: fresh.data ? refusal(now, connection.region, connection.region, snapshot.SnapshotId) : undefined };
  });
  const accepted = rows.filter((row) => !row.refused);
  const gib = accepted.reduce((sum, row) => sum + row.snapshot.VolumeSize, 0);
  const start = () => {
    const at = new Date().toISOString();
    const items = accepted.map((row) => ({ kind: 'copy', source: row.id, clientToken: tokens.get(row.id)!, request: copyRequest(row.snapshot, { template: choices.template, provenance: choices.provenance, sourceTags: choices.sourceTags, tags, region: connection.region, at }, tokens.get(row.id)!) }));
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
      <CopyFields choices={choices} onChange={setChoices} />
    </BulkModal>
  );
}

const STATUS_TEXT = { queued: 'queued', sending: 'sending…', created: 'created', failed: 'failed', 'not-sent': 'not sent' } as const;

function Run({ connection, queue }: { connection: Connection; queue: BulkQueue<CopyRequest> }) {
  const view = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  const { counts, state } = view;
  const open = counts.queued + counts.sending;
  const [resume, setResume] = useState<{ checking?: true; plan?: ResumePlan; error?: string }>();
  // Restored after a reload, the unconfirmed items have no request: OUTSCALE says first what their tokens made.
  const onResume = async () => {
    if (view.awaiting === 0) return queue.resume();
    setResume({ checking: true });
    try {
      const plan = await checkTokens(connection.client, connection.accountId, queue);
      for (const { snapshot, source } of plan.found) jobsStore.add(snapshot, source, Date.now(), 'copy');
      if (plan.resend.length > 0 || plan.untagged.length > 0) return setResume({ plan });
      setResume(undefined);
      queue.resume();
    } catch (error) {
      setResume({ error: error instanceof Error ? error.message : String(error) });
    }
  };
  if (resume?.plan) return <ResumeReview connection={connection} queue={queue} plan={resume.plan} onDone={() => setResume(undefined)} />;
  return (
    <BulkModal
      title="Bulk copy"
      onClose={closeAction}
      footer={
        <>
          {state === 'running' && <Button variant="secondary" onClick={queue.pause}>Pause</Button>}
          {state === 'paused' && (
            <Button data-autofocus disabled={resume?.checking} onClick={() => void onResume()}>
              Resume
            </Button>
          )}
          {(state === 'running' || state === 'paused') && <Button variant="secondary" onClick={queue.cancel}>Cancel the rest</Button>}
          {counts.failed + counts['not-sent'] > 0 && state !== 'running' && <Button variant="secondary" onClick={queue.retryFailed}>Retry failed</Button>}
          <Button variant="secondary" onClick={closeAction}>Close</Button>
        </>
      }
    >
      {state === 'paused' && view.awaiting > 0 && (
        <p role="alert">
          A reload interrupted this bulk copy: {view.awaiting} not yet confirmed. This tab keeps only their IDs and ClientTokens: Resume first asks OUTSCALE which of them were
          made, then asks the description and tags again for the others (sent with their own ClientTokens: no duplicate).
        </p>
      )}
      {resume?.error && <p role="alert">OUTSCALE could not be asked what was made: {resume.error} Nothing was sent; try Resume again.</p>}
      <p role="status">
        {counts.created} created, {open} to go, {counts.failed} failed, {counts['not-sent']} not sent · {state} · {view.limit} at a time{view.throttled ? ` · ${view.throttled} throttled answers` : ''}
        {resume?.checking ? ' · asking OUTSCALE what the unconfirmed ClientTokens already made…' : ''}
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
  if (run) return <Run connection={connection} queue={run} />;
  return <Review connection={connection} onStart={setRun} />;
}
