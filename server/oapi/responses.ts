/**
 * The OUTSCALE API's responses: each action's validated input (oapi/http.ts validates it with the shared schemas)
 * turned into backend calls, and their results into the members of OUTSCALE's answer (the HTTP face adds
 * ResponseContext). An allowed DryRun answers `{}` (DRY_RUN_OK).
 */
import type { Backends } from '../backends';
import { DRY_RUN_OK, type ActionHandlers, type ActionInput, type RequestContext } from '../osc/context';
import type { StreamedAnswer } from '../osc/streamed';

/** A Read call's paging members, as the backends take them. */
const pageOf = (input: { ResultsPerPage?: number; NextPageToken?: string }) => ({ limit: input.ResultsPerPage, token: input.NextPageToken });
const next = (token: string | undefined) => (token ? { NextPageToken: token } : {});

export function oapiResponses(backends: Backends): ActionHandlers {
  const { accounts, volumes, snapshots, tags, exportTasks } = backends;
  return {
    CreateSnapshotExportTask: ({ DryRun, ...request }, ctx) => {
      const task = exportTasks.create(ctx, request, DryRun);
      return task ? { SnapshotExportTask: task } : DRY_RUN_OK;
    },
    ReadSnapshotExportTasks: (input, ctx) => {
      const page = exportTasks.read(ctx, input.Filters ?? {}, pageOf(input));
      return input.DryRun ? DRY_RUN_OK : { SnapshotExportTasks: page.items, ...next(page.nextPageToken) };
    },
    CreateSnapshot: ({ DryRun, ...request }, ctx) => {
      const snapshot = snapshots.create(ctx, request, DryRun);
      return snapshot ? { Snapshot: snapshot } : DRY_RUN_OK;
    },
    ReadSnapshots: (input, ctx) => {
      const page = snapshots.read(ctx, input.Filters ?? {}, pageOf(input));
      return input.DryRun ? DRY_RUN_OK : { Snapshots: page.items, ...next(page.nextPageToken) };
    },
    UpdateSnapshot: (input, ctx) => {
      const snapshot = snapshots.share(ctx, input.SnapshotId, input.PermissionsToCreateVolume, input.DryRun);
      return snapshot ? { Snapshot: snapshot } : DRY_RUN_OK;
    },
    DeleteSnapshot: (input, ctx) => {
      snapshots.delete(ctx, input.SnapshotId, input.DryRun);
      return DRY_RUN_OK;
    },
    CreateTags: (input, ctx) => {
      tags.create(ctx, input.ResourceIds, input.Tags, input.DryRun);
      return DRY_RUN_OK;
    },
    DeleteTags: (input, ctx) => {
      tags.delete(ctx, input.ResourceIds, input.Tags, input.DryRun);
      return DRY_RUN_OK;
    },
    ReadVolumes: (input, ctx) => {
      const page = volumes.read(ctx, input.Filters ?? {}, pageOf(input));
      return input.DryRun ? DRY_RUN_OK : { Volumes: page.items, ...next(page.nextPageToken) };
    },
    ReadAccounts: (input, ctx) => {
      const account = accounts.account(ctx);
      return input.DryRun ? DRY_RUN_OK : { Accounts: [account] };
    },
    ReadRegions: (input) => (input.DryRun ? DRY_RUN_OK : { Regions: accounts.regions() }),
    ReadSubregions: (input, ctx) => {
      if (input.DryRun) {
        accounts.account(ctx);
        return DRY_RUN_OK;
      }
      const page = accounts.subregions(ctx, input.Filters ?? {}, pageOf(input));
      return { Subregions: page.items, ...next(page.nextPageToken) };
    },
  };
}

/** The actions the HTTP face may answer in pieces, from SQLite's JSON (oapi/http.ts `streams`). */
export function oapiStreams(backends: Backends) {
  const { snapshots } = backends;
  return {
    ReadSnapshots: (input: ActionInput<'ReadSnapshots'>, ctx: RequestContext): StreamedAnswer | undefined => snapshots.readJson(ctx, input),
  };
}
