/**
 * The submit of *Snapshot this volume* and *Import from a bucket*, whole: is there already a snapshot made by this
 * ClientToken? If not, the plan's CreateSnapshot, then its CreateTags on the new snapshot; then the snapshot joins
 * the jobs store (the tray and the poller watch it, as a copy) and the snapshot caches (the lists show it live).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Snapshot } from '../../api/schemas';
import type { Connection } from '../../lib/connection';
import { FINAL_STATES, jobsStore, type JobKind } from '../../lib/jobs-store';
import { snapshotCache } from '../../lib/snapshot-cache';
import type { SnapshotPlan } from './snapshot-forms';

export interface CreateOutcome {
  snapshot: Snapshot;
  /** The snapshot exists, but CreateTags failed. */
  tagError: Error | null;
  /** This ClientToken had already made it (another tab, a resubmitted link): nothing new was created. */
  already: boolean;
}

export function useCreateSnapshot(connection: Connection, token: string, kind: Exclude<JobKind, 'copy'>, onDone: (outcome: CreateOutcome) => void) {
  const queryClient = useQueryClient();
  const client = connection.client;
  return useMutation({
    mutationFn: async ({ plan }: { plan: SnapshotPlan; sourceId: string }): Promise<CreateOutcome> => {
      const existing = (await client.call('ReadSnapshots', { Filters: { ClientTokens: [token], AccountIds: [connection.accountId] } })).Snapshots[0];
      if (existing) return { snapshot: existing, tagError: null, already: true };
      const made = (await client.call('CreateSnapshot', plan.create)).Snapshot;
      if (!made) throw new Error('CreateSnapshot answered without a Snapshot.');
      if (plan.tags.length === 0) return { snapshot: made, tagError: null, already: false };
      try {
        await client.call('CreateTags', { ResourceIds: [made.SnapshotId], Tags: plan.tags });
        return { snapshot: { ...made, Tags: plan.tags }, tagError: null, already: false };
      } catch (error) {
        return { snapshot: made, tagError: error instanceof Error ? error : new Error(String(error)), already: false };
      }
    },
    onSuccess: (outcome, { sourceId }) => {
      const { snapshot } = outcome;
      if (outcome.already) snapshotCache.madeByToken(queryClient, client, token, connection.accountId, snapshot);
      if (!outcome.already || !FINAL_STATES.has(snapshot.State)) {
        jobsStore.add(snapshot, sourceId, Date.now(), kind);
        snapshotCache.add(queryClient, client, snapshot);
      }
      onDone(outcome);
    },
  });
}
