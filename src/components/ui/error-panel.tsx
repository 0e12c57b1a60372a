import { isOscApiError } from '../../api/errors';

/** Shows what OUTSCALE said (Code, Type, Details, RequestId) in plain words, with a Retry. */
export function ErrorPanel({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const osc = isOscApiError(error) ? error : null;
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">{osc ? `${osc.action} failed` : 'Something went wrong'}</p>
      <p className="mt-1">{osc?.details || error.message}</p>
      {osc && (
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 font-mono text-xs">
          <dt>HTTP status</dt>
          <dd>{osc.status || 'no answer'}</dd>
          <dt>Code</dt>
          <dd>{osc.code || '—'}</dd>
          <dt>Type</dt>
          <dd>{osc.type || '—'}</dd>
          <dt>RequestId</dt>
          <dd>{osc.requestId ?? '—'}</dd>
        </dl>
      )}
      {onRetry && (
        <button
          type="button"
          onClick={onRetry}
          className="mt-3 rounded bg-red-700 px-3 py-1 font-medium text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          Retry
        </button>
      )}
    </div>
  );
}
