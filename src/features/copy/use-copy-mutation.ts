/**
 * The copy dialog's submit, whole: is there already a copy made by this ClientToken? If not, the plan's
 * CreateSnapshot then CreateTags (run-copy.ts); then the new copy joins the jobs store (the tray, the poller)
 * and the snapshot caches (src/lib/snapshot-cache.ts). The dialog only says what happened.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { copyPlan, type CopyForm } from '../../api/copy-form';
import type { Connection } from '../../lib/connection';
import { snapshotCache } from '../../lib/snapshot-cache';
import { FINAL_STATES, jobsStore } from '../../lib/jobs-store';
import { runCopyPlan, type CopyOutcome } from './run-copy';

export interface CopyResult extends CopyOutcome {
  /** This ClientToken had already made this copy (another tab, a resubmitted link): nothing new was created. */
  already: boolean;
}

export interface CopyMutationEvents {
  /** A new copy was made (`tagError`: it exists, but CreateTags failed). */
  onStarted?: (outcome: CopyOutcome) => void;
  onError?: (error: Error) => void;
}

export function useCopyMutation(connection: Connection, token: string, events: CopyMutationEvents = {}) {
  const queryClient = useQueryClient();
  const client = connection.client;
  return useMutation({
    mutationFn: async (form: CopyForm): Promise<CopyResult> => {
      // The token may have made its copy since the dialog opened (another tab, a resubmitted link).
      const existing = (await client.call('ReadSnapshots', { Filters: { ClientTokens: [token], AccountIds: [connection.accountId] } })).Snapshots[0];
      if (existing) return { snapshot: existing, tagError: null, already: true };
      // The source's tags as they are now, when the copy is to carry them.
      const sourceTags = form.SourceTags ? ((await client.call('ReadSnapshots', { Filters: { SnapshotIds: [form.SourceSnapshotId.trim()] } })).Snapshots[0]?.Tags ?? []) : [];
      return { ...(await runCopyPlan(client, copyPlan(form, token, new Date().toISOString(), sourceTags))), already: false };
    },
    onSuccess: (result, form) => {
      const { snapshot } = result;
      if (result.already) snapshotCache.madeByToken(queryClient, client, token, connection.accountId, snapshot);
      // A copy already made is still watched while it is in flight.
      if (!result.already || !FINAL_STATES.has(snapshot.State)) {
        jobsStore.add(snapshot, form.SourceSnapshotId.trim(), Date.now());
        snapshotCache.add(queryClient, client, snapshot);
      }
      if (!result.already) events.onStarted?.(result);
    },
    onError: (error) => events.onError?.(error),
  });
}
