/**
 * The selection bar (issue 13 item 1): how many snapshots are selected, their total GiB, and the bulk actions
 * (Copy, Add tags, Delete, Export). In the list's toolbar, in the page's flow: it covers no row and no action (the dock
 * stays bottom left), and the rows do not move when it shows. Also offers to resume a bulk copy a reload interrupted. Loaded only when needed.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { openAction } from '../../lib/action-url';
import { useConnection } from '../../lib/connection-provider';
import { hasStoredBulkCopy, selectionStore, useSelection, type Selected } from '../../lib/selection-store';
import { BulkDeleteDialog, BulkTagsDialog } from './bulk-edit-dialogs';

function exportSelection(items: Selected[], accountId: string) {
  const text = `${JSON.stringify(items.map((item) => item.snapshot), null, 2)}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `snapshots-${accountId}-selection.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function BulkBar() {
  const connection = useConnection();
  const queryClient = useQueryClient();
  const { count, gib } = useSelection();
  const [open, setOpen] = useState<'tags' | 'delete'>();
  const [items, setItems] = useState<Selected[]>([]);
  const show = (which: 'tags' | 'delete') => {
    setItems(selectionStore.items());
    setOpen(which);
  };
  const interrupted = hasStoredBulkCopy(connection.accountId);
  return (
    <section aria-label="Selection" className="mr-auto flex flex-wrap items-center gap-2 rounded-md border border-blue-200 bg-blue-50 px-2 py-0.5 text-sm dark:border-blue-900 dark:bg-slate-900">
      {interrupted && (
        <p className="flex items-center gap-2">
          A bulk copy was interrupted.
          <Button variant="secondary" onClick={() => openAction('bulk-copy')}>
            Review and resume
          </Button>
        </p>
      )}
      {count > 0 && (
        <>
          <p role="status" className="font-medium">
            {count} selected · {gib.toLocaleString('en-US')} GiB
          </p>
          <div className="flex flex-wrap gap-1">
            <Button onClick={() => openAction('bulk-copy')}>Copy…</Button>
            <Button variant="secondary" onClick={() => show('tags')}>
              Add tags…
            </Button>
            <Button variant="secondary" onClick={() => show('delete')}>
              Delete…
            </Button>
            <Button variant="secondary" onClick={() => exportSelection(selectionStore.items(), connection.accountId)}>
              Export
            </Button>
            <Button variant="ghost" onClick={() => selectionStore.clear()}>
              Clear selection
            </Button>
          </div>
        </>
      )}
      {open === 'tags' && <BulkTagsDialog connection={connection} queryClient={queryClient} items={items} onClose={() => setOpen(undefined)} />}
      {open === 'delete' && <BulkDeleteDialog connection={connection} queryClient={queryClient} items={items} onClose={() => setOpen(undefined)} />}
    </section>
  );
}
