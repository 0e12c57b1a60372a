/**
 * FCU's snapshot actions beyond the copy (issue 12 item 8): CreateSnapshot from a volume, ModifySnapshotAttribute
 * and DescribeSnapshotAttribute (createVolumePermission), each turned into the same backend calls as the OUTSCALE
 * face's CreateSnapshot and UpdateSnapshot, so the rules (owner only, same Region, throttle, DryRun) are the same.
 *
 * LIMITATIONS:
 * - ModifySnapshotAttribute with both Add and Remove applies the additions, then the removals, in one transaction
 *   (OUTSCALE's UpdateSnapshot takes one or the other).
 * - Only `createVolumePermission` can be modified; DescribeSnapshotAttribute `productCodes` answers an empty set.
 * - CreateSnapshot ignores OutpostArn and Location; it takes VolumeId only (imports are an OUTSCALE API call).
 */
import { MAX_TAGS_PER_RESOURCE } from '../../src/api/limits';
import { isVolumeId } from '../../src/api/ids';
import { actions } from '../../src/api/requests';
import type { ResourceTag } from '../../src/api/schemas';
import type { Backends } from '../backends';
import type { PermissionsChange } from '../backends/snapshots';
import { checkId } from '../model/ids';
import type { RequestContext } from '../osc/context';
import { oscErrors } from '../osc/errors';
import { validateInput } from '../osc/validation';
import { snapshotXml } from './describe';
import { FcuError, fcuErrors } from './errors';
import { bool, groups, indexed, required, tagsFrom, type Params } from './params';
import type { XmlNode } from './xml';

type Action = (params: Params, ctx: RequestContext) => XmlNode;

/** `TagSpecification.N` for a new snapshot: every tag checked (schema, count) before anything is made. */
export function snapshotTagSpecs(params: Params, action: string): ResourceTag[] | undefined {
  const specs = [...groups(params, 'TagSpecification').values()];
  for (const spec of specs) {
    const type = spec.get('ResourceType');
    if (type !== undefined && type !== 'snapshot') {
      throw fcuErrors.invalid(`TagSpecification ResourceType '${type}' is invalid: ${action} tags the new snapshot only.`);
    }
  }
  const given = specs.flatMap((spec) => tagsFrom(spec, 'Tag'));
  if (!given.length) return undefined;
  const tags = validateInput(actions.CreateTags.request, { ResourceIds: ['snap-00000000'], Tags: given }).Tags;
  if (new Set(tags.map((t) => t.Key)).size > MAX_TAGS_PER_RESOURCE) {
    throw new FcuError(400, 'TagLimitExceeded', `A snapshot can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);
  }
  return tags;
}

/** A volume ID, malformed ones answered as EC2 does (InvalidVolumeID.Malformed, not the snapshot's code). */
export function volumeId(value: string): string {
  if (!isVolumeId(value)) throw new FcuError(400, 'InvalidVolumeID.Malformed', `Invalid id: "${value}" (expecting "vol-...").`);
  return value;
}

const ATTRIBUTE = 'createVolumePermission';

function attributeOf(params: Params, needed: boolean): string | undefined {
  const attribute = params.get('Attribute');
  if (attribute === undefined && needed) throw fcuErrors.missing('Attribute');
  if (attribute !== undefined && attribute !== ATTRIBUTE && attribute !== 'productCodes') {
    throw fcuErrors.invalid(`Value (${attribute}) for parameter attribute is invalid. Expected 'createVolumePermission' or 'productCodes'.`);
  }
  return attribute;
}

/** `CreateVolumePermission.Add.N` / `.Remove.N` (UserId or Group=all) as OUTSCALE's Additions / Removals. */
function permissionList(params: Params, prefix: string): PermissionsChange['Additions'] {
  const entries = [...groups(params, prefix).values()];
  if (!entries.length) return undefined;
  const AccountIds: string[] = [];
  let everyone = false;
  for (const entry of entries) {
    const group = entry.get('Group');
    const user = entry.get('UserId');
    if (group !== undefined && group !== 'all') throw fcuErrors.invalid(`The group '${group}' is invalid: the only group is 'all'.`);
    if (group === 'all') everyone = true;
    if (user !== undefined) AccountIds.push(user);
    if (group === undefined && user === undefined) throw fcuErrors.missing(`${prefix}.N.UserId or ${prefix}.N.Group`);
  }
  return { ...(AccountIds.length ? { AccountIds } : {}), ...(everyone ? { GlobalPermission: true } : {}) };
}

/** The changes a ModifySnapshotAttribute asks for, in either of EC2's two forms. */
function permissionChanges(params: Params): PermissionsChange[] {
  const add = permissionList(params, 'CreateVolumePermission.Add');
  const remove = permissionList(params, 'CreateVolumePermission.Remove');
  const users = indexed(params, 'UserId');
  const groupNames = indexed(params, 'UserGroup');
  const operation = params.get('OperationType');
  if (users.length || groupNames.length || operation !== undefined) {
    if (add || remove) throw fcuErrors.invalid('Give either CreateVolumePermission or OperationType with UserId/UserGroup, not both.');
    if (operation !== 'add' && operation !== 'remove') {
      if (operation === undefined) throw fcuErrors.missing('OperationType');
      throw fcuErrors.invalid(`Value (${operation}) for parameter operationType is invalid. Expected 'add' or 'remove'.`);
    }
    for (const group of groupNames) if (group !== 'all') throw fcuErrors.invalid(`The group '${group}' is invalid: the only group is 'all'.`);
    if (!users.length && !groupNames.length) throw fcuErrors.missing('UserId.N or UserGroup.N');
    const change = { ...(users.length ? { AccountIds: users } : {}), ...(groupNames.length ? { GlobalPermission: true } : {}) };
    return [operation === 'add' ? { Additions: change } : { Removals: change }];
  }
  if (!add && !remove) throw fcuErrors.missing('CreateVolumePermission');
  return [...(add ? [{ Additions: add }] : []), ...(remove ? [{ Removals: remove }] : [])];
}

export function createOperatorActions(backends: Backends): Record<string, Action> {
  const { snapshots, tags } = backends;

  return {
    CreateSnapshot: (params, ctx) => {
      const request = validateInput(actions.CreateSnapshot.request, {
        VolumeId: volumeId(required(params, 'VolumeId')),
        ...(params.get('Description') !== undefined ? { Description: params.get('Description') } : {}),
      });
      const tagging = snapshotTagSpecs(params, 'CreateSnapshot');
      if (bool(params.get('DryRun'))) {
        snapshots.create(ctx, request, true);
        throw fcuErrors.dryRun();
      }
      return backends.transaction(() => {
        const made = snapshots.create(ctx, request);
        if (!made) throw new FcuError(500, 'InternalError', 'The snapshot was not created.');
        if (tagging) tags.create(ctx, [made.SnapshotId], tagging);
        const { snapshotId, volumeId: vol, status, startTime, progress, ownerId, volumeSize, description, encrypted } = snapshotXml(made);
        return { snapshotId, volumeId: vol, status, startTime, progress, ownerId, volumeSize, description, encrypted, tagSet: (tagging ?? []).map((t) => ({ key: t.Key, value: t.Value })) };
      });
    },

    ModifySnapshotAttribute: (params, ctx) => {
      const snapshotId = required(params, 'SnapshotId');
      if (attributeOf(params, false) === 'productCodes') throw fcuErrors.invalid('The attribute productCodes cannot be modified.');
      const changes = permissionChanges(params);
      for (const change of changes) validateInput(actions.UpdateSnapshot.request, { SnapshotId: snapshotId, PermissionsToCreateVolume: change });
      const dryRun = bool(params.get('DryRun'));
      // All or nothing: a refused removal undoes the additions made just before it.
      backends.transaction(() => {
        for (const change of changes) snapshots.share(ctx, snapshotId, change, dryRun);
      });
      if (dryRun) throw fcuErrors.dryRun();
      return { return: true };
    },

    DescribeSnapshotAttribute: (params, ctx) => {
      const snapshotId = required(params, 'SnapshotId');
      const attribute = attributeOf(params, true);
      checkId(snapshotId, 'snap', 'SnapshotId');
      const [found] = snapshots.read(ctx, { SnapshotIds: [snapshotId] }).items;
      if (!found) throw oscErrors.snapshotNotFound(`The SnapshotId '${snapshotId}' doesn't exist.`);
      if (found.AccountId !== ctx.accountId) {
        throw oscErrors.notOwner(`The snapshot '${snapshotId}' belongs to another account: only its owner can see who may use it.`);
      }
      if (bool(params.get('DryRun'))) throw fcuErrors.dryRun();
      if (attribute === 'productCodes') return { snapshotId, productCodes: [] };
      const { AccountIds, GlobalPermission } = found.PermissionsToCreateVolume;
      return {
        snapshotId,
        createVolumePermission: [...(GlobalPermission ? [{ group: 'all' }] : []), ...AccountIds.map((userId) => ({ userId }))],
      };
    },
  };
}
