/**
 * The copy dialog lives in the URL (`?copy=SOURCE&token=CLIENT_TOKEN`): a link opens it pre-filled, and
 * the ClientToken made when it opened survives a reload, so a resubmit never makes a second copy.
 */
import { navigate } from '../../app/router';

export interface CopyDialogState {
  source: string;
  token: string;
}

export function readCopyDialog(params: URLSearchParams): CopyDialogState | null {
  if (!params.has('copy')) return null;
  return { source: params.get('copy') ?? '', token: params.get('token') ?? '' };
}

function withParams(update: (params: URLSearchParams) => void): string {
  const url = new URL(window.location.href);
  update(url.searchParams);
  const query = url.searchParams.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

export function openCopyDialog(sourceId = '') {
  navigate(
    withParams((params) => {
      params.set('copy', sourceId);
      params.set('token', crypto.randomUUID());
    }),
  );
}

/** Gives a link opened without a token its own. */
export function ensureToken() {
  navigate(withParams((params) => params.set('token', crypto.randomUUID())), { replace: true });
}

export function closeCopyDialog() {
  navigate(
    withParams((params) => {
      params.delete('copy');
      params.delete('token');
    }),
  );
}
