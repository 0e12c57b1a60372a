/**
 * Bulk tags and bulk delete (issue 13 item 5). Tags go in as few calls as possible: one CreateTags / DeleteTags per
 * TAG_BATCH snapshots; a batch the API refuses is tried again one snapshot at a time, so the report says which
 * ones failed and why. Delete asks for the number of snapshots typed, then deletes them three at a time.
 */
import type { QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isOscApiError } from '../../api/errors';
import type { ResourceTag } from '../../api/schemas';
import { Button } from '../../components/ui/button';
import { inputClass } from '../../components/ui/field';
import { showToast } from '../../components/ui/toasts';
import type { Connection } from '../../lib/connection';
import { selectionStore, type Selected } from '../../lib/selection-store';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { chunks, counted, parseTags } from './bulk-logic';
import { BulkModal, LIST, ReportLine } from './bulk-modal';

interface Props {
  connection: Connection;
  queryClient: QueryClient;
  items: Selected[];
  onClose: () => void;
}

export type Outcome = { id: string; ok: boolean; text: string };
const why = (error: unknown) => (isOscApiError(error) ? `${error.code} ${error.type}: ${error.details}` : error instanceof Error ? error.message : String(error));

/** Runs `work` over `items`, at most `k` at once. */
async function pool<T>(items: readonly T[], k: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(k, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** CreateTags (or DeleteTags) on every ID, TAG_BATCH per call; a refused batch is retried ID by ID. */
export async function tagAll(call: (ids: string[]) => Promise<unknown>, ids: readonly string[]): Promise<{ outcomes: Outcome[]; calls: number }> {
  const outcomes: Outcome[] = [];
  let calls = 0;
  for (const batch of chunks(ids)) {
    calls++;
    try {
      await call(batch);
      for (const id of batch) outcomes.push({ id, ok: true, text: 'done' });
    } catch (error) {
      if (batch.length === 1) {
        outcomes.push({ id: batch[0]!, ok: false, text: why(error) });
        continue;
      }
      for (const id of batch) {
        calls++;
        try {
          await call([id]);
          outcomes.push({ id, ok: true, text: 'done' });
        } catch (one) {
          outcomes.push({ id, ok: false, text: why(one) });
        }
      }
    }
  }
  return { outcomes, calls };
}

function Report({ outcomes }: { outcomes: Outcome[] }) {
  const failed = outcomes.filter((o) => !o.ok).length;
  return (
    <div className="space-y-1">
      <p role="status">
        {outcomes.length - failed} done, {failed} failed.
      </p>
      <ul aria-label="Report, item by item" tabIndex={0} className={LIST}>
        {outcomes.map((o) => (
          <ReportLine key={o.id} {...o} />
        ))}
      </ul>
    </div>
  );
}

export function BulkTagsDialog({ connection, queryClient, items, onClose }: Props) {
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'add' | 'remove'>('add');
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>();
  const { tags, bad } = parseTags(text);
  const mine = items.filter((item) => item.owner === 'mine');
  const apply = async () => {
    setBusy(true);
    const ids = mine.map((item) => item.snapshot.SnapshotId);
    const Tags: ResourceTag[] = tags;
    const { outcomes: done, calls } = await tagAll((ResourceIds) => connection.client.call(mode === 'add' ? 'CreateTags' : 'DeleteTags', { ResourceIds, Tags }), ids);
    const skipped = items.filter((item) => item.owner !== 'mine').map((item) => ({ id: item.snapshot.SnapshotId, ok: false, text: `Not yours (${item.snapshot.AccountId}): only its owner can tag it.` }));
    setOutcomes([...done, ...skipped]);
    setBusy(false);
    void queryClient.invalidateQueries({ queryKey: snapshotQueries.lists(connection.client) });
    showToast('success', `Tags ${mode === 'add' ? 'added to' : 'removed from'} ${counted(done.filter((o) => o.ok).length, 'snapshot')} in ${counted(calls, 'call')}.`, { group: 'bulk-tags' });
  };
  return (
    <BulkModal
      title={`Tags on ${counted(items.length, 'snapshot')}`}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {outcomes ? 'Close' : 'Cancel'}
          </Button>
          {!outcomes && (
            <Button disabled={busy || tags.length === 0 || bad.length > 0 || mine.length === 0} onClick={() => void apply()}>
              {mode === 'add' ? 'Add tags' : 'Remove tags'}
            </Button>
          )}
        </>
      }
    >
      {outcomes ? (
        <Report outcomes={outcomes} />
      ) : (
        <>
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">Add or remove</legend>
            {(['add', 'remove'] as const).map((m) => (
              <label key={m} className="flex items-center gap-1">
                <input type="radio" name="bulk-tag-mode" checked={mode === m} onChange={() => setMode(m)} />
                {m === 'add' ? 'Add (a key already there gets the new value)' : 'Remove (key=value: only that value; key: any value)'}
              </label>
            ))}
          </fieldset>
          <label className="block space-y-1 text-sm font-medium">
            <span>Tags, one key=value a line</span>
            <textarea data-autofocus rows={4} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={bad.length > 0} className={`${inputClass} font-mono`} />
          </label>
          {bad.length > 0 && <p className="text-sm text-red-700 dark:text-red-300">Not a tag (key 1–255 characters, not osc:, value up to 255): {bad.join(', ')}</p>}
          {mine.length < items.length && <p className="text-sm">{items.length - mine.length} of them are not yours and will be skipped.</p>}
          <p className="text-sm text-muted">{Math.ceil(mine.length / 100)} call(s): up to 100 snapshots per call.</p>
        </>
      )}
    </BulkModal>
  );
}

export function BulkDeleteDialog({ connection, queryClient, items, onClose }: Props) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>();
  const count = items.length;
  // The deleted leave the selection when the report is closed (the bar, and this dialog, go with an empty one).
  const close = () => {
    selectionStore.remove((outcomes ?? []).filter((o) => o.ok).map((o) => o.id));
    onClose();
  };
  const run = async () => {
    setBusy(true);
    const done: Outcome[] = [];
    await pool(items, 3, async ({ snapshot: s }) => {
      try {
        await connection.client.call('DeleteSnapshot', { SnapshotId: s.SnapshotId });
        done.push({ id: s.SnapshotId, ok: true, text: 'deleted' });
      } catch (error) {
        done.push({ id: s.SnapshotId, ok: false, text: why(error) });
      }
    });
    setOutcomes(done);
    setBusy(false);
    void queryClient.invalidateQueries({ queryKey: snapshotQueries.lists(connection.client) });
    showToast('success', `Deleted ${done.filter((o) => o.ok).length} of ${counted(count, 'snapshot')}.`, { group: 'bulk-delete' });
  };
  return (
    <BulkModal
      title={`Delete ${counted(count, 'snapshot')}`}
      onClose={close}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            {outcomes ? 'Close' : 'Cancel'}
          </Button>
          {!outcomes && (
            <Button className="bg-red-700 hover:bg-red-800" disabled={busy || typed.trim() !== String(count)} onClick={() => void run()}>
              {busy ? 'Deleting…' : `Delete ${counted(count, 'snapshot')}`}
            </Button>
          )}
        </>
      }
    >
      {outcomes ? (
        <Report outcomes={outcomes} />
      ) : (
        <>
          <p className="text-sm">This cannot be undone. Volumes and images made from them are not affected; a snapshot an OMI uses is refused.</p>
          <ul aria-label="Snapshots to delete" tabIndex={0} className={LIST}>
            {items.slice(0, 200).map(({ snapshot: s }) => (
              <li key={s.SnapshotId} className="border-t border-line-soft px-2 py-1 font-mono first:border-t-0">
                {s.SnapshotId} <span className="font-sans text-muted">{s.VolumeSize} GiB</span>
              </li>
            ))}
            {count > 200 && <li className="px-2 py-1">and {count - 200} more</li>}
          </ul>
          <label className="block space-y-1 text-sm font-medium">
            <span>Type {count} to confirm</span>
            <input data-autofocus inputMode="numeric" value={typed} onChange={(e) => setTyped(e.target.value)} className={inputClass} />
          </label>
        </>
      )}
    </BulkModal>
  );
}
