import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { ensureActionToken, needsToken, type ActionDialogState, type ActionName } from '../lib/action-url';
import type { Connection } from '../lib/connection';
import { detailPanels } from '../lib/detail-panels';

/** What every action dialog gets: the connection, the resource acted on, and (creating actions) the ClientToken. */
export interface ActionDialogProps {
  connection: Connection;
  id: string;
  token: string;
  /** Which action: a component may serve several (src/features/manage serves delete and share). */
  action: ActionName;
}

type Dialog = ComponentType<ActionDialogProps>;

/**
 * Delete, sharing and the tag editor (src/features/manage): one lazy component for the three, which picks by
 * `action` (each lazy import costs the first page's script its own bytes).
 */
const Manage = lazy(() => import('../features/manage/dialogs'));

/**
 * Each operator action's dialog, loaded when first opened (src/lib/action-url.ts opens them from anywhere: a row's
 * menu, the detail page, the tray). Features add their own entry here:
 * `delete: lazy(() => import('../features/manage/delete-dialog'))`.
 */
const DIALOGS: Partial<Record<ActionName, Dialog>> = {
  delete: Manage,
  share: Manage,
  'snapshot-volume': lazy(() => import('../features/volumes/snapshot-volume-dialog')),
  import: lazy(() => import('../features/volumes/import-dialog')),
  // The selection's bulk copy (its items' ClientTokens are made at review time, not in the URL).
  'bulk-copy': lazy(() => import('../features/bulk/bulk-copy-dialog')),
  // A copy to another Region (id `snap-…@region`; its token is the route's ID, so a reload resumes the route).
  'cross-region': lazy(() => import('../features/cross-region/route-dialog')),
};

/** The selection bar (src/lib/bulk-slot.ts). */
export const loadBulkBar = () => import('../features/bulk/bulk-bar');

// The detail page's tag editor: the same lazy component.
detailPanels.tags = Manage;

export function ActionDialogs({ connection, state }: { connection: Connection; state: ActionDialogState | null }) {
  const missingToken = state ? needsToken(state) : false;
  useEffect(() => {
    if (missingToken) ensureActionToken();
  }, [missingToken]);
  if (!state || missingToken) return null;
  const Dialog = DIALOGS[state.name];
  if (!Dialog) return null;
  return (
    <Suspense fallback={null}>
      <Dialog key={`${state.name}:${state.id}:${state.token}`} action={state.name} connection={connection} id={state.id} token={state.token} />
    </Suspense>
  );
}
