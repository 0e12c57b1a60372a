/**
 * The FCU (EC2 Query API) face of the sandbox: CopySnapshot, DescribeSnapshots, DeleteSnapshot, CreateTags,
 * DeleteTags, translated to the OUTSCALE API handlers, so both faces share one model.
 *
 * LIMITATIONS:
 * - `status` is OUTSCALE's State as is (in-queue, pending, completed, error, deleting), as FCU's documentation
 *   lists in-queue|completed|error; EC2's `recoverable`/`recovering` never appear.
 * - PresignedUrl, Encrypted and KmsKeyId are accepted and ignored (no encryption in the sandbox).
 * - Owner.N accepts `self` and account IDs; RestorableBy.N accepts `self`, `all` and account IDs.
 */
import { actions } from '../../src/api/requests';
import type { ActionName, Snapshot } from '../../src/api/schemas';
import { atomicFor } from '../osc/atomic';
import { validateInput } from '../osc/validation';
import type { ActionHandlers, ActionInput, RequestContext } from '../osc/context';
import { FcuError, fcuErrors } from './errors';
import type { XmlNode } from './xml';
import { MAX_TAGS_PER_RESOURCE } from '../model/tags';

export type Params = Map<string, string>;

/** `Prefix.1`, `Prefix.2`, … in numeric order. */
export function indexed(params: Params, prefix: string): string[] {
  const found: [number, string][] = [];
  for (const [name, value] of params) {
    const m = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)$`).exec(name);
    if (m) found.push([Number(m[1]), value]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
}

/** Groups `Prefix.N.Field[.M]` parameters by N. */
function groups(params: Params, prefix: string): Map<number, Params> {
  const out = new Map<number, Params>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.(.+)$`);
  for (const [name, value] of params) {
    const m = pattern.exec(name);
    if (!m) continue;
    const group = out.get(Number(m[1])) ?? new Map<string, string>();
    group.set(m[2]!, value);
    out.set(Number(m[1]), group);
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}

function tagsFrom(params: Params, prefix: string, valueRequired: boolean) {
  return [...groups(params, prefix).values()].map((tag) => {
    const Key = tag.get('Key');
    if (!Key) throw fcuErrors.missing(`${prefix}.N.Key`);
    const Value = tag.get('Value');
    if (Value === undefined && valueRequired) return { Key, Value: '' };
    return { Key, Value: Value ?? '' };
  });
}

const bool = (value: string | undefined) => value?.toLowerCase() === 'true';

function required(params: Params, name: string): string {
  const value = params.get(name);
  if (!value) throw fcuErrors.missing(name);
  return value;
}

function snapshotXml(s: Snapshot): XmlNode {
  return {
    snapshotId: s.SnapshotId,
    volumeId: s.VolumeId ?? 'vol-00000000',
    status: s.State,
    startTime: s.CreationDate,
    progress: `${s.Progress}%`,
    ownerId: s.AccountId,
    ownerAlias: s.AccountAlias,
    volumeSize: s.VolumeSize,
    description: s.Description ?? '',
    encrypted: false,
    tagSet: s.Tags.map((t) => ({ key: t.Key, value: t.Value })),
  };
}

const FILTERS: Record<string, (values: string[], me: string) => object> = {
  description: (v) => ({ Descriptions: v }),
  'owner-alias': (v) => ({ AccountAliases: v }),
  'owner-id': (v) => ({ AccountIds: v }),
  progress: (v) => ({ Progresses: v.map((p) => Number(p.replace(/%$/, ''))) }),
  'snapshot-id': (v) => ({ SnapshotIds: v }),
  'start-time': (v) => ({ FromCreationDate: v[0], ToCreationDate: v[0] }),
  status: (v) => ({ States: v }),
  'volume-id': (v) => ({ VolumeIds: v }),
  'volume-size': (v) => ({ VolumeSizes: v.map(Number) }),
  'tag-key': (v) => ({ TagKeys: v }),
  'tag-value': (v) => ({ TagValues: v }),
};

export type FcuAction = (params: Params, ctx: RequestContext) => XmlNode;

/** Validates a whole OUTSCALE request up front, with the same schemas as the JSON face. */
function valid<A extends ActionName>(action: A, input: unknown): ActionInput<A> {
  return validateInput(actions[action].request, input) as ActionInput<A>;
}

export function createFcuActions(raw: ActionHandlers): Record<string, FcuAction> {
  // The OUTSCALE handlers expect validated input: go through the same schemas as the JSON face.
  const handlers = new Proxy(raw, {
    get: (target, action: ActionName) => (input: unknown, ctx: RequestContext) =>
      (target[action] as (input: unknown, ctx: RequestContext) => unknown)(validateInput(actions[action].request, input), ctx),
  }) as ActionHandlers;
  const atomic = atomicFor(raw);
  return {
    CopySnapshot: (params, ctx) => {
      const source = required(params, 'SourceSnapshotId');
      const sourceRegion = required(params, 'SourceRegion');
      const destination = params.get('DestinationRegion');
      if (destination && destination !== sourceRegion) {
        throw fcuErrors.invalid(`DestinationRegion '${destination}' must equal SourceRegion '${sourceRegion}': copies stay within a Region.`);
      }
      const specs = [...groups(params, 'TagSpecification').values()];
      for (const spec of specs) {
        const type = spec.get('ResourceType');
        if (type !== undefined && type !== 'snapshot') {
          throw fcuErrors.invalid(`TagSpecification ResourceType '${type}' is invalid: CopySnapshot tags the new snapshot only.`);
        }
      }
      const tags = specs.flatMap((spec) => tagsFrom(spec, 'Tag', true));
      // The whole request is checked before anything is written: the copy's parameters and every tag.
      const request = valid('CreateSnapshot', {
        SourceSnapshotId: source,
        SourceRegionName: sourceRegion,
        ...(params.get('Description') ? { Description: params.get('Description') } : {}),
        ...(params.get('ClientToken') ? { ClientToken: params.get('ClientToken') } : {}),
      });
      const tagging = tags.length ? valid('CreateTags', { ResourceIds: ['snap-00000000'], Tags: tags }) : undefined;
      if (tagging && new Set(tagging.Tags.map((t) => t.Key)).size > MAX_TAGS_PER_RESOURCE) {
        throw new FcuError(400, 'TagLimitExceeded', `A snapshot can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);
      }
      if (bool(params.get('DryRun'))) {
        raw.CreateSnapshot({ ...request, DryRun: true }, ctx);
        throw fcuErrors.dryRun();
      }
      // The copy and its tags in one transaction: if tagging fails, there is no copy either.
      return atomic(() => {
        const answer = raw.CreateSnapshot(request, ctx) as { Snapshot?: Snapshot };
        const id = answer.Snapshot?.SnapshotId;
        if (!id) throw new FcuError(500, 'InternalError', 'The copy was not created.');
        if (tagging) raw.CreateTags({ ...tagging, ResourceIds: [id] }, ctx);
        return { snapshotId: id };
      });
    },

    DescribeSnapshots: (params, ctx) => {
      const me = ctx.accountId ?? '';
      const filters: Record<string, unknown> = {};
      const merge = (part: object) => Object.assign(filters, part);
      const ids = indexed(params, 'SnapshotId');
      if (ids.length) merge({ SnapshotIds: ids });
      const owners = indexed(params, 'Owner').map((o) => (o === 'self' ? me : o));
      if (owners.length) merge({ AccountIds: owners });
      const restorable = indexed(params, 'RestorableBy');
      if (restorable.includes('all')) merge({ PermissionsToCreateVolumeGlobalPermission: true });
      const restorableIds = restorable.filter((r) => r !== 'all').map((r) => (r === 'self' ? me : r));
      if (restorableIds.length) merge({ PermissionsToCreateVolumeAccountIds: restorableIds });
      const tagPairs: string[] = [];
      for (const filter of groups(params, 'Filter').values()) {
        const name = filter.get('Name') ?? '';
        const values = indexed(filter, 'Value');
        if (name.startsWith('tag:')) tagPairs.push(...values.map((v) => `${name.slice(4)}=${v}`));
        else if (FILTERS[name]) merge(FILTERS[name](values, me));
        else throw fcuErrors.invalid(`The filter '${name}' is invalid.`);
      }
      if (tagPairs.length) merge({ Tags: tagPairs });
      const max = params.get('MaxResults');
      if (max !== undefined && !(Number(max) >= 5 && Number(max) <= 1000)) throw fcuErrors.invalid('MaxResults must be between 5 and 1000.');
      const next = params.get('NextToken');
      const answer = handlers.ReadSnapshots(
        {
          Filters: filters,
          ...(max !== undefined ? { ResultsPerPage: Number(max) } : next ? { ResultsPerPage: 1000 } : {}),
          ...(next ? { NextPageToken: next } : {}),
        },
        ctx,
      ) as { Snapshots?: Snapshot[]; NextPageToken?: string };
      const found = answer.Snapshots ?? [];
      const foundIds = new Set(found.map((s) => s.SnapshotId));
      const missing = ids.filter((id) => !foundIds.has(id));
      if (missing.length && !answer.NextPageToken) {
        throw new FcuError(400, 'InvalidSnapshot.NotFound', `The snapshot '${missing[0]}' does not exist.`);
      }
      return { snapshotSet: found.map(snapshotXml), nextToken: answer.NextPageToken };
    },

    DeleteSnapshot: (params, ctx) => {
      const request = { SnapshotId: required(params, 'SnapshotId') };
      if (bool(params.get('DryRun'))) {
        handlers.DeleteSnapshot({ ...request, DryRun: true }, ctx);
        throw fcuErrors.dryRun();
      }
      handlers.DeleteSnapshot(request, ctx);
      return { return: true };
    },

    CreateTags: (params, ctx) => tagCall(handlers.CreateTags, params, ctx, true),
    DeleteTags: (params, ctx) => tagCall(handlers.DeleteTags, params, ctx, false),
  };
}

function tagCall(handler: ActionHandlers['CreateTags'], params: Params, ctx: RequestContext, valueRequired: boolean): XmlNode {
  const ids = indexed(params, 'ResourceId');
  if (!ids.length) throw fcuErrors.missing('ResourceId.N');
  const tags = tagsFrom(params, 'Tag', valueRequired);
  if (!tags.length) throw fcuErrors.missing('Tag.N');
  if (bool(params.get('DryRun'))) {
    handler({ ResourceIds: ids, Tags: tags, DryRun: true }, ctx);
    throw fcuErrors.dryRun();
  }
  handler({ ResourceIds: ids, Tags: tags }, ctx);
  return { return: true };
}
