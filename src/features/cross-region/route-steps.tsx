/** The route's steps as a list: each with what it does, then its live state and progress; a failure explained. */
import { isOscApiError } from '../../api/errors';
import { Button } from '../../components/ui/button';
import { ErrorPanel } from '../../components/ui/error-panel';
import { ProgressBar } from '../../components/ui/progress-bar';
import { OosError } from './oos';
import type { RouteFailure, StepProgress } from './route';
import { STEP_TITLES, type StepName } from './route-state';

export type StepStatus = 'waiting' | 'running' | 'done' | 'failed';

const STATUS_WORDS: Record<StepStatus, string> = { waiting: 'Waiting', running: 'Running', done: 'Done', failed: 'Failed' };
const STATUS_ICON: Record<StepStatus, string> = { waiting: '○', running: '◔', done: '✓', failed: '✕' };

/** OOS's refusals in plain words (S3 codes; OUTSCALE's API errors go through the error catalogue). */
export function explainOos(error: OosError): string {
  switch (error.code) {
    case 'BucketAlreadyExists':
      return 'Bucket names are global on OUTSCALE OOS: another account already has this name. Pick another bucket, or create one with another name.';
    case 'NoSuchBucket':
      return 'That bucket does not exist in the source Region. Pick one of your buckets, or let the console create its default one.';
    case 'NoSuchKey':
      return 'The exported object is not in the bucket (deleted since?). Retry the export.';
    case 'AccessDenied':
    case 'SignatureDoesNotMatch':
    case 'InvalidAccessKeyId':
      return 'OOS refused the source Region’s keys for this bucket: the bucket may belong to another account, or the keys lack OOS access.';
    case 'NetworkError':
      return 'OOS could not be reached from this page (network, or its CORS rules). The Command view gives the same steps for the AWS CLI.';
    default:
      return 'OOS refused the request.';
  }
}

export function FailureNote({ failure, onRetry }: { failure: RouteFailure; onRetry: () => void }) {
  const title = `Step “${STEP_TITLES[failure.step]}” failed`;
  const cause = failure.cause;
  if (isOscApiError(cause)) return <ErrorPanel error={cause} title={title} onRetry={onRetry} />;
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <p className="font-semibold">{title}</p>
      {cause instanceof OosError ? (
        <>
          <p className="mt-1">{explainOos(cause)}</p>
          <p className="mt-1 text-xs">
            OOS {cause.operation}: <span className="font-mono">{cause.code}</span> ({cause.status || 'no answer'}): {cause.message}
          </p>
        </>
      ) : (
        <p className="mt-1">{failure.message}</p>
      )}
      <Button className="mt-3" onClick={onRetry}>
        Retry this step
      </Button>
    </div>
  );
}

export function StepList({
  steps,
  explain,
  status,
  progress,
}: {
  steps: StepName[];
  explain: (step: StepName) => string;
  status?: (step: StepName) => StepStatus;
  progress?: Partial<Record<StepName, StepProgress>>;
}) {
  return (
    <ol aria-label="Steps" className="space-y-2">
      {steps.map((step, at) => {
        const state = status?.(step);
        const live = progress?.[step];
        return (
          <li key={step} aria-current={state === 'running' ? 'step' : undefined} className="rounded-md border border-line p-2 text-sm">
            <div className="flex items-baseline gap-2">
              {state && (
                <span aria-hidden="true" className={state === 'failed' ? 'text-red-700 dark:text-red-300' : state === 'done' ? 'text-green-700 dark:text-green-300' : 'text-soft'}>
                  {STATUS_ICON[state]}
                </span>
              )}
              <span className="font-medium">
                {at + 1}. {STEP_TITLES[step]}
              </span>
              {state && <span className="ml-auto text-xs text-soft">{STATUS_WORDS[state]}</span>}
            </div>
            <p className="text-xs text-soft">{explain(step)}</p>
            {state === 'running' && live && (
              <div className="mt-1 space-y-1">
                {live.percent !== undefined && <ProgressBar value={live.percent} label={`${STEP_TITLES[step]}: progress`} />}
                <p className="text-xs break-all">{live.note}</p>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
