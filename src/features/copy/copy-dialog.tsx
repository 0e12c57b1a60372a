import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { COPY_TIME, copyPlan, defaultDescription, DESCRIPTION_MAX, formFromCopy, makeCopyFormSchema, PROVENANCE_KEYS, toCreateSnapshotRequest, type CopyForm } from '../../api/copy-form';
import { isOscApiError } from '../../api/errors';
import { SNAPSHOT_ID_PATTERN } from '../../api/ids';
import { apiEndpoint } from '../../api/regions';
import { Button } from '../../components/ui/button';
import { ErrorPanel } from '../../components/ui/error-panel';
import { explainError } from '../../components/ui/explain-error';
import { Field, inputClass } from '../../components/ui/field';
import { captureOpener, restoreFocus } from '../../components/ui/focus-return';
import { TagRows } from '../../components/ui/tag-rows';
import { ViewToggle } from '../../components/ui/view-toggle';
import { showToast } from '../../components/ui/toasts';
import type { Connection } from '../../lib/connection';
import { openAction } from '../../lib/action-url';
import { closeCopyDialog, takeReplacedToken } from '../../lib/copy-url';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { CommandView } from './command-view';
import { DestinationField, DialogNotes, RouteNote, SnapshotLink, SourceSummary, SourceTagsOption } from './copy-dialog-parts';
import { commandReasons, fieldOf, sourceBlock } from './copy-problems';
import { useCopyMutation } from './use-copy-mutation';

interface CopyDialogProps {
  connection: Connection;
  source: string;
  token: string;
  /** A failed copy whose source, description and tags this dialog reuses (with its own new ClientToken). */
  retry?: string;
  /** A link's `retry` value that is not a snapshot ID. */
  badRetry?: string;
}

/**
 * The copy dialog: source lookup, Region rule, description, tags, provenance, DryRun, and the CLI view.
 * Pre-filled values (the description from the source, the Region from the account) follow their source until
 * the operator edits them, so what is submitted, and what the Command view prints, is what the form shows.
 */
export default function CopyDialog({ connection, source, token, retry, badRetry }: CopyDialogProps) {
  const client = connection.client;
  const dialog = useRef<HTMLDialogElement>(null);
  const [dryRunState, setDryRunAnswer] = useState<({ ok: true; requestId: string } | { ok: false; error: Error }) & { for?: string } | null>(null);
  const [formError, setFormError] = useState<Error | null>(null);
  const [view, setView] = useState<'form' | 'command'>('form');
  const [replacedToken] = useState(takeReplacedToken);
  // Focus goes back to the control that opened the dialog, unless a submit handed it to the new copy's link.
  const [opener] = useState(() => captureOpener());
  const focusHandedOn = useRef(false);
  // A copy made whose tags could not be set: said here, in an alert, with its link.
  const [partial, setPartial] = useState<{ id: string; message: string } | null>(null);
  const partialLink = useRef<HTMLParagraphElement>(null);
  // Which pre-filled fields the operator has edited: those stop following their source.
  const edited = useRef({ Description: false });
  // Where the copy goes: another connected Region hands over to the cross-Region route (SourceRegionName stays
  // the source's Region, this account's, filled in by the console).
  const [destination, setDestination] = useState(connection.region);
  const destinationId = useId();
  const schema = useMemo(() => makeCopyFormSchema(connection.region), [connection.region]);
  const form = useForm<CopyForm>({
    resolver: zodResolver(schema),
    mode: 'onChange',
    defaultValues: { SourceSnapshotId: source, SourceRegionName: connection.region, Description: SNAPSHOT_ID_PATTERN.test(source.trim()) ? defaultDescription(source.trim(), undefined) : '', Tags: [], Provenance: true, SourceTags: false },
  });
  const { register, control, formState, handleSubmit, setError, setValue, getValues, reset } = form;
  const tags = useFieldArray({ control, name: 'Tags' });
  const values = useWatch({ control });
  const sourceId = (values.SourceSnapshotId ?? '').trim();
  const wellFormed = SNAPSHOT_ID_PATTERN.test(sourceId);
  const lookup = useQuery({ ...snapshotQueries.detail(client, sourceId), enabled: wellFormed });
  const found = wellFormed ? lookup.data : undefined;

  // A copy this dialog's ClientToken already made (a reloaded or resubmitted link): say so, never "started".
  const madeByToken = useQuery(snapshotQueries.byClientToken(client, token, connection.accountId));
  const already = madeByToken.data ?? null;

  // A retry starts from the failed copy's settings, once they are read.
  const failed = useQuery({ ...snapshotQueries.detail(client, retry ?? ''), enabled: Boolean(retry) });
  const retryApplied = useRef(!retry);
  const retryPending = Boolean(retry) && !failed.isFetched;
  useEffect(() => {
    if (retryApplied.current || !failed.isFetched) return;
    retryApplied.current = true;
    if (!failed.data) return;
    const sourceOfFailed = source.trim() || failed.data.Tags.find((t) => t.Key === PROVENANCE_KEYS.source)?.Value || '';
    // A description that was pre-filled for its source keeps following the source; one the operator wrote does not.
    edited.current.Description = !(failed.data.Description ?? '').startsWith(`Copy of ${sourceOfFailed}`);
    reset(formFromCopy(failed.data, sourceOfFailed, connection.region), { keepDefaultValues: true });
  }, [failed.isFetched, failed.data, source, connection.region, reset]);

  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    // Focus on the first field that needs input: the source ID, unless the link gave a good one.
    form.setFocus(SNAPSHOT_ID_PATTERN.test(source.trim()) ? 'Description' : 'SourceSnapshotId');
    // A link's source that is not a snapshot ID is said at once, under its field.
    if (source) void form.trigger('SourceSnapshotId');
    return () => {
      if (!focusHandedOn.current) restoreFocus(opener);
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (partial) partialLink.current?.querySelector('a')?.focus();
  }, [partial]);
  const autoDescription = found ? defaultDescription(found.SnapshotId, found.Description) : wellFormed ? defaultDescription(sourceId, undefined) : '';
  useEffect(() => {
    if (edited.current.Description || !retryApplied.current) return;
    if (getValues('Description') !== autoDescription) setValue('Description', autoDescription, { shouldValidate: true });
  }, [autoDescription, failed.isFetched, getValues, setValue]);
  useEffect(() => {
    if (getValues('SourceRegionName') !== connection.region) setValue('SourceRegionName', connection.region, { shouldValidate: true });
  }, [connection.region, getValues, setValue]);

  const blocked = sourceBlock({ sourceId, wellFormed, pending: lookup.isPending, error: lookup.error, found, accountId: connection.accountId });
  const otherRegion = destination !== connection.region;
  // A permission check answers for the source and Region it was made with, not for edited ones.
  const checkedFor = `${sourceId} ${values.SourceRegionName}`;
  const dryRunAnswer = dryRunState?.for === checkedFor ? dryRunState : null;

  const showApiError = (error: unknown) => {
    const err = error instanceof Error ? error : new Error(String(error));
    const field = isOscApiError(err) ? fieldOf(err) : null;
    if (field && isOscApiError(err)) setError(field, { type: 'server', message: `${explainError(err)} (${err.type} ${err.code}: ${err.details})` });
    setFormError(err);
  };

  const dryRun = useMutation({
    mutationFn: (form: CopyForm) => client.call('CreateSnapshot', toCreateSnapshotRequest(form, token, true)),
    onMutate: () => {
      setDryRunAnswer(null);
      setFormError(null);
    },
    onSuccess: (answer, form) => setDryRunAnswer({ ok: true, requestId: answer.ResponseContext.RequestId, for: `${form.SourceSnapshotId.trim()} ${form.SourceRegionName}` }),
    onError: (error, form) => setDryRunAnswer({ ok: false, error, for: `${form.SourceSnapshotId.trim()} ${form.SourceRegionName}` }),
  });

  const create = useCopyMutation(connection, token, {
    onStarted: ({ snapshot, tagError }) => {
      // An error stays in the dialog, as an alert; a success closes it, and focus goes to the new copy's link.
      if (tagError) {
        setPartial({ id: snapshot.SnapshotId, message: tagError.message });
        return;
      }
      focusHandedOn.current = true;
      closeCopyDialog();
      showToast(
        'success',
        <span>
          Copy started: <SnapshotLink id={snapshot.SnapshotId} /> ({snapshot.State}).
        </span>,
        {
          group: 'copy-started',
          summary: (count) => (
            <span>
              {count} copies started. The last one: <SnapshotLink id={snapshot.SnapshotId} /> ({snapshot.State}).
            </span>
          ),
          focus: true,
          returnFocus: opener,
        },
      );
    },
    onError: showApiError,
  });

  const parsed = schema.safeParse(values);
  const reasons = [
    ...(otherRegion ? [`A copy to ${destination} is an export and an import: Continue, and its own Command view shows the whole route.`] : []),
    ...commandReasons({ already, retryPending, blocked, issues: parsed.success ? [] : parsed.error.issues }),
  ];
  const commandPlan = parsed.success && reasons.length === 0 ? copyPlan(parsed.data, token, COPY_TIME, found?.Tags) : null;

  // A double click may get here twice before the button disables: the ClientToken makes the second
  // CreateSnapshot return the same snapshot, so there is still one copy.
  const submit = handleSubmit((form) => {
    if (otherRegion && !blocked && view === 'form') return openAction('cross-region', `${sourceId}@${destination}`);
    if (blocked || otherRegion || already || retryPending || partial || create.isPending) return;
    setFormError(null);
    create.mutate(form);
  });
  const busy = create.isPending || formState.isSubmitting;
  // Why a button cannot be used now, said next to it (aria-describedby). Busy buttons stay focusable
  // (aria-disabled), so that focus never falls to <body> while they work.
  const sameReason = blocked;
  const copyReason = partial ? 'This copy was made: see the alert above.' : already ? 'This copy was already made: see above.' : (sameReason ?? (retryPending ? 'Reading the failed copy…' : view !== 'form' ? 'Switch to Form to copy.' : null));
  const checkReason = sameReason ?? (!wellFormed ? 'Enter a source snapshot ID to check permissions.' : otherRegion ? 'Continue: the next dialog checks each step.' : null);
  const checkOff = dryRun.isPending || checkReason !== null;
  const copyOff = busy || copyReason !== null;

  return (
    <dialog
      ref={dialog}
      aria-labelledby="copy-heading"
      onCancel={(event) => {
        event.preventDefault();
        closeCopyDialog();
      }}
      className="m-auto w-[42rem] max-w-[calc(100vw-1rem)] rounded-lg bg-surface p-0 text-ink shadow-xl backdrop:bg-black/50"
    >
      <div className="max-h-[90vh] space-y-4 overflow-auto p-5 max-md:max-h-[calc(100dvh-2rem)] max-md:p-4">
        <div className="flex items-center gap-2">
          <h2 id="copy-heading" className="text-heading">
            Copy snapshot
          </h2>
          <ViewToggle view={view} onView={setView} />
        </div>
        <DialogNotes replacedToken={replacedToken} retry={retry} badRetry={badRetry} retryUnreadable={failed.isFetched && !failed.data} already={already} sourceId={sourceId} />
        {view === 'command' ? (
          <CommandView
            reasons={reasons}
            input={
              commandPlan && {
                plan: commandPlan,
                region: connection.region,
                // A profile's calls go through this server, but the commands are for the real API.
                endpoint: connection.kind === 'profile' ? apiEndpoint(connection.region) : connection.client.endpoint,
                ...(connection.profile ? { profile: connection.profile } : {}),
              }
            }
          />
        ) : (
          <form id="copy-form" onSubmit={(event) => void submit(event)} noValidate className="space-y-3">
            <Field label="Source snapshot ID" error={formState.errors.SourceSnapshotId?.message}>
              {(props) => <input {...props} {...register('SourceSnapshotId')} className={`${inputClass} font-mono`} placeholder="snap-1a2b3c4d" spellCheck={false} />}
            </Field>
            {wellFormed && <SourceSummary found={found} blocked={blocked} pending={lookup.isPending} accountId={connection.accountId} />}
            <DestinationField id={destinationId} value={destination} onChange={setDestination} home={connection.region} connected={connection.regions.map((r) => r.region)} />
            {otherRegion && <RouteNote home={connection.region} target={destination} />}
            <Field label="Description" error={formState.errors.Description?.message} hint={`${(values.Description ?? '').length} / ${DESCRIPTION_MAX} characters`}>
              {/* One line, as the AWS console has it: Enter in it copies, like in every other field of the form. */}
              {(props) => <input {...props} {...register('Description', { onChange: () => void (edited.current.Description = true) })} className={inputClass} autoComplete="off" />}
            </Field>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">Tags for the copy</legend>
              <TagRows fields={tags.fields} register={register} errors={formState.errors.Tags} onAppend={() => tags.append({ Key: '', Value: '' })} onRemove={tags.remove} />
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" {...register('Provenance')} />
                Tag the copy with its source, source Region and copy time
              </label>
              <SourceTagsOption register={register('SourceTags')} tags={found?.Tags} />
            </fieldset>
            {/* Always in the page, so that the answer is announced when it comes. */}
            <div aria-live="polite">
              {dryRunAnswer?.ok && (
                <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-900 dark:bg-green-950 dark:text-green-100">
                  Permission check passed: OUTSCALE would accept this copy (DryRun, nothing created; RequestId {dryRunAnswer.requestId}).
                </p>
              )}
            </div>
            {dryRunAnswer && !dryRunAnswer.ok && <ErrorPanel error={dryRunAnswer.error} title="Permission check failed (DryRun, nothing created)" />}
            {formError && <ErrorPanel error={formError} title="The copy was not started" />}
            {partial && (
              <p ref={partialLink} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
                The copy <SnapshotLink id={partial.id} /> was started, but its tags could not be set: {partial.message} Add them from its page.
              </p>
            )}
          </form>
        )}
        <div className="flex flex-wrap items-center justify-end gap-2 border-t border-line pt-3 max-md:sticky max-md:-bottom-4 max-md:bg-white max-md:pb-4 max-md:dark:bg-slate-900">
          <div className="mr-auto max-w-xs space-y-1 text-xs text-soft">
            {copyReason && <p id="copy-reason">{copyReason}</p>}
            {checkReason && checkReason !== copyReason && <p id="check-reason">{checkReason}</p>}
          </div>
          <Button variant="ghost" onClick={closeCopyDialog}>
            {partial ? 'Close' : 'Cancel'}
          </Button>
          <Button
            variant="secondary"
            aria-disabled={checkOff}
            aria-describedby={checkReason === null ? undefined : checkReason === copyReason ? 'copy-reason' : 'check-reason'}
            onClick={() => {
              if (!checkOff) void handleSubmit((form) => dryRun.mutate(form))();
            }}
          >
            {dryRun.isPending ? 'Checking…' : 'Check permissions'}
          </Button>
          <Button type="submit" form="copy-form" aria-disabled={copyOff} aria-describedby={copyReason ? 'copy-reason' : undefined}>
            {busy ? 'Copying…' : otherRegion ? `Continue to ${destination}…` : 'Copy snapshot'}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
