/**
 * The sharing dialog's rules, as pure functions: an account ID to add (12 digits, not the owner, not already
 * there), the change from what is to what the dialog shows as UpdateSnapshot's Additions and Removals (OUTSCALE
 * takes one or the other in a call, so a change is up to two calls), and the commands for those calls.
 */
import { awsCliCall, awsOption, curlCall, oscCliCall, shellQuote, type CallCommandInput } from '../../api/commands';
import { ACCOUNT_ID_PATTERN } from '../../api/ids';
import type { PermissionsOnResource } from '../../api/schemas';
import type { ShownCommand } from '../../components/ui/command-list';

export interface Sharing {
  accountIds: string[];
  isPublic: boolean;
}

export const sharingOf = (p: PermissionsOnResource): Sharing => ({ accountIds: [...p.AccountIds], isPublic: p.GlobalPermission });

/** Why this text cannot be added as an account, or null. Spaces and dashes (as in 1234-5678-9012) are ignored. */
export function accountIdProblem(text: string, owner: string, listed: readonly string[]): string | null {
  const id = normalizeAccountId(text);
  if (!id) return 'Enter an account ID: 12 digits.';
  if (!ACCOUNT_ID_PATTERN.test(id)) return `"${text.trim()}" is not an account ID: an account ID is 12 digits.`;
  if (id === owner) return 'That is the owner: the owner can always create volumes from it.';
  if (listed.includes(id)) return `Account ${id} is already in the list.`;
  return null;
}

export const normalizeAccountId = (text: string) => text.replace(/[\s-]/g, '');

interface PermissionsChange {
  AccountIds?: string[];
  GlobalPermission?: boolean;
}

/** The UpdateSnapshot calls that turn `from` into `to`: Additions first, then Removals; none when equal. */
export function sharingCalls(from: Sharing, to: Sharing): { Additions?: PermissionsChange; Removals?: PermissionsChange }[] {
  const added = to.accountIds.filter((id) => !from.accountIds.includes(id));
  const removed = from.accountIds.filter((id) => !to.accountIds.includes(id));
  const part = (ids: string[], global: boolean): PermissionsChange | undefined =>
    ids.length || global ? { ...(ids.length ? { AccountIds: ids } : {}), ...(global ? { GlobalPermission: true } : {}) } : undefined;
  const additions = part(added, to.isPublic && !from.isPublic);
  const removals = part(removed, from.isPublic && !to.isPublic);
  return [...(additions ? [{ Additions: additions }] : []), ...(removals ? [{ Removals: removals }] : [])];
}

/** One UpdateSnapshot change as FCU's modify-snapshot-attribute (createVolumePermission Add or Remove). */
function awsWords(snapshotId: string, change: { Additions?: PermissionsChange; Removals?: PermissionsChange }): string[] {
  const [verb, part] = change.Additions ? ['Add', change.Additions] : ['Remove', change.Removals ?? {}];
  const entries = [...(part.AccountIds ?? []).map((UserId) => ({ UserId })), ...(part.GlobalPermission ? [{ Group: 'all' }] : [])];
  return [
    'aws ec2 modify-snapshot-attribute',
    awsOption('snapshot-id', snapshotId),
    '--attribute createVolumePermission',
    `--create-volume-permission ${shellQuote(JSON.stringify({ [verb]: entries }))}`,
  ];
}

/** Each call of the change as osc-cli, the AWS CLI and signed curl (one block per tool, the calls in order). */
export function sharingCommands(input: Omit<CallCommandInput, 'action' | 'body'>, snapshotId: string, from: Sharing, to: Sharing): ShownCommand[] {
  const calls = sharingCalls(from, to).map((change) => ({ ...input, action: 'UpdateSnapshot', body: { SnapshotId: snapshotId, PermissionsToCreateVolume: change } }));
  const join = (lines: string[]) => lines.join(' &&\n');
  return [
    { title: 'osc-cli', command: join(calls.map(oscCliCall)) },
    { title: 'AWS CLI (FCU endpoint)', command: join(calls.map((call) => awsCliCall(input.region, awsWords(snapshotId, call.body.PermissionsToCreateVolume)))) },
    { title: 'curl, signed with SigV4', command: join(calls.map(curlCall)) },
  ];
}
