/**
 * The cross-Region copy's dialog (issue 14 items 6–8): the steps listed before anything runs (the shared-source
 * copy only when the source is another account's), a bucket to pick (or the default one, created), Check
 * permissions (DryRun), the whole route as commands; then each step with its live progress, a failure explained
 * with a retry of that step, and the new snapshot's ID at the end. Opened from the copy dialog when the destination
 * is another connected Region: `?act=cross-region&id=SNAPSHOT@REGION&token=…` (the token is the route's ID, so a
 * reload resumes the route where it was).
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '../../components/ui/button';
import { ErrorPanel } from '../../components/ui/error-panel';
import { Field, inputClass } from '../../components/ui/field';
import { ViewToggle } from '../../components/ui/view-toggle';
import { closeAction } from '../../lib/action-url';
import type { Connection } from '../../lib/connection';
import { createOosApi } from './oos';
import { routeCommands } from './route-commands';
import { currentStep, defaultBucket, newRoute, routeIdOf, routePrefix, routeStorage, STEP_TITLES, stepsOf, URL_SECONDS, type StepName } from './route-state';
import { FailureNote, StepList, type StepStatus } from './route-steps';
import { useRouteRunner } from './use-route-runner';
import { PermissionCheck } from './permission-check';

const GiB = 2 ** 30;

export default function RouteDialog({ connection, id, token }: { connection: Connection; id: string; token: string }) {
  const [sourceId = '', destRegion = ''] = id.split('@');
  const source = connection.client;
  const dest = connection.clientFor(destRegion);
  const destLabel = connection.regions.find((r) => r.region === destRegion)?.label ?? destRegion;
  const routeId = routeIdOf(token);
  const [saved] = useState(() => routeStorage.load(routeId));
  const oos = useMemo(() => {
    try {
      return createOosApi(source);
    } catch {
      return null;
    }
  }, [source]);
  const runner = useRouteRunner(saved, { source, dest, oos, accountId: connection.accountId });
  const [view, setView] = useState<'form' | 'command'>('form');
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.current?.open) dialog.current?.showModal();
    heading.current?.focus();
    return () => opener?.focus?.();
  }, []);

  const snapshot = useQuery({
    queryKey: ['cross-region', 'source', source.identity, sourceId],
    queryFn: async ({ signal }) => (await source.call('ReadSnapshots', { Filters: { SnapshotIds: [sourceId] } }, { signal })).Snapshots[0] ?? null,
    enabled: !runner.state,
  });
  const buckets = useQuery({ queryKey: ['cross-region', 'buckets', source.identity], queryFn: () => oos!.listBuckets(), enabled: Boolean(oos) && !runner.state });
  const fallbackBucket = defaultBucket(connection.accountId);
  const [bucket, setBucket] = useState('');
  const [deleteObject, setDeleteObject] = useState(true);
  const chosenBucket = bucket || (buckets.data?.includes(fallbackBucket) ? fallbackBucket : fallbackBucket);
  const found = snapshot.data ?? undefined;
  const needsOwnCopy = Boolean(found && found.AccountId !== connection.accountId);
  const plan = runner.state ?? { needsOwnCopy, deleteObject, bucket: chosenBucket, routeId, sourceId, destRegion, sourceRegion: connection.region };
  const steps = stepsOf(plan);
  const sizeBytes = (runner.state?.sizeBytes ?? (found ? found.VolumeSize * GiB : 0)) || 0;

  const explain = (step: StepName): string => {
    switch (step) {
      case 'own-copy':
        return `${sourceId} belongs to another account: CreateSnapshot copies it into yours in ${connection.region} first (only your own snapshot can be exported; a licence may still forbid it).`;
      case 'export':
        return `CreateSnapshotExportTask writes it as qcow2 to the bucket ${plan.bucket} (${connection.region}) under ${routePrefix(routeId)}${plan.bucket === fallbackBucket && !buckets.data?.includes(fallbackBucket) && !runner.state ? ', creating that bucket' : ''}.`;
      case 'url':
        return `A pre-signed GET URL for the exported object, valid ${URL_SECONDS / 60} minutes, signed with your ${connection.region} keys; made when the import starts, never stored.`;
      case 'import':
        return `CreateSnapshot with FileLocation and SnapshotSize ${sizeBytes ? `${sizeBytes.toLocaleString('en-US')} bytes` : '(the source’s size)'} in ${destRegion}, with that Region’s account (${destLabel}), tagged with its source, source Region and time.`;
      case 'watch':
        return `Until the new snapshot in ${destRegion} is completed.`;
      case 'cleanup':
        return `DeleteObject removes the exported object from ${plan.bucket} once the import has completed.`;
    }
  };

  const at = runner.state ? currentStep(runner.state) : null;
  const status = (step: StepName): StepStatus =>
    runner.state?.done[step] ? 'done' : step === at ? (runner.failure ? 'failed' : 'running') : 'waiting';
  const liveText = runner.state
    ? at === 'done'
      ? `Copy to ${destRegion} completed: ${runner.state.importedId}.`
      : runner.failure
        ? `Step ${steps.indexOf(runner.failure.step) + 1} of ${steps.length}, ${STEP_TITLES[runner.failure.step]}, failed.`
        : at
          ? `Step ${steps.indexOf(at) + 1} of ${steps.length}: ${STEP_TITLES[at]}.`
          : ''
    : '';

  const blocked = !dest
    ? `${destRegion} is not connected: connect a key for it first (Connect screen), then copy again.`
    : !oos
      ? 'OOS cannot be reached from this connection: use the Command view.'
      : snapshot.isPending
        ? 'Reading the source snapshot…'
        : !found
          ? `The snapshot ${sourceId} was not found in ${connection.region}.`
          : found.State !== 'completed'
            ? `${sourceId} is ${found.State}: only a completed snapshot can be copied to another Region.`
            : null;

  const startRoute = () => {
    if (blocked || !found) return;
    const description = `Copy of ${sourceId} from ${connection.region}`;
    runner.start(newRoute({ sourceId, sourceRegion: connection.region, destRegion, needsOwnCopy, bucket: chosenBucket, deleteObject, description }, token));
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby="route-heading"
      onCancel={(event) => {
        event.preventDefault();
        closeAction();
      }}
      className="m-auto w-[44rem] max-w-[calc(100vw-1rem)] rounded-lg bg-surface p-0 text-ink shadow-xl backdrop:bg-black/50"
    >
      <div className="max-h-[90vh] space-y-4 overflow-auto p-5 max-md:max-h-[calc(100dvh-2rem)] max-md:p-4">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="route-heading" ref={heading} tabIndex={-1} className="text-heading">
            Copy {sourceId} to {destRegion}
          </h2>
          <ViewToggle view={view} onView={setView} />
        </div>
        <p className="text-sm text-soft">
          From your account in {connection.region} to your account in {destRegion}: OUTSCALE copies only within a Region, so the console exports the
          snapshot to an OOS bucket in {connection.region} and imports it in {destRegion}.
        </p>
        <p aria-live="polite" role="status" className="text-sm font-medium">
          {liveText}
        </p>
        {view === 'command' ? (
          <pre tabIndex={0} aria-label="Commands for the whole route" className="overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
            {routeCommands({
              ...(runner.state ?? { needsOwnCopy, bucket: chosenBucket, deleteObject, description: '', sourceId, sourceRegion: connection.region, destRegion }),
              routeId,
              copyToken: runner.state?.copyToken ?? `route-${routeId}-copy`,
              importToken: runner.state?.importToken ?? `route-${routeId}-import`,
              createBucket: plan.bucket === fallbackBucket && !buckets.data?.includes(fallbackBucket),
              oosEndpoint: oos?.endpoint ?? `https://oos.${connection.region}.outscale.com`,
              sizeBytes,
              ...(connection.profile ? { sourceProfile: connection.profile } : {}),
            })}
          </pre>
        ) : (
          <>
            {!runner.state && (
              <div className="space-y-3">
                <Field label="Bucket to export to" hint={`In ${connection.region}. OOS bucket names are global on OUTSCALE: the default name carries your account ID.`}>
                  {(props) => (
                    <select {...props} className={inputClass} value={chosenBucket} onChange={(event) => setBucket(event.target.value)}>
                      {[...new Set([fallbackBucket, ...(buckets.data ?? [])])].map((name) => (
                        <option key={name} value={name}>
                          {name}
                          {name === fallbackBucket && !buckets.data?.includes(name) ? ' (created for you)' : ''}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                {buckets.error && <ErrorPanel error={buckets.error} title="Your buckets could not be listed" />}
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={deleteObject} onChange={(event) => setDeleteObject(event.target.checked)} />
                  Delete the exported object once the import has completed
                </label>
              </div>
            )}
            <StepList steps={steps} explain={explain} {...(runner.state ? { status, progress: runner.progress } : {})} />
            {runner.failure && <FailureNote failure={runner.failure} onRetry={runner.retry} />}
            {!runner.state && dest && oos && found && (
              <PermissionCheck source={source} dest={dest} sourceId={sourceId} region={connection.region} needsOwnCopy={needsOwnCopy} bucket={chosenBucket} bucketExists={Boolean(buckets.data?.includes(chosenBucket))} />
            )}
            {at === 'done' && (
              <p className="rounded-md bg-green-50 p-2 text-sm text-green-900 dark:bg-green-950 dark:text-green-100">
                <span className="font-mono">{runner.state?.importedId}</span> is completed in {destRegion}, tagged with its source {sourceId} ({connection.region}).
              </p>
            )}
          </>
        )}
        <div className="flex flex-wrap items-center justify-end gap-2 border-t border-line pt-3">
          {!runner.state && blocked && (
            <p id="route-reason" className="mr-auto max-w-xs text-xs text-soft">
              {blocked}
            </p>
          )}
          <Button variant="ghost" onClick={closeAction}>
            {runner.state ? 'Close' : 'Cancel'}
          </Button>
          {!runner.state && (
            <Button aria-disabled={Boolean(blocked)} aria-describedby={blocked ? 'route-reason' : undefined} onClick={startRoute}>
              Start the copy
            </Button>
          )}
        </div>
      </div>
    </dialog>
  );
}
