/**
 * What the delete confirmation says and checks, as pure functions: whether this account can delete the snapshot
 * now, what deleting it takes away (copies that name it as their source, accounts it is shared with, the public),
 * whether the typed word is needed, and the commands that make the same call.
 */
import { awsCliCall, awsOption, curlCall, oscCliCall, type CallCommandInput } from '../../api/commands';
import type { Snapshot } from '../../api/schemas';
import type { ShownCommand } from '../../components/ui/command-list';

/** The word typed to confirm a delete that takes something from others (ux-patterns §3). */
export const CONFIRM_WORD = 'confirm';

/** Why this account cannot delete the snapshot now, or null. */
export function deleteBlock(s: Snapshot, accountId: string): string | null {
  if (s.AccountId !== accountId) return `Only its owner, account ${s.AccountId}, can delete it: it is shared with you, not yours.`;
  if (s.State === 'deleting') return 'It is already being deleted.';
  if (s.State === 'in-queue' || s.State === 'pending') return `It is ${s.State}: OUTSCALE deletes only a completed or failed snapshot. Wait until it finishes.`;
  return null;
}

export interface DeleteWarning {
  kind: 'copies' | 'shared' | 'public';
  text: string;
}

/** What deleting takes away from others; `copies` are the snapshots tagged copied-from this one. */
export function deleteWarnings(s: Snapshot, copies: readonly Snapshot[]): DeleteWarning[] {
  const warnings: DeleteWarning[] = [];
  const others = copies.filter((c) => c.SnapshotId !== s.SnapshotId);
  if (others.length > 0) {
    const n = others.length;
    warnings.push({
      kind: 'copies',
      text: `It is the source of ${n === 1 ? '1 copy' : `${n} copies`} (${others.map((c) => c.SnapshotId).join(', ')}). The copies stay, but their "copied from" link will lead nowhere, and a failed copy can no longer be retried.`,
    });
  }
  const accounts = s.PermissionsToCreateVolume.AccountIds;
  if (accounts.length > 0) {
    warnings.push({
      kind: 'shared',
      text: `It is shared with ${accounts.length === 1 ? 'account' : `${accounts.length} accounts`} ${accounts.join(', ')}: they will no longer be able to create volumes from it.`,
    });
  }
  if (s.PermissionsToCreateVolume.GlobalPermission) {
    warnings.push({ kind: 'public', text: 'It is public: every account of the Region may be creating volumes from it, and will no longer be able to.' });
  }
  return warnings;
}

/** A delete that takes something from others (or from a lineage) asks for the typed word; a plain one does not. */
export const needsTypedConfirm = (warnings: readonly DeleteWarning[]) => warnings.length > 0;

/** The typed word matches (case and surrounding spaces do not matter). */
export const confirmMatches = (typed: string) => typed.trim().toLowerCase() === CONFIRM_WORD;

/** DeleteSnapshot as osc-cli, the AWS CLI (FCU's DeleteSnapshot) and signed curl. */
export function deleteCommands(input: Omit<CallCommandInput, 'action' | 'body'>, snapshotId: string): ShownCommand[] {
  const call = { ...input, action: 'DeleteSnapshot', body: { SnapshotId: snapshotId } };
  return [
    { title: 'osc-cli', command: oscCliCall(call) },
    { title: 'AWS CLI (FCU endpoint)', command: awsCliCall(input.region, ['aws ec2 delete-snapshot', awsOption('snapshot-id', snapshotId)]) },
    { title: 'curl, signed with SigV4', command: curlCall(call) },
  ];
}
