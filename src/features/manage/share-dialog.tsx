/**
 * "Who may create volumes from it": the accounts a snapshot is shared with, and whether it is public. The dialog
 * edits a draft (add or remove 12-digit account IDs, make public with an explicit warning, make private); Save
 * makes UpdateSnapshot with Additions, then with Removals (one call each), Check permissions makes the same
 * calls with DryRun, and the Command view shows them. The snapshot's new permissions show at once everywhere.
 */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useCall } from './use-call';
import { useState } from 'react';
import type { Snapshot } from '../../api/schemas';
import { Button } from '../../components/ui/button';
import { CommandList } from '../../components/ui/command-list';
import { ErrorPanel } from '../../components/ui/error-panel';
import { Field, inputClass } from '../../components/ui/field';
import { showToast } from '../../components/ui/toasts';
import { closeAction } from '../../lib/action-url';
import type { Connection } from '../../lib/connection';
import { snapshotCache } from '../../lib/snapshot-cache';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { ActionDialog, commandTarget, DryRunPassed, WARNING_BOX, type View } from './action-dialog';
import { accountIdProblem, normalizeAccountId, sharingCalls, sharingCommands, sharingOf, type Sharing } from './share-logic';

export default function ShareDialog({ connection, id, queryClient }: { connection: Connection; id: string; queryClient: QueryClient }) {
  const client = connection.client;

  const snapshot = useQuery(snapshotQueries.detail(client, id));
  const s = snapshot.data ?? null;
  const [draft, setDraft] = useState<Sharing | null>(null);
  const [view, setView] = useState<View>('form');
  const [adding, setAdding] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const [understood, setUnderstood] = useState(false);
  const [checked, setChecked] = useState<string | null>(null);
  const current = s ? sharingOf(s.PermissionsToCreateVolume) : { accountIds: [], isPublic: false };
  const shown = draft ?? current;
  const calls = sharingCalls(current, shown);
  const goesPublic = shown.isPublic && !current.isPublic;

  const run = async (dry: boolean) => {
    let last: Snapshot | undefined;
    let requestId = '';
    for (const change of calls) {
      const answer = await client.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: change, ...(dry ? { DryRun: true } : {}) });
      requestId = answer.ResponseContext.RequestId;
      if (answer.Snapshot) {
        last = answer.Snapshot;
        snapshotCache.put(queryClient, client, last);
      }
    }
    return { last, requestId };
  };
  const dryRun = useCall({ mutationFn: () => run(true), onMutate: () => setChecked(null), onSuccess: ({ requestId }) => setChecked(requestId) });
  const save = useCall({
    mutationFn: () => run(false),
    onSuccess: () => {
      showToast('success', `Sharing of ${id} saved: ${shown.isPublic ? 'public' : shown.accountIds.length ? `${shown.accountIds.length} account${shown.accountIds.length === 1 ? '' : 's'}` : 'private'}.`);
      closeAction();
    },
    // A first call that went through is shown as it is now; the draft keeps what is still to do.
    onError: () => void snapshot.refetch(),
  });

  const owner = s && s.AccountId !== connection.accountId ? `Only its owner, account ${s.AccountId}, can change who may use it.` : null;
  const reason =
    (snapshot.isPending ? 'Reading the snapshot…' : !s ? 'No such snapshot visible to this account.' : null) ??
    owner ??
    (calls.length === 0 ? 'Nothing to save: change the list first.' : goesPublic && !understood ? 'Confirm that you understand what public means.' : view !== 'form' ? 'Switch to Form to save.' : null);
  const saveOff = save.isPending || reason !== null;
  const checkOff = dryRun.isPending || !s || owner !== null || calls.length === 0;
  const edit = (next: Sharing) => {
    setDraft(next);
    setChecked(null);
  };
  const add = () => {
    const problem = accountIdProblem(adding, s?.AccountId ?? connection.accountId, shown.accountIds);
    setAddError(problem);
    if (problem) return;
    edit({ ...shown, accountIds: [...shown.accountIds, normalizeAccountId(adding)] });
    setAdding('');
  };

  return (
    <ActionDialog
      title="Who may create volumes from it"
      view={view}
      onView={setView}
      footer={
        <>
          {reason && (
            <p id="share-reason" className="mr-auto max-w-xs text-xs text-soft">
              {reason}
            </p>
          )}
          <Button variant="ghost" onClick={closeAction}>
            Cancel
          </Button>
          <Button variant="secondary" aria-disabled={checkOff} onClick={() => !checkOff && dryRun.mutate()}>
            {dryRun.isPending ? 'Checking…' : 'Check permissions'}
          </Button>
          <Button aria-disabled={saveOff} aria-describedby={reason ? 'share-reason' : undefined} onClick={() => !saveOff && save.mutate()}>
            {save.isPending ? 'Saving…' : 'Save'}
          </Button>
        </>
      }
    >
      <p className="text-sm">
        Snapshot <strong className="font-mono">{id}</strong>. Its owner{s ? ` (${s.AccountId})` : ''} can always create volumes from it. Sharing works only with accounts of
        this Region ({connection.region}).
      </p>
      {snapshot.error && <ErrorPanel error={snapshot.error} title="The snapshot could not be read" onRetry={() => void snapshot.refetch()} />}
      {owner && <p role="note" className={WARNING_BOX}>{owner}</p>}
      {view === 'command' ? (
        <div className="space-y-3">
          {calls.length === 0 ? (
            <p role="note" className="text-sm">No change yet: add or remove an account, or change public, to see the calls.</p>
          ) : (
            <>
              <p className="text-sm">
                {calls.length === 1 ? 'One call' : 'Two calls'}, as Save makes {calls.length === 1 ? 'it' : 'them'}: UpdateSnapshot with {calls.map((c) => (c.Additions ? 'Additions' : 'Removals')).join(', then ')}.
              </p>
              <CommandList commands={sharingCommands(commandTarget(connection), id, current, shown)} />
            </>
          )}
        </div>
      ) : (
        s &&
        !owner && (
          <div className="space-y-4">
            <fieldset className="space-y-2">
              <legend className="text-sm font-semibold">Accounts</legend>
              {shown.accountIds.length === 0 ? (
                <p className="text-sm">No account besides the owner.</p>
              ) : (
                <ul aria-label="Accounts it is shared with" className="space-y-1 text-sm">
                  {shown.accountIds.map((account) => (
                    <li key={account} className="flex items-center gap-2">
                      <span className="font-mono">{account}</span>
                      {!current.accountIds.includes(account) && <span className="text-xs text-blue-800 dark:text-blue-300">(to add)</span>}
                      <Button variant="ghost" className="ml-auto text-xs" aria-label={`Remove account ${account}`} onClick={() => edit({ ...shown, accountIds: shown.accountIds.filter((a) => a !== account) })}>
                        Remove
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
              {current.accountIds.filter((a) => !shown.accountIds.includes(a)).map((account) => (
                <p key={account} className="text-xs">
                  Account <span className="font-mono">{account}</span> will lose access.
                </p>
              ))}
              <div className="flex items-start gap-2">
                <Field label="Account ID to add (12 digits)" error={addError ?? undefined}>
                  {(props) => (
                    <input
                      {...props}
                      data-autofocus=""
                      value={adding}
                      inputMode="numeric"
                      autoComplete="off"
                      className={`${inputClass} font-mono`}
                      onChange={(event) => {
                        setAdding(event.target.value);
                        setAddError(null);
                      }}
                      onKeyDown={(event) => {
                        if (event.key === 'Enter') {
                          event.preventDefault();
                          add();
                        }
                      }}
                    />
                  )}
                </Field>
                <Button variant="secondary" className="mt-6" onClick={add}>
                  Add account
                </Button>
              </div>
            </fieldset>
            <fieldset className="space-y-2">
              <legend className="text-sm font-semibold">Public</legend>
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" name="visibility" checked={!shown.isPublic} onChange={() => edit({ ...shown, isPublic: false })} />
                Private: only the owner and the accounts above
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" name="visibility" checked={shown.isPublic} onChange={() => edit({ ...shown, isPublic: true })} />
                Public: every account of the Region
              </label>
              {goesPublic && (
                <div role="note" aria-label="What public means" className={WARNING_BOX}>
                  <p className="font-medium">Public means anyone can read everything on it.</p>
                  <p className="mt-1">
                    Every OUTSCALE account in {connection.region} will see this snapshot and can create a volume from it, and so read every file it holds
                    (keys, passwords, data). Volumes they create stay theirs even if you make it private again.
                  </p>
                  <label className="mt-2 flex items-center gap-2">
                    <input type="checkbox" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} />
                    I understand: make it public
                  </label>
                </div>
              )}
            </fieldset>
            <DryRunPassed requestId={checked} what="make this change" />
            {dryRun.error && <ErrorPanel error={dryRun.error} title="Permission check failed (DryRun, nothing changed)" />}
            {save.error && <ErrorPanel error={save.error} title="Sharing was not saved" />}
          </div>
        )
      )}
    </ActionDialog>
  );
}
