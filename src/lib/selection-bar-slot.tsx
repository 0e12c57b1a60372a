/**
 * The selection bar where a list shows it (the table's toolbar, the phone's cards): loaded through the slot
 * src/app fills (src/lib/bulk-slot.ts) once a snapshot is selected or a bulk copy waits to resume. Clears the
 * selection when another account connects.
 */
import { lazy, Suspense, useEffect } from 'react';
import { bulkSlot } from './bulk-slot';
import { useConnection } from './connection-provider';
import { hasStoredBulkCopy, selectionStore, useSelection } from './selection-store';

const BulkBar = lazy(() => bulkSlot.load?.() ?? Promise.resolve({ default: () => null }));

export function SelectionBarSlot() {
  const { count } = useSelection();
  const { accountId } = useConnection();
  useEffect(() => selectionStore.setAccount(accountId), [accountId]);
  if (count === 0 && !hasStoredBulkCopy(accountId)) return null;
  return (
    <Suspense fallback={null}>
      <BulkBar />
    </Suspense>
  );
}
