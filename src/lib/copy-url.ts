/**
 * The copy dialog lives in the URL (`?copy=SOURCE&token=CLIENT_TOKEN`, plus `&retry=FAILED_COPY` for a retry):
 * a link opens it pre-filled, and the ClientToken made when it opened survives a reload, so a resubmit never
 * makes a second copy.
 */
import { SNAPSHOT_ID_PATTERN } from '../api/ids';
import { CLIENT_TOKEN_MAX } from '../api/limits';
import { navigate } from './router';

export interface CopyDialogState {
  source: string;
  token: string;
  /** The failed copy whose parameters a retry reuses (with a new ClientToken). */
  retry?: string;
  /** A link's `retry` that is not a snapshot ID: ignored, and the dialog says so. */
  badRetry?: string;
}

/** What a link's ClientToken must look like: at most OUTSCALE's length, in characters safe in a URL and a shell. */
const TOKEN = new RegExp(`^[\\w.:-]{1,${CLIENT_TOKEN_MAX}}$`);

export function readCopyDialog(params: URLSearchParams): CopyDialogState | null {
  if (!params.has('copy')) return null;
  const token = params.get('token') ?? '';
  const retry = params.get('retry') ?? '';
  return {
    source: params.get('copy') ?? '',
    token: TOKEN.test(token) ? token : '',
    ...(SNAPSHOT_ID_PATTERN.test(retry) ? { retry } : retry ? { badRetry: retry } : {}),
  };
}

function withParams(update: (params: URLSearchParams) => void): string {
  const url = new URL(window.location.href);
  update(url.searchParams);
  const query = url.searchParams.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

/** Opens the dialog with a new ClientToken; `retryOf` pre-fills it from a failed copy. */
export function openCopyDialog(sourceId = '', retryOf?: string) {
  navigate(
    withParams((params) => {
      params.set('copy', sourceId);
      params.set('token', crypto.randomUUID());
      if (retryOf) params.set('retry', retryOf);
      else params.delete('retry');
    }),
  );
}

let replacedToken: string | undefined;

/** Gives a link opened without a valid token its own; a malformed one is remembered, so the dialog can say so. */
export function ensureToken() {
  navigate(
    withParams((params) => {
      replacedToken = params.get('token') || undefined;
      params.set('token', crypto.randomUUID());
    }),
    { replace: true },
  );
}

/** The malformed token a link carried, once (the dialog that replaced it tells the operator). */
export function takeReplacedToken(): string | undefined {
  const token = replacedToken;
  replacedToken = undefined;
  return token;
}

export function closeCopyDialog() {
  navigate(
    withParams((params) => {
      params.delete('copy');
      params.delete('token');
      params.delete('retry');
    }),
  );
}
