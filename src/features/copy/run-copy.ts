/**
 * What the copy dialog's submit does, call by call: the plan's CreateSnapshot, then its CreateTags on the new
 * snapshot. The Command view prints the same plan (src/api/commands.ts), so the two cannot drift apart.
 */
import type { OscClient } from '../../api/client';
import type { CopyPlan } from '../../api/copy-form';
import type { Snapshot } from '../../api/schemas';

export interface CopyOutcome {
  snapshot: Snapshot;
  /** The copy exists but CreateTags failed. */
  tagError: Error | null;
}

export async function runCopyPlan(client: Pick<OscClient, 'call'>, plan: CopyPlan): Promise<CopyOutcome> {
  const answer = await client.call('CreateSnapshot', plan.create);
  const snapshot = answer.Snapshot;
  if (!snapshot) throw new Error('CreateSnapshot answered without a Snapshot.');
  if (plan.tags.length === 0) return { snapshot, tagError: null };
  try {
    await client.call('CreateTags', { ResourceIds: [snapshot.SnapshotId], Tags: plan.tags });
    return { snapshot: { ...snapshot, Tags: plan.tags }, tagError: null };
  } catch (tagError) {
    return { snapshot, tagError: tagError instanceof Error ? tagError : new Error(String(tagError)) };
  }
}
