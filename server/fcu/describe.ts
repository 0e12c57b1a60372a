/**
 * FCU's DescribeSnapshots: EC2's filters, SnapshotId.N, Owner.N and RestorableBy.N turned into one
 * FiltersSnapshot for the snapshots backend (checked with the ReadSnapshots schema, as on the JSON face), plus the
 * tests SQL cannot say (applied in memory to each page); paged with MaxResults/NextToken, or unpaged and streamed
 * in batches.
 *
 * LIMITATIONS:
 * - `status` is OUTSCALE's State as is (in-queue, pending, completed, error, deleting), as FCU's documentation
 *   lists in-queue|completed|error; EC2's `recoverable`/`recovering` never appear.
 * - Owner.N accepts `self` and account IDs; RestorableBy.N accepts `self`, `all` and account IDs.
 * - At most MAX_FCU_FILTERS `Filter.N` per call, each with any number of values.
 */
import { actions, type FiltersSnapshot } from '../../src/api/requests';
import type { Snapshot } from '../../src/api/schemas';
import type { Page } from '../backends/caller';
import type { SnapshotsBackend } from '../backends/snapshots';
import { parseDate } from '../model/snapshot-query';
import type { RequestContext } from '../osc/context';
import { takeTurn } from '../osc/streamed';
import { validateInput } from '../osc/validation';
import { FcuError, fcuErrors } from './errors';
import { groups, indexed, type Params } from './params';
import { FcuStream } from './stream';
import { itemsXml, type XmlNode } from './xml';

export function snapshotXml(s: Snapshot): XmlNode {
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

type Check = (s: Snapshot) => boolean;

/**
 * An EC2 filter as a FiltersSnapshot field plus the same test in memory. `single`: the field holds one value per
 * snapshot, so two filters on it (AND) are the intersection of their lists; otherwise (tags, a list per snapshot) a
 * second filter on the same field is applied in memory to each page.
 */
interface FilterRule {
  field: string;
  values: (v: string[]) => unknown[];
  single: boolean;
  check: (v: string[]) => Check;
}

const numbers = (v: string[]) => v.map((p) => Number(p.replace(/%$/, '')));
const rule = (field: string, value: (s: Snapshot) => unknown, values: (v: string[]) => unknown[] = (v) => v): FilterRule => ({
  field,
  values,
  single: true,
  check: (v) => {
    const wanted = new Set(values(v));
    return (s) => wanted.has(value(s));
  },
});

const tagCheck = (wanted: Set<string>, part: (t: { Key: string; Value: string }) => string): Check => (s) => s.Tags.some((t) => wanted.has(part(t)));

/** EC2 caps the filters of one call; the sandbox takes up to this many (each with any number of values). */
export const MAX_FCU_FILTERS = 50;

const FILTERS: Record<string, FilterRule> = {
  description: rule('Descriptions', (s) => s.Description ?? ''),
  'owner-alias': rule('AccountAliases', (s) => s.AccountAlias),
  'owner-id': rule('AccountIds', (s) => s.AccountId),
  progress: rule('Progresses', (s) => s.Progress, numbers),
  'snapshot-id': rule('SnapshotIds', (s) => s.SnapshotId),
  status: rule('States', (s) => s.State),
  'volume-id': rule('VolumeIds', (s) => s.VolumeId),
  'volume-size': rule('VolumeSizes', (s) => s.VolumeSize, numbers),
  'tag-key': { field: 'TagKeys', values: (v) => v, single: false, check: (v) => tagCheck(new Set(v), (t) => t.Key) },
  'tag-value': { field: 'TagValues', values: (v) => v, single: false, check: (v) => tagCheck(new Set(v), (t) => t.Value) },
};

/** `tag:KEY`: OUTSCALE's `Tags` entries are KEY=VALUE split at the first `=`, so a KEY with `=` is tested in memory. */
function tagRule(key: string): FilterRule {
  return {
    field: key.includes('=') ? `tag:${key}` : 'Tags',
    values: (v) => v.map((value) => `${key}=${value}`),
    single: false,
    check: (v) => {
      const wanted = new Set(v);
      return (s) => s.Tags.some((t) => t.Key === key && wanted.has(t.Value));
    },
  };
}

/** DescribeSnapshots: `batch` as FcuActionOptions.streamBatch says (undefined: the whole answer at once). */
export function describeSnapshots(snapshots: SnapshotsBackend, params: Params, ctx: RequestContext, batch: number | undefined): XmlNode | FcuStream {
  const me = ctx.accountId ?? '';
  // EC2: values in one filter are OR'ed, the filters (and SnapshotId.N, Owner.N, RestorableBy.N) AND'ed.
  const filters: Record<string, unknown[] | string | boolean> = {};
  const inMemory: Check[] = [];
  const and = (r: FilterRule, values: string[]) => {
    const list = r.values(values);
    const earlier = filters[r.field];
    if (r.field.startsWith('tag:')) inMemory.push(r.check(values));
    else if (earlier === undefined) filters[r.field] = list;
    else if (r.single && Array.isArray(earlier)) {
      const wanted = new Set(list);
      filters[r.field] = earlier.filter((e) => wanted.has(e));
    }
    else inMemory.push(r.check(values));
  };
  const ids = indexed(params, 'SnapshotId');
  if (ids.length) and(FILTERS['snapshot-id']!, ids);
  const owners = indexed(params, 'Owner').map((o) => (o === 'self' ? me : o));
  if (owners.length) and(FILTERS['owner-id']!, owners);
  const restorable = indexed(params, 'RestorableBy');
  const restorableIds = restorable.filter((r) => r !== 'all').map((r) => (r === 'self' ? me : r));
  if (restorable.includes('all') && restorableIds.length) {
    // public OR shared with one of these accounts: one FiltersSnapshot cannot say OR across two fields
    inMemory.push((s) => s.PermissionsToCreateVolume.GlobalPermission || s.PermissionsToCreateVolume.AccountIds.some((a) => restorableIds.includes(a)));
  } else if (restorable.includes('all')) filters.PermissionsToCreateVolumeGlobalPermission = true;
  else if (restorableIds.length) filters.PermissionsToCreateVolumeAccountIds = restorableIds;
  const filterGroups = groups(params, 'Filter');
  if (filterGroups.size > MAX_FCU_FILTERS) {
    throw fcuErrors.invalid(`A request takes at most ${MAX_FCU_FILTERS} filters (Filter.N); this one has ${filterGroups.size}. Each filter takes any number of values.`);
  }
  for (const filter of filterGroups.values()) {
    const name = filter.get('Name') ?? '';
    const values = indexed(filter, 'Value');
    if (name === 'start-time') {
      // Each value is an instant (or, date only, that whole day), as FromCreationDate..ToCreationDate.
      const first = filters.FromCreationDate === undefined && values.length === 1;
      if (first) Object.assign(filters, { FromCreationDate: values[0], ToCreationDate: values[0] });
      else {
        const ranges = values.map((v) => [parseDate(v, false), parseDate(v, true)] as const);
        inMemory.push((s) => ranges.some(([from, to]) => Date.parse(s.CreationDate) >= from && Date.parse(s.CreationDate) <= to));
      }
      continue;
    }
    const r = name.startsWith('tag:') ? tagRule(name.slice(4)) : Object.prototype.hasOwnProperty.call(FILTERS, name) ? FILTERS[name] : undefined;
    if (!r) throw fcuErrors.invalid(`The filter '${name}' is invalid.`);
    and(r, values);
  }
  const max = params.get('MaxResults');
  if (max !== undefined && !(Number(max) >= 5 && Number(max) <= 1000)) throw fcuErrors.invalid('MaxResults must be between 5 and 1000.');
  const next = params.get('NextToken');
  const keep = (page: Page<Snapshot>) => page.items.filter((s) => inMemory.every((check) => check(s)));
  const notFound = (id: string) => new FcuError(400, 'InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);
  // Unpaged (no MaxResults, no NextToken), the snapshots are read in keyset batches of `batch`: when there is
  // more than one, the answer is streamed, one batch per turn (see describeInBatches).
  const unpaged = max === undefined && !next;
  const inBatches = unpaged && batch !== undefined;
  // The whole request is checked with the ReadSnapshots schema, as on the JSON face, before anything is read.
  const request = validateInput(actions.ReadSnapshots.request, {
    Filters: filters,
    ...(max !== undefined ? { ResultsPerPage: Number(max) } : next ? { ResultsPerPage: 1000 } : inBatches ? { ResultsPerPage: batch } : {}),
    ...(next ? { NextPageToken: next } : {}),
  });
  const checked = request.Filters ?? {};
  const answer = snapshots.read(ctx, checked, { limit: request.ResultsPerPage, token: request.NextPageToken });
  if (inBatches && answer.nextPageToken) {
    const read = (token: string | undefined, only: FiltersSnapshot = checked) => snapshots.read(ctx, only, { limit: batch, token });
    return new FcuStream(describeInBatches(answer, keep, read, ids, notFound));
  }
  const found = keep(answer);
  if (ids.length && !answer.nextPageToken) {
    // An ID that names no snapshot the caller can see is an error, as in EC2; one the filters leave out is not.
    const foundIds = new Set(found.map((s) => s.SnapshotId));
    const unseen = ids.filter((id) => !foundIds.has(id));
    const exist = new Set(unseen.length ? snapshots.read(ctx, { SnapshotIds: unseen }).items.map((s) => s.SnapshotId) : []);
    const missing = unseen.find((id) => !exist.has(id));
    if (missing !== undefined) throw notFound(missing);
  }
  return { snapshotSet: found.map(snapshotXml), nextToken: answer.nextPageToken };
  }

/**
 * The inside of an unpaged DescribeSnapshots answer, batch after batch: `first` is the batch already read (so a
 * bad filter was refused before anything is sent), and each later one waits for its turn in the queue the long
 * reads share (`takeTurn()`), so that the calls that arrived meanwhile are answered in between. The same bytes as
 * the answer built at once: `<snapshotSet>`, each kept snapshot as an `<item>`, `</snapshotSet>`, no nextToken.
 *
 * With SnapshotId.N, an ID that names no snapshot the caller can see is an error, as in the answer built at once;
 * here it is checked first, in batches too, so that the error comes before the first byte. (Built at once, the
 * first such ID in request order is named; an ID the filters leave out but the caller can see is not an error;
 * both hold here.)
 *
 * LIMITATIONS: between batches other requests run, so what a long read shows follows the OUTSCALE face's
 * streamed ReadSnapshots (server/model/snapshot-stream.ts): State and Progress are those at the time the request
 * arrived; a snapshot created meanwhile is listed at the end if its batch has not been read yet; a tag or share
 * change shows in the batches read after it.
 */
async function* describeInBatches(
  first: Page<Snapshot>,
  keep: (page: Page<Snapshot>) => Snapshot[],
  read: (token: string | undefined, only?: FiltersSnapshot) => Page<Snapshot>,
  ids: string[],
  notFound: (id: string) => FcuError,
): AsyncGenerator<string> {
  if (ids.length) {
    const visible = new Set<string>();
    let token: string | undefined;
    do {
      await takeTurn();
      const page = read(token, { SnapshotIds: ids });
      for (const s of page.items) visible.add(s.SnapshotId);
      token = page.nextPageToken;
    } while (token);
    const missing = ids.find((id) => !visible.has(id));
    if (missing !== undefined) throw notFound(missing);
  }
  yield `<snapshotSet>${itemsXml(keep(first).map(snapshotXml))}`;
  let token = first.nextPageToken;
  while (token) {
    await takeTurn();
    const page = read(token);
    yield itemsXml(keep(page).map(snapshotXml));
    token = page.nextPageToken;
  }
  yield '</snapshotSet>';
}
