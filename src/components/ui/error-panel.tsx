import { lazy, Suspense } from 'react';
import { isOscApiError } from '../../api/errors';
import type { ErrorPanelProps } from './error-panel-body';

const ErrorPanelBody = lazy(() => import('./error-panel-body'));

/**
 * What went wrong, with OUTSCALE's Code, Type, Details and RequestId, a plain explanation and a Retry
 * (error-panel-body.tsx). Until that module has loaded, the same alert shows the title and OUTSCALE's own words.
 */
export function ErrorPanel(props: ErrorPanelProps) {
  const { error, title } = props;
  const osc = isOscApiError(error) ? error : null;
  const fallback = (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <p className="font-semibold">{title ?? (osc ? `${osc.action} failed` : 'Something went wrong')}</p>
      <p className="mt-1">{osc ? `${osc.type} ${osc.code}: ${osc.details}` : error.message}</p>
    </div>
  );
  return (
    <Suspense fallback={fallback}>
      <ErrorPanelBody {...props} />
    </Suspense>
  );
}
