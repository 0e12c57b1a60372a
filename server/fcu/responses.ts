/**
 * The FCU (EC2 Query API) face's responses: CopySnapshot, DescribeSnapshots (fcu/describe.ts), DeleteSnapshot,
 * CreateTags, DeleteTags, DescribeVolumes (fcu/volumes.ts), CreateSnapshot, ModifySnapshotAttribute and
 * DescribeSnapshotAttribute (fcu/operator.ts), each turned into calls to the same backends as the OUTSCALE face (server/backends/), so
 * both faces share one model. Parameters are checked with the OUTSCALE request schemas before any backend call.
 *
 * LIMITATIONS:
 * - PresignedUrl, Encrypted and KmsKeyId are accepted and ignored (no encryption in the sandbox).
 * - DeleteTags with an empty Value deletes the key whatever its value (EC2: only an empty value).
 */
import { actions } from '../../src/api/requests';
import type { ActionName } from '../../src/api/schemas';
import type { Backends } from '../backends';
import type { ActionInput, RequestContext } from '../osc/context';
import { validateInput } from '../osc/validation';
import { describeSnapshots } from './describe';
import { describeVolumes } from './volumes';
import { FcuError, fcuErrors } from './errors';
import { createExportActions } from './export';
import { createOperatorActions, snapshotTagSpecs } from './operator';
import { bool, indexed, required, tagsFrom, type Params } from './params';
import type { FcuStream } from './stream';
import type { XmlNode } from './xml';

export type { Params };
export { MAX_FCU_FILTERS } from './describe';

/** An action's answer: XML built at once, or (a long DescribeSnapshots) streamed in pieces. */
export type FcuAction = (params: Params, ctx: RequestContext) => XmlNode | FcuStream;

/** Snapshots per batch of an unpaged DescribeSnapshots: about 20 ms of work each on a loaded 2-core machine. */
export const FCU_STREAM_BATCH = 250;

export interface FcuActionOptions {
  /**
   * Snapshots per batch of an unpaged DescribeSnapshots: FCU_STREAM_BATCH when left out, at most 1,000 (a page
   * of ReadSnapshots); `null` reads and builds the whole answer at once (the tests' reference).
   */
  streamBatch?: number | null;
}

/** Checks a request with the OUTSCALE schema of the same call, as the JSON face does. */
function valid<A extends ActionName>(action: A, input: unknown): ActionInput<A> {
  return validateInput(actions[action].request, input) as ActionInput<A>;
}

export function createFcuActions(backends: Backends, options: FcuActionOptions = {}): Record<string, FcuAction> {
  const { snapshots, tags } = backends;
  const batch = options.streamBatch === null ? undefined : (options.streamBatch ?? FCU_STREAM_BATCH);

  /** CreateTags and DeleteTags: ResourceId.N and Tag.N. */
  const tagCall = (action: 'CreateTags' | 'DeleteTags', params: Params, ctx: RequestContext): XmlNode => {
    const ids = indexed(params, 'ResourceId');
    if (!ids.length) throw fcuErrors.missing('ResourceId.N');
    const given = tagsFrom(params, 'Tag');
    if (!given.length) throw fcuErrors.missing('Tag.N');
    const request = valid(action, { ResourceIds: ids, Tags: given });
    const dryRun = bool(params.get('DryRun'));
    if (action === 'CreateTags') tags.create(ctx, request.ResourceIds, request.Tags, dryRun);
    else tags.delete(ctx, request.ResourceIds, request.Tags, dryRun);
    if (dryRun) throw fcuErrors.dryRun();
    return { return: true };
  };

  return {
    CopySnapshot: (params, ctx) => {
      const source = required(params, 'SourceSnapshotId');
      const sourceRegion = required(params, 'SourceRegion');
      const destination = params.get('DestinationRegion');
      if (destination && destination !== sourceRegion) {
        throw fcuErrors.invalid(`DestinationRegion '${destination}' must equal SourceRegion '${sourceRegion}': copies stay within a Region.`);
      }
      // The whole request is checked before anything is written: the copy's parameters and every tag.
      const request = valid('CreateSnapshot', {
        SourceSnapshotId: source,
        SourceRegionName: sourceRegion,
        ...(params.get('Description') ? { Description: params.get('Description') } : {}),
        ...(params.get('ClientToken') ? { ClientToken: params.get('ClientToken') } : {}),
      });
      const tagging = snapshotTagSpecs(params, 'CopySnapshot');
      if (bool(params.get('DryRun'))) {
        snapshots.create(ctx, request, true);
        throw fcuErrors.dryRun();
      }
      // The copy and its tags in one transaction: if tagging fails, there is no copy either.
      return backends.transaction(() => {
        const copy = snapshots.create(ctx, request);
        if (!copy) throw new FcuError(500, 'InternalError', 'The copy was not created.');
        if (tagging) tags.create(ctx, [copy.SnapshotId], tagging);
        return { snapshotId: copy.SnapshotId };
      });
    },

    DescribeSnapshots: (params, ctx) => describeSnapshots(snapshots, params, ctx, batch),

    DeleteSnapshot: (params, ctx) => {
      const request = valid('DeleteSnapshot', { SnapshotId: required(params, 'SnapshotId') });
      const dryRun = bool(params.get('DryRun'));
      snapshots.delete(ctx, request.SnapshotId, dryRun);
      if (dryRun) throw fcuErrors.dryRun();
      return { return: true };
    },

    CreateTags: (params, ctx) => tagCall('CreateTags', params, ctx),
    DeleteTags: (params, ctx) => tagCall('DeleteTags', params, ctx),
    DescribeVolumes: (params, ctx) => describeVolumes(backends, params, ctx),
    ...createOperatorActions(backends),
    ...createExportActions(backends),
  };
}
