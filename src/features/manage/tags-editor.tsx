/**
 * The detail page's tags, editable by the snapshot's owner: add, edit (CreateTags overwrites a key's value),
 * remove (DeleteTags). A change shows at once in the page, the list and the tray, and is undone, with OUTSCALE's
 * reason, if the API refuses it (TooManyResources, for one). Check permissions runs the same call with DryRun;
 * the Command view shows the change in the form as osc-cli, AWS CLI and curl.
 */
import type { QueryClient } from '@tanstack/react-query';
import { useCall } from './use-call';
import { useRef, useState } from 'react';
import type { ResourceTag, Snapshot } from '../../api/schemas';
import { TAG_KEY_MAX, TAG_VALUE_MAX } from '../../api/limits';
import { Button } from '../../components/ui/button';
import { CommandList } from '../../components/ui/command-list';
import { ErrorPanel } from '../../components/ui/error-panel';
import { Field, inputClass } from '../../components/ui/field';
import type { TagsPanelProps } from '../../lib/detail-panels';
import { snapshotCache } from '../../lib/snapshot-cache';
import { snapshotQueries } from '../../lib/snapshot-queries';
import { commandTarget, DryRunPassed, type View } from './action-dialog';
import { applyTagChange, tagCall, tagCommands, tagProblems, undoTagChange, type TagChange } from './tags-logic';

const describe = (change: TagChange) => (change.kind === 'set' ? `Tag ${change.Key}=${change.Value}` : `Removing tag ${change.Key}`);

export default function TagsEditor({ connection, snapshot: s, queryClient }: Omit<TagsPanelProps, 'action'> & { queryClient: QueryClient }) {
  const client = connection.client;

  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const [view, setView] = useState<View>('form');
  const [refused, setRefused] = useState<{ change: TagChange; error: Error } | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [saving, setSaving] = useState<string[]>([]);
  const valueInput = useRef<HTMLInputElement>(null);
  const mine = s.AccountId === connection.accountId;
  const problems = tagProblems(key, value, s.Tags);
  const valid = !problems.Key && !problems.Value;
  const existing = s.Tags.find((t) => t.Key === key);
  const draft: TagChange = { kind: 'set', Key: key, Value: value };

  const latest = () => queryClient.getQueryData<Snapshot | null>(snapshotQueries.detail(client, s.SnapshotId).queryKey) ?? s;
  const change = useCall({
    mutationFn: async ({ change }: { change: TagChange; before: ResourceTag[] }) => {
      const { action, body } = tagCall(s.SnapshotId, change);
      return client.call(action, body);
    },
    onMutate: ({ change }) => {
      setRefused(null);
      setSaving((keys) => [...keys, change.Key]);
      const now = latest();
      snapshotCache.put(queryClient, client, { ...now, Tags: applyTagChange(now.Tags, change) });
    },
    onError: (error, { change, before }) => {
      const now = latest();
      snapshotCache.put(queryClient, client, { ...now, Tags: undoTagChange(now.Tags, before, change) });
      setRefused({ change, error });
    },
    onSettled: (_answer, _error, { change }) => setSaving((keys) => keys.filter((k) => k !== change.Key)),
  });
  const dryRun = useCall({
    mutationFn: () => client.call('CreateTags', { ...tagCall(s.SnapshotId, draft).body, DryRun: true }),
    onMutate: () => setChecked(null),
    onSuccess: (answer) => setChecked(answer.ResponseContext.RequestId),
  });
  const apply = (next: TagChange) => change.mutate({ change: next, before: latest().Tags });
  const submit = () => {
    setTouched(true);
    if (!valid) return;
    apply(draft);
    setKey('');
    setValue('');
    setTouched(false);
    setChecked(null);
  };

  return (
    <section aria-labelledby="tags-heading" className="space-y-3">
      <div className="flex items-center gap-2">
        <h2 id="tags-heading" className="font-semibold">
          Tags
        </h2>
        {mine && (
          <div role="group" aria-label="Tags view" className="ml-auto flex gap-1">
            <Button variant={view === 'form' ? 'secondary' : 'ghost'} aria-pressed={view === 'form'} onClick={() => setView('form')}>
              Form
            </Button>
            <Button variant={view === 'command' ? 'secondary' : 'ghost'} aria-pressed={view === 'command'} onClick={() => setView('command')}>
              Command
            </Button>
          </div>
        )}
      </div>
      {s.Tags.length === 0 ? (
        <p className="text-sm">No tags.</p>
      ) : (
        <table className="text-sm">
          <thead>
            <tr>
              <th scope="col" className="pr-6 text-left">Key</th>
              <th scope="col" className="pr-6 text-left">Value</th>
              {mine && <th scope="col" className="sr-only">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {s.Tags.map((tag) => (
              <tr key={tag.Key}>
                <td className="pr-6 font-mono break-all">{tag.Key}</td>
                <td className="pr-6 font-mono break-all">{tag.Value}</td>
                {mine && (
                  <td className="whitespace-nowrap">
                    {saving.includes(tag.Key) ? (
                      <span className="text-xs">saving…</span>
                    ) : (
                      <>
                        <Button variant="ghost" className="text-xs" aria-label={`Edit tag ${tag.Key}`} onClick={() => { setKey(tag.Key); setValue(tag.Value); setView('form'); valueInput.current?.focus(); }}>
                          Edit
                        </Button>
                        <Button variant="ghost" className="text-xs" aria-label={`Remove tag ${tag.Key}`} onClick={() => apply({ kind: 'remove', Key: tag.Key })}>
                          Remove
                        </Button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {refused && (
        <ErrorPanel error={refused.error} title={`${describe(refused.change)} was refused: the change is undone.`} />
      )}
      {!mine && <p className="text-sm">Only its owner, account {s.AccountId}, can change its tags.</p>}
      {mine && view === 'command' && (
        <div className="space-y-3">
          {key && valid ? (
            <>
              <p className="text-sm">{existing ? `Overwrite the value of ${key} (CreateTags):` : `Add the tag ${key} (CreateTags):`}</p>
              <CommandList commands={tagCommands(commandTarget(connection), s.SnapshotId, draft)} />
              {existing && (
                <>
                  <p className="text-sm">Remove the tag {key} (DeleteTags; an empty Value removes it whatever its value):</p>
                  <CommandList commands={tagCommands(commandTarget(connection), s.SnapshotId, { kind: 'remove', Key: key }).map((c) => ({ ...c, title: `${c.title} (remove)` }))} />
                </>
              )}
            </>
          ) : (
            <p role="note" className="text-sm">Enter a tag in the form (or choose Edit on one) to see its commands.</p>
          )}
        </div>
      )}
      {mine && view === 'form' && (
        <form
          aria-label="Add or edit a tag"
          noValidate
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <div className="flex flex-wrap items-start gap-2">
            <div className="w-56">
              <Field label="Tag key" error={touched || key ? problems.Key : undefined} hint={`1 to ${TAG_KEY_MAX} characters`}>
                {(props) => <input {...props} value={key} autoComplete="off" className={`${inputClass} font-mono`} onChange={(event) => setKey(event.target.value)} />}
              </Field>
            </div>
            <div className="w-56">
              <Field label="Tag value" error={problems.Value} hint={`${value.length} / ${TAG_VALUE_MAX} characters`}>
                {(props) => <input {...props} ref={valueInput} value={value} autoComplete="off" className={`${inputClass} font-mono`} onChange={(event) => setValue(event.target.value)} />}
              </Field>
            </div>
            <Button type="submit" className="mt-6">
              {existing ? 'Save value' : 'Add tag'}
            </Button>
            <Button variant="secondary" className="mt-6" aria-disabled={!valid || dryRun.isPending} onClick={() => valid && !dryRun.isPending && dryRun.mutate()}>
              {dryRun.isPending ? 'Checking…' : 'Check permissions'}
            </Button>
          </div>
          {existing && <p className="text-xs">{key} exists: saving overwrites its value ({existing.Value || 'empty'}).</p>}
          <DryRunPassed requestId={checked} what="set this tag" />
          {dryRun.error && <ErrorPanel error={dryRun.error} title="Permission check failed (DryRun, nothing changed)" />}
        </form>
      )}
    </section>
  );
}
