/**
 * The operator actions' dialogs live in the URL, like the copy dialog (copy-url.ts): `?act=NAME&id=RESOURCE`,
 * plus `&token=CLIENT_TOKEN` for the actions that create a snapshot (its ClientToken survives a reload, so a
 * resubmit never makes a second one). Any feature opens one with `openAction`; src/app renders it, lazily.
 */
import { CLIENT_TOKEN_MAX } from '../api/limits';
import { navigate } from './router';

export const ACTION_NAMES = ['delete', 'share', 'snapshot-volume', 'import', 'bulk-copy', 'cross-region'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** The actions that create a snapshot, and so carry a ClientToken. */
const CREATING: ReadonlySet<ActionName> = new Set<ActionName>(['snapshot-volume', 'import', 'cross-region']);

export interface ActionDialogState {
  name: ActionName;
  /** The snapshot or volume acted on ('' for an import). */
  id: string;
  /** The ClientToken of a creating action ('' for the others, and for a link without a valid one). */
  token: string;
}

const TOKEN = new RegExp(`^[\\w.:-]{1,${CLIENT_TOKEN_MAX}}$`);
const isActionName = (name: string): name is ActionName => (ACTION_NAMES as readonly string[]).includes(name);

/** The action a URL opens, or null (no `act`, or one that is not an action: ignored). */
export function readAction(params: URLSearchParams): ActionDialogState | null {
  const name = params.get('act') ?? '';
  if (!isActionName(name)) return null;
  const token = params.get('token') ?? '';
  return { name, id: params.get('id') ?? '', token: CREATING.has(name) && TOKEN.test(token) ? token : '' };
}

/** Whether a creating action's dialog still needs its ClientToken (a link opened without one). */
export function needsToken(state: ActionDialogState): boolean {
  return CREATING.has(state.name) && !state.token;
}

function withParams(update: (params: URLSearchParams) => void): string {
  const url = new URL(window.location.href);
  update(url.searchParams);
  const query = url.searchParams.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

export function openAction(name: ActionName, id = '') {
  navigate(
    withParams((params) => {
      params.delete('copy');
      params.delete('retry');
      params.set('act', name);
      if (id) params.set('id', id);
      else params.delete('id');
      if (CREATING.has(name)) params.set('token', crypto.randomUUID());
      else params.delete('token');
    }),
  );
}

/** Gives a creating action opened by a link without a valid ClientToken its own, in place. */
export function ensureActionToken() {
  navigate(withParams((params) => params.set('token', crypto.randomUUID())), { replace: true });
}

export function closeAction() {
  navigate(
    withParams((params) => {
      params.delete('act');
      params.delete('id');
      params.delete('token');
    }),
  );
}
