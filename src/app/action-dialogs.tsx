import { Suspense, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { ensureActionToken, needsToken, type ActionDialogState, type ActionName } from '../lib/action-url';
import type { Connection } from '../lib/connection';

/** What every action dialog gets: the connection, the resource acted on, and (creating actions) the ClientToken. */
export interface ActionDialogProps {
  connection: Connection;
  id: string;
  token: string;
}

type Dialog = LazyExoticComponent<ComponentType<ActionDialogProps>>;

/**
 * Each operator action's dialog, loaded when first opened (src/lib/action-url.ts opens them from anywhere: a row's
 * menu, the detail page, the tray). Features add their own entry here:
 * `delete: lazy(() => import('../features/manage/delete-dialog'))`.
 */
const DIALOGS: Partial<Record<ActionName, Dialog>> = {};

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
      <Dialog key={`${state.name}:${state.id}:${state.token}`} connection={connection} id={state.id} token={state.token} />
    </Suspense>
  );
}
