/**
 * The tag editor's rules, as pure functions: OUTSCALE's limits (a Key of 1 to 255 characters, a Value of 0 to
 * 255, at most MAX_TAGS_PER_RESOURCE tags), the optimistic change (shown at once, the old tags kept to undo it
 * if the API refuses), and the commands for a change.
 */
import { awsCliCall, awsOption, curlCall, oscCliCall, shellQuote, type CallCommandInput } from '../../api/commands';
import { MAX_TAGS_PER_RESOURCE, TAG_KEY_MAX, TAG_VALUE_MAX } from '../../api/limits';
import type { ResourceTag as Tag } from '../../api/schemas';
import type { ShownCommand } from '../../components/ui/command-list';

/** Add or overwrite one tag (CreateTags), or remove one (DeleteTags). */
export type TagChange = { kind: 'set'; Key: string; Value: string } | { kind: 'remove'; Key: string };

export interface TagProblems {
  Key?: string;
  Value?: string;
}

/** What is wrong with a tag about to be set on a resource that has `tags`; empty when it may be sent. */
export function tagProblems(key: string, value: string, tags: readonly Tag[]): TagProblems {
  const problems: TagProblems = {};
  if (key.length === 0) problems.Key = 'A tag needs a key (1 to 255 characters).';
  else if (key.length > TAG_KEY_MAX) problems.Key = `A key is at most ${TAG_KEY_MAX} characters (this one has ${key.length}).`;
  else if (key.trim() !== key) problems.Key = 'A key cannot start or end with a space.';
  if (value.length > TAG_VALUE_MAX) problems.Value = `A value is at most ${TAG_VALUE_MAX} characters (this one has ${value.length}).`;
  if (!problems.Key && !tags.some((t) => t.Key === key) && tags.length >= MAX_TAGS_PER_RESOURCE) {
    problems.Key = `A snapshot has at most ${MAX_TAGS_PER_RESOURCE} tags: remove one first.`;
  }
  return problems;
}

/** The tags after a change: a set overwrites the key's value in place, or adds it last; a remove drops it. */
export function applyTagChange(tags: readonly Tag[], change: TagChange): Tag[] {
  if (change.kind === 'remove') return tags.filter((t) => t.Key !== change.Key);
  const tag = { Key: change.Key, Value: change.Value };
  return tags.some((t) => t.Key === change.Key) ? tags.map((t) => (t.Key === change.Key ? tag : t)) : [...tags, tag];
}

/**
 * Undoes a refused change on the tags as they are now, leaving alone what other changes did since: the key goes
 * back to what it was before the change (its old value, or absent).
 */
export function undoTagChange(now: readonly Tag[], before: readonly Tag[], change: TagChange): Tag[] {
  const old = before.find((t) => t.Key === change.Key);
  return old ? applyTagChange(now, { kind: 'set', Key: old.Key, Value: old.Value }) : applyTagChange(now, { kind: 'remove', Key: change.Key });
}

/** The call a change makes. */
export function tagCall(resourceId: string, change: TagChange) {
  return {
    action: change.kind === 'set' ? ('CreateTags' as const) : ('DeleteTags' as const),
    body: { ResourceIds: [resourceId], Tags: [change.kind === 'set' ? { Key: change.Key, Value: change.Value } : { Key: change.Key, Value: '' }] },
  };
}

/** The change as osc-cli, the AWS CLI (create-tags / delete-tags) and signed curl. */
export function tagCommands(input: Omit<CallCommandInput, 'action' | 'body'>, resourceId: string, change: TagChange): ShownCommand[] {
  const { action, body } = tagCall(resourceId, change);
  // DeleteTags with an empty Value removes the key whatever its value (OUTSCALE's rule), as the dashboard sends it.
  const call = { ...input, action, body };
  const awsTag = change.kind === 'set' ? [{ Key: change.Key, Value: change.Value }] : [{ Key: change.Key }];
  return [
    { title: 'osc-cli', command: oscCliCall(call) },
    {
      title: 'AWS CLI (FCU endpoint)',
      command: awsCliCall(input.region, [change.kind === 'set' ? 'aws ec2 create-tags' : 'aws ec2 delete-tags', awsOption('resources', resourceId), `--tags ${shellQuote(JSON.stringify(awsTag))}`]),
    },
    { title: 'curl, signed with SigV4', command: curlCall(call) },
  ];
}
