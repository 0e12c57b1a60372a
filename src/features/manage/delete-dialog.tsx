/**
 * "Delete snapshot": names what goes (ID, Name, size), warns when it is the source of copies, shared or public
 * (then the word "confirm" must be typed), checks permissions with DryRun, shows the same call as commands, and
 * explains OUTSCALE's refusals (not the owner, in use by an OMI, not found). Once accepted, the snapshot shows
 * `deleting` everywhere and leaves when it is gone (deletion-watch.ts).
 */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useCall } from './use-call';
import { useEffect, useState } from 'react';
import { PROVENANCE_KEYS } from '../../api/copy-form';
import type { Snapshot } from '../../api/schemas';
import { Button } from '../../components/ui/button';
import { CommandList } from '../../components/ui/command-list';
import { ErrorPanel } from '../../components/ui/error-panel';
import { inputClass } from '../../components/ui/field';
import { showToast } from '../../components/ui/toasts';
import { closeAction, type ActionDialogState } from '../../lib/action-url';
import type { Connection } from '../../lib/connection';
import { navigate, snapshotHref } from '../../lib/router';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { ActionDialog, commandTarget, DryRunPassed, INFO_BOX, WARNING_BOX, type View } from './action-dialog';
import { CONFIRM_WORD, confirmMatches, deleteBlock, deleteCommands, deleteWarnings, needsTypedConfirm } from './delete-logic';
import { watchDeletion } from './deletion-watch';

interface Props {
  connection: Connection;
  id: ActionDialogState['id'];
  queryClient: QueryClient;
}

const nameOf = (s: Snapshot) => s.Tags.find((t) => t.Key === 'Name')?.Value;

export default function DeleteDialog({ connection, id, queryClient }: Props) {
  const client = connection.client;

  const [view, setView] = useState<View>('form');
  const [typed, setTyped] = useState('');
  const [checked, setChecked] = useState<string | null>(null);
  const snapshot = useQuery(snapshotQueries.detail(client, id));
  const copies = useQuery(snapshotQueries.list(client, { Tags: [`${PROVENANCE_KEYS.source}=${id}`] }));
  const s = snapshot.data ?? null;

  const dryRun = useCall({
    mutationFn: () => client.call('DeleteSnapshot', { SnapshotId: id, DryRun: true }),
    onMutate: () => setChecked(null),
    onSuccess: (answer) => setChecked(answer.ResponseContext.RequestId),
  });
  const remove = useCall({
    mutationFn: () => client.call('DeleteSnapshot', { SnapshotId: id }),
    onSuccess: () => {
      if (!s) return;
      watchDeletion(queryClient, client, s, () => showToast('success', `Deleted ${id}.`, { group: `deleted-${id}` }));
      showToast('info', `Deleting ${id}.`);
      closeAction();
      // On its own page, the deleted snapshot's page goes: back to the list.
      if (window.location.pathname === snapshotHref(id)) navigate('/', { replace: true });
    },
  });

  const warnings = s ? deleteWarnings(s, copies.data ?? []) : [];
  const typedNeeded = needsTypedConfirm(warnings);
  const block = s ? deleteBlock(s, connection.accountId) : snapshot.isPending ? 'Reading the snapshot…' : 'No such snapshot visible to this account.';
  const waitingCopies = copies.isPending ? 'Looking for copies made from it…' : null;
  const reason = block ?? waitingCopies ?? (typedNeeded && !confirmMatches(typed) ? `Type "${CONFIRM_WORD}" to delete it.` : view !== 'form' ? 'Switch to Form to delete.' : null);
  // The typed field appears once the copies are known: focus goes to it then.
  useEffect(() => {
    if (typedNeeded && !block) document.getElementById('delete-confirm')?.focus();
  }, [typedNeeded, block]);
  const deleteOff = remove.isPending || reason !== null;
  const checkOff = dryRun.isPending || !s;
  const name = s ? nameOf(s) : undefined;

  return (
    <ActionDialog
      title="Delete snapshot"
      view={view}
      onView={setView}
      footer={
        <>
          {reason && (
            <p id="delete-reason" className="mr-auto max-w-xs text-xs text-soft">
              {reason}
            </p>
          )}
          <Button variant="ghost" onClick={closeAction} data-autofocus={typedNeeded ? undefined : ''}>
            Cancel
          </Button>
          <Button variant="secondary" aria-disabled={checkOff} onClick={() => !checkOff && dryRun.mutate()}>
            {dryRun.isPending ? 'Checking…' : 'Check permissions'}
          </Button>
          <Button
            type="submit"
            form="delete-form"
            aria-disabled={deleteOff}
            aria-describedby={reason ? 'delete-reason' : undefined}
            className="bg-red-700 hover:bg-red-800 aria-disabled:bg-slate-500"
          >
            {remove.isPending ? 'Deleting…' : 'Delete'}
          </Button>
        </>
      }
    >
      {snapshot.error && <ErrorPanel error={snapshot.error} title="The snapshot could not be read" onRetry={() => void snapshot.refetch()} />}
      {view === 'command' ? (
        <div className="space-y-3">
          <p className="text-sm">One call, as the Delete button makes it: DeleteSnapshot.</p>
          <CommandList commands={deleteCommands(commandTarget(connection), id)} />
          <p className="text-xs text-muted">
            Secrets are not included: osc-cli and the AWS CLI read them from their profiles; curl reads OSC_ACCESS_KEY and OSC_SECRET_KEY from the environment.
          </p>
        </div>
      ) : (
        <form
          id="delete-form"
          noValidate
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (!deleteOff) remove.mutate();
          }}
        >
          <p>
            Permanently delete <strong className="font-mono">{id}</strong>? You can&apos;t undo this action.
          </p>
          {s && (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="font-medium">ID</dt>
              <dd className="font-mono">{s.SnapshotId}</dd>
              <dt className="font-medium">Name</dt>
              <dd>{name ?? '-'}</dd>
              <dt className="font-medium">Size</dt>
              <dd>{s.VolumeSize} GiB</dd>
              <dt className="font-medium">State</dt>
              <dd>{s.State}</dd>
            </dl>
          )}
          {block && s && (
            <p role="note" className={WARNING_BOX}>
              It cannot be deleted: {block}
            </p>
          )}
          {!block && warnings.length > 0 && (
            <div role="note" aria-label="What deleting it takes away" className={WARNING_BOX}>
              <p className="font-medium">Others depend on it:</p>
              <ul className="mt-1 ml-5 list-disc">
                {warnings.map((w) => (
                  <li key={w.kind}>{w.text}</li>
                ))}
              </ul>
            </div>
          )}
          {!block && s && warnings.length === 0 && !copies.isPending && (
            <p role="note" className={INFO_BOX}>
              It is not shared, not public, and no copy made here names it as its source. Volumes already created from it are not affected.
            </p>
          )}
          {!block && typedNeeded && (
            <div className="space-y-1">
              <label htmlFor="delete-confirm" className="block text-sm font-medium">
                To confirm this deletion, type &quot;{CONFIRM_WORD}&quot;.
              </label>
              <input id="delete-confirm" data-autofocus="" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} className={inputClass} />
            </div>
          )}
          <DryRunPassed requestId={checked} what="delete it" />
          {dryRun.error && <ErrorPanel error={dryRun.error} title="Permission check failed (DryRun, nothing deleted)" />}
          {remove.error && <ErrorPanel error={remove.error} title="The snapshot was not deleted" />}
        </form>
      )}
    </ActionDialog>
  );
}
