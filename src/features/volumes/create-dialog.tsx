/**
 * What *Snapshot this volume* and *Import from a bucket* share: the modal, the Form / Command views of one plan,
 * *Check permissions* (DryRun), the submit (use-create-snapshot.ts), OUTSCALE's errors in plain words, the throttle
 * with when to try again, a ClientToken that already made its snapshot, and focus handed to the new snapshot's link.
 * Each dialog gives its fields, its plan and what blocks it.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { apiEndpoint } from '../../api/regions';
import { Button } from '../../components/ui/button';
import { ViewToggle } from '../../components/ui/view-toggle';
import { CommandList } from '../../components/ui/command-list';
import { ErrorPanel } from '../../components/ui/error-panel';
import { captureOpener, restoreFocus } from '../../components/ui/focus-return';
import { showToast } from '../../components/ui/toasts';
import { closeAction } from '../../lib/action-url';
import type { Connection } from '../../lib/connection';
import { Link } from '../../lib/link';
import { snapshotHref } from '../../lib/router';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { planCommands } from './snapshot-commands';
import type { SnapshotPlan } from './snapshot-forms';
import { throttledBy, throttleText, type Throttled } from './throttle';
import { useCreateSnapshot } from './use-create-snapshot';

export function SnapshotLink({ id }: { id: string }) {
  return (
    <Link to={snapshotHref(id)} className="font-mono underline">
      {id}
    </Link>
  );
}

export interface CreateDialogProps {
  connection: Connection;
  token: string;
  kind: 'volume' | 'import';
  title: string;
  submitLabel: string;
  /** The plan of the form as it is now, or why there is none yet (the fields' problems). */
  plan: { ok: true; plan: SnapshotPlan; sourceId: string } | { ok: false; reasons: string[] };
  /** Why nothing can be made here (no such volume…), or null. */
  blocked: string | null;
  /** Validates the form (showing each field's problem) and gives its plan, or undefined. */
  validate: () => Promise<{ plan: SnapshotPlan; sourceId: string } | undefined>;
  /** What the toast says was started, after "Snapshot snap-… ". */
  startedText: string;
  /** Above the fields: what is acted on. */
  summary?: ReactNode;
  children: ReactNode;
}

const NOTE = 'rounded-md border p-3 text-sm';

export function CreateDialog(props: CreateDialogProps) {
  const { connection, token, kind, plan, blocked } = props;
  const client = connection.client;
  const dialog = useRef<HTMLDialogElement>(null);
  const [view, setView] = useState<'form' | 'command'>('form');
  const [opener] = useState(() => captureOpener());
  const focusHandedOn = useRef(false);
  const [dryRunAnswer, setDryRunAnswer] = useState<{ ok: true; requestId: string } | { ok: false; error: Error } | null>(null);
  const [formError, setFormError] = useState<Error | null>(null);
  const [throttled, setThrottled] = useState<Throttled | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [partial, setPartial] = useState<{ id: string; message: string } | null>(null);
  const partialRef = useRef<HTMLParagraphElement>(null);
  const madeByToken = useQuery(snapshotQueries.byClientToken(client, token, connection.accountId));
  const already = madeByToken.data ?? null;

  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    return () => {
      if (!focusHandedOn.current) restoreFocus(opener);
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (partial) partialRef.current?.querySelector('a')?.focus();
  }, [partial]);
  // While throttled, the time left counts down; the button comes back when it is over.
  useEffect(() => {
    if (throttled?.until === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [throttled]);
  const waiting = throttled?.until !== undefined && throttled.until > now;

  const failed = (error: Error) => {
    const t = throttledBy(error, Date.now());
    setNow(Date.now());
    setThrottled(t ?? null);
    return t;
  };

  const dryRun = useMutation({
    mutationFn: (request: SnapshotPlan) => client.call('CreateSnapshot', { ...request.create, DryRun: true }),
    onMutate: () => {
      setDryRunAnswer(null);
      setFormError(null);
    },
    onSuccess: (answer) => {
      setThrottled(null);
      setDryRunAnswer({ ok: true, requestId: answer.ResponseContext.RequestId });
    },
    onError: (error) => {
      failed(error);
      setDryRunAnswer({ ok: false, error });
    },
  });

  const create = useCreateSnapshot(connection, token, kind, ({ snapshot, tagError, already: made }) => {
    if (made) return;
    if (tagError) {
      setPartial({ id: snapshot.SnapshotId, message: tagError.message });
      return;
    }
    focusHandedOn.current = true;
    closeAction();
    showToast(
      'success',
      <span>
        Snapshot <SnapshotLink id={snapshot.SnapshotId} /> {props.startedText} ({snapshot.State}).
      </span>,
      { focus: true, returnFocus: opener },
    );
  });

  const busy = create.isPending;
  const submitReason = partial
    ? 'This snapshot was made: see the alert above.'
    : already
      ? 'This dialog already made its snapshot: see above.'
      : (blocked ?? (waiting ? 'Throttled: see the note above for when to try again.' : view !== 'form' ? 'Switch to Form to submit.' : null));
  const checkReason = blocked ?? (already || partial ? submitReason : null);
  const submitOff = busy || submitReason !== null;
  const checkOff = dryRun.isPending || checkReason !== null;

  const submit = async () => {
    if (submitOff) return;
    const valid = await props.validate();
    if (!valid) return;
    setFormError(null);
    setDryRunAnswer(null);
    create.mutate(valid, {
      onError: (error) => {
        if (!failed(error)) setFormError(error);
      },
    });
  };
  const check = async () => {
    if (checkOff) return;
    const valid = await props.validate();
    if (valid) dryRun.mutate(valid.plan);
  };

  const target = {
    region: connection.region,
    // A profile's calls go through this server, but the commands are for the real API.
    endpoint: connection.kind === 'profile' ? apiEndpoint(connection.region) : client.endpoint,
    ...(connection.profile ? { profile: connection.profile } : {}),
  };
  const reasons = blocked ? [blocked] : plan.ok ? [] : plan.reasons;
  const headingId = `${kind}-heading`;

  return (
    <dialog
      ref={dialog}
      aria-labelledby={headingId}
      onCancel={(event) => {
        event.preventDefault();
        closeAction();
      }}
      className="m-auto w-[42rem] max-w-[calc(100vw-1rem)] rounded-lg bg-surface p-0 text-ink shadow-xl backdrop:bg-black/50"
    >
      <div className="max-h-[90vh] space-y-4 overflow-auto p-5">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id={headingId} className="text-heading">
            {props.title}
          </h2>
          <ViewToggle view={view} onView={setView} />
        </div>
        {props.summary}
        {already && !partial && (
          <p role="status" className={`${NOTE} border-blue-300 bg-blue-50 dark:border-blue-800 dark:bg-blue-950`}>
            This dialog&apos;s ClientToken already made <SnapshotLink id={already.SnapshotId} /> ({already.State}). Submitting again would
            not make another one.
          </p>
        )}
        {throttled && (
          <p role="alert" className={`${NOTE} border-amber-400 bg-amber-50 text-amber-950 dark:bg-amber-950 dark:text-amber-100`}>
            {throttleText(throttled, now, kind)}
          </p>
        )}
        {view === 'command' ? (
          reasons.length || !plan.ok ? (
            <div role="note" aria-label="No command" className={`${NOTE} border-amber-400 bg-amber-50 text-amber-950 dark:bg-amber-950 dark:text-amber-100`}>
              <p className="font-medium">No command to show yet:</p>
              <ul className="mt-1 ml-5 list-disc">
                {(reasons.length ? reasons : ['Fill in the form first.']).map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </div>
          ) : (
            <div className="space-y-3">
              <p className="text-sm">
                {plan.plan.tags.length
                  ? 'Two calls, as the submit makes them: CreateSnapshot, then CreateTags on the new snapshot (its ID read with jq, or the AWS CLI’s --query).'
                  : 'One call, as the submit makes it: CreateSnapshot.'}
              </p>
              <CommandList commands={planCommands(plan.plan, target)} />
              <p className="text-xs text-muted">
                Secrets are not included: osc-cli and the AWS CLI read them from their profiles; curl reads OSC_ACCESS_KEY and OSC_SECRET_KEY
                from the environment. osc-cli and curl send this dialog&apos;s ClientToken, so running them twice makes one snapshot.
              </p>
            </div>
          )
        ) : (
          <form
            id={`${kind}-form`}
            noValidate
            className="space-y-3"
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            {props.children}
            <div aria-live="polite">
              {dryRunAnswer?.ok && (
                <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-900 dark:bg-green-950 dark:text-green-100">
                  Permission check passed: OUTSCALE would accept this request (DryRun, nothing created; RequestId {dryRunAnswer.requestId}).
                </p>
              )}
            </div>
            {dryRunAnswer && !dryRunAnswer.ok && !throttled && <ErrorPanel error={dryRunAnswer.error} title="Permission check failed (DryRun, nothing created)" />}
            {formError && <ErrorPanel error={formError} title="Nothing was created" />}
            {partial && (
              <p ref={partialRef} role="alert" className={`${NOTE} border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100`}>
                The snapshot <SnapshotLink id={partial.id} /> was started, but its tags could not be set: {partial.message} Add them from its page.
              </p>
            )}
          </form>
        )}
        <div className="flex flex-wrap items-center justify-end gap-2 border-t border-line pt-3">
          <div className="mr-auto max-w-xs space-y-1 text-xs text-soft">
            {submitReason && <p id={`${kind}-submit-reason`}>{submitReason}</p>}
            {checkReason && checkReason !== submitReason && <p id={`${kind}-check-reason`}>{checkReason}</p>}
          </div>
          <Button variant="ghost" onClick={closeAction}>
            {partial ? 'Close' : 'Cancel'}
          </Button>
          <Button
            variant="secondary"
            aria-disabled={checkOff}
            aria-describedby={checkReason === null ? undefined : checkReason === submitReason ? `${kind}-submit-reason` : `${kind}-check-reason`}
            onClick={() => void check()}
          >
            {dryRun.isPending ? 'Checking…' : 'Check permissions'}
          </Button>
          <Button type="submit" form={`${kind}-form`} aria-disabled={submitOff} aria-describedby={submitReason ? `${kind}-submit-reason` : undefined}>
            {busy ? 'Working…' : props.submitLabel}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
