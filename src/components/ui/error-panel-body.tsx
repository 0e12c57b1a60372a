import { isOscApiError } from '../../api/errors';
import { Button } from './button';
import { explainError } from './explain-error';

export interface ErrorPanelProps {
  error: Error;
  onRetry?: () => void;
  title?: string;
}

/**
 * Shows what OUTSCALE said (Code, Type, Details, RequestId) with a plain explanation from the error catalogue and
 * a Retry. Loaded when an error is first shown (error-panel.tsx), so the catalogue's words stay out of the first
 * page's JavaScript.
 */
export default function ErrorPanelBody({ error, onRetry, title }: ErrorPanelProps) {
  const osc = isOscApiError(error) ? error : null;
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">{title ?? (osc ? `${osc.action} failed` : 'Something went wrong')}</p>
      <p className="mt-1">{osc ? explainError(osc) : error.message}</p>
      {osc && (
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
          <dt className="font-medium">Details</dt>
          <dd className="break-words">{osc.details || '—'}</dd>
          <dt className="font-medium">Code</dt>
          <dd className="font-mono">{osc.code || '—'}</dd>
          <dt className="font-medium">Type</dt>
          <dd className="font-mono">{osc.type || '—'}</dd>
          <dt className="font-medium">HTTP status</dt>
          <dd className="font-mono">{osc.status || 'no answer'}</dd>
          <dt className="font-medium">RequestId</dt>
          <dd className="font-mono break-all">{osc.requestId ?? '—'}</dd>
        </dl>
      )}
      {onRetry && (
        <Button className="mt-3" onClick={onRetry}>
          Retry
        </Button>
      )}
    </div>
  );
}
