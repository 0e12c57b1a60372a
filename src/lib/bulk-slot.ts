/**
 * Where the snapshot list finds the selection bar (src/features/bulk, which it may not import): src/app sets the
 * loader, the list renders it lazily once a snapshot is selected. Nothing of the bar is in the first script.
 */
import type { ComponentType } from 'react';

export const bulkSlot: { load?: () => Promise<{ default: ComponentType }> } = {};
