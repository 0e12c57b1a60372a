/**
 * FCU's DescribeVolumes: VolumeId.N and EC2's filters turned into one FiltersVolume for the volumes backend
 * (checked with the ReadVolumes schema, as on the JSON face), paged with MaxResults/NextToken, in EC2 XML.
 *
 * LIMITATIONS:
 * - Filters: volume-id, status, size, volume-type, availability-zone, snapshot-id, attachment.instance-id,
 *   tag-key, tag-value and tag:KEY; any other name is refused (InvalidParameterValue). A second filter on a name
 *   already given is applied in memory to each page (so a page may hold fewer than MaxResults volumes).
 * - MaxResults from 5; above 500 it returns 500, as EC2; NextToken without MaxResults reads pages of 500.
 * - `attachTime` is not given (the sandbox does not record when a volume was attached); `encrypted` is false.
 */
import { actions } from '../../src/api/requests';
import type { Volume } from '../../src/api/schemas';
import type { Backends } from '../backends';
import type { FiltersVolume } from '../backends/volumes';
import type { RequestContext } from '../osc/context';
import { validateInput } from '../osc/validation';
import { MAX_FCU_FILTERS } from './describe';
import { FcuError, fcuErrors } from './errors';
import { bool, groups, indexed, type Params } from './params';
import { volumeId } from './operator';
import type { XmlNode } from './xml';

export const DESCRIBE_VOLUMES_MAX = 500;

export function volumeXml(v: Volume): XmlNode {
  return {
    volumeId: v.VolumeId,
    size: v.Size,
    snapshotId: v.SnapshotId ?? '',
    availabilityZone: v.SubregionName,
    status: v.State,
    createTime: v.CreationDate,
    attachmentSet: v.LinkedVolumes.map((l) => ({
      volumeId: l.VolumeId ?? v.VolumeId,
      instanceId: l.VmId,
      device: l.DeviceName,
      status: l.State,
      deleteOnTermination: l.DeleteOnVmDeletion ?? false,
    })),
    tagSet: v.Tags.map((t) => ({ key: t.Key, value: t.Value })),
    volumeType: v.VolumeType,
    iops: v.Iops,
    encrypted: false,
    multiAttachEnabled: false,
  };
}

type Check = (v: Volume) => boolean;
type Field = keyof FiltersVolume;
interface Rule {
  field: Field;
  values: (given: string[]) => (string | number)[];
  check: (wanted: Set<string | number>) => Check;
}

const one = (field: Field, value: (v: Volume) => string | number | undefined, numeric = false): Rule => ({
  field,
  values: (given) => (numeric ? given.map(Number) : given),
  check: (wanted) => (v) => wanted.has(value(v) ?? ''),
});
const tagRule = (field: Field, part: (t: { Key: string; Value: string }) => string): Rule => ({
  field,
  values: (given) => given,
  check: (wanted) => (v) => v.Tags.some((t) => wanted.has(part(t))),
});

const FILTERS: Record<string, Rule> = {
  'volume-id': one('VolumeIds', (v) => v.VolumeId),
  status: one('VolumeStates', (v) => v.State),
  size: one('VolumeSizes', (v) => v.Size, true),
  'volume-type': one('VolumeTypes', (v) => v.VolumeType),
  'availability-zone': one('SubregionNames', (v) => v.SubregionName),
  'snapshot-id': one('SnapshotIds', (v) => v.SnapshotId),
  'attachment.instance-id': {
    field: 'LinkVolumeVmIds',
    values: (given) => given,
    check: (wanted) => (v) => v.LinkedVolumes.some((l) => wanted.has(l.VmId ?? '')),
  },
  'tag-key': tagRule('TagKeys', (t) => t.Key),
  'tag-value': tagRule('TagValues', (t) => t.Value),
};

export function describeVolumes(backends: Backends, params: Params, ctx: RequestContext): XmlNode {
  const filters: Partial<Record<Field, (string | number)[]>> = {};
  const inMemory: Check[] = [];
  const and = (rule: Rule, given: string[]) => {
    const values = rule.values(given);
    if (values.some((v) => typeof v === 'number' && !Number.isInteger(v))) {
      throw fcuErrors.invalid(`The filter values ${JSON.stringify(given)} must be whole numbers.`);
    }
    if (filters[rule.field] === undefined) filters[rule.field] = values;
    else inMemory.push(rule.check(new Set(values)));
  };
  const ids = indexed(params, 'VolumeId').map(volumeId);
  if (ids.length) and(FILTERS['volume-id']!, ids);
  const filterGroups = groups(params, 'Filter');
  if (filterGroups.size > MAX_FCU_FILTERS) {
    throw fcuErrors.invalid(`A request takes at most ${MAX_FCU_FILTERS} filters (Filter.N); this one has ${filterGroups.size}.`);
  }
  for (const filter of filterGroups.values()) {
    const name = filter.get('Name') ?? '';
    const values = indexed(filter, 'Value');
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      const rule: Rule = { field: 'Tags', values: (given) => given.map((value) => `${key}=${value}`), check: (wanted) => (v) => v.Tags.some((t) => wanted.has(`${t.Key}=${t.Value}`)) };
      // OUTSCALE's Tags entries split at the first `=`: a key holding `=` is tested in memory only.
      if (key.includes('=')) inMemory.push((v) => v.Tags.some((t) => t.Key === key && values.includes(t.Value)));
      else and(rule, values);
      continue;
    }
    const rule = Object.prototype.hasOwnProperty.call(FILTERS, name) ? FILTERS[name] : undefined;
    if (!rule) throw fcuErrors.invalid(`The filter '${name}' is invalid.`);
    and(rule, values);
  }
  const max = params.get('MaxResults');
  if (max !== undefined && !(Number.isInteger(Number(max)) && Number(max) >= 5)) {
    throw fcuErrors.invalid(`MaxResults must be a whole number from 5 (at most ${DESCRIBE_VOLUMES_MAX} are returned), not ${max}.`);
  }
  if (max !== undefined && ids.length) throw fcuErrors.invalid('MaxResults cannot be used with VolumeId.N.');
  const next = params.get('NextToken');
  const request = validateInput(actions.ReadVolumes.request, {
    Filters: filters,
    // As EC2: a MaxResults above 500 returns 500 (the AWS CLI asks for 1,000 when it pages by itself).
    ...(max !== undefined ? { ResultsPerPage: Math.min(Number(max), DESCRIBE_VOLUMES_MAX) } : next ? { ResultsPerPage: DESCRIBE_VOLUMES_MAX } : {}),
    ...(next ? { NextPageToken: next } : {}),
  });
  if (bool(params.get('DryRun'))) throw fcuErrors.dryRun();
  const page = backends.volumes.read(ctx, request.Filters ?? {}, { limit: request.ResultsPerPage, token: request.NextPageToken });
  const found = page.items.filter((v) => inMemory.every((check) => check(v)));
  if (ids.length) {
    // As EC2: an ID that names no volume of the caller is an error; one the filters leave out is not.
    const mine = new Set(backends.volumes.read(ctx, { VolumeIds: ids }).items.map((v) => v.VolumeId));
    const missing = ids.find((id) => !mine.has(id));
    if (missing !== undefined) throw new FcuError(400, 'InvalidVolume.NotFound', `The volume '${missing}' does not exist.`);
  }
  return { volumeSet: found.map(volumeXml), nextToken: page.nextPageToken };
}
