/**
 * The FCU (EC2 Query API) face of the sandbox: CopySnapshot, DescribeSnapshots, DeleteSnapshot, CreateTags,
 * DeleteTags, translated to the OUTSCALE API handlers, so both faces share one model.
 *
 * LIMITATIONS:
 * - `status` is OUTSCALE's State as is (in-queue, pending, completed, error, deleting), as FCU's documentation
 *   lists in-queue|completed|error; EC2's `recoverable`/`recovering` never appear.
 * - PresignedUrl, Encrypted and KmsKeyId are accepted and ignored (no encryption in the sandbox).
 * - Owner.N accepts `self` and account IDs; RestorableBy.N accepts `self`, `all` and account IDs.
 * - At most MAX_FCU_FILTERS `Filter.N` per call, each with any number of values.
 * - DeleteTags with an empty Value deletes the key whatever its value (EC2: only an empty value).
 */
import { actions } from '../../src/api/requests';
import type { ActionName, Snapshot } from '../../src/api/schemas';
import { atomicFor } from '../osc/atomic';
import { validateInput } from '../osc/validation';
import type { ActionHandlers, ActionInput, RequestContext } from '../osc/context';
import { FcuError, fcuErrors } from './errors';
import { FcuStream } from './stream';
import { itemsXml, type XmlNode } from './xml';
import { takeTurn } from '../osc/streamed';
import { parseDate } from '../model/snapshot-query';
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

/** Validates a whole OUTSCALE request up front, with the same schemas as the JSON face. */
function valid<A extends ActionName>(action: A, input: unknown): ActionInput<A> {
  return validateInput(actions[action].request, input) as ActionInput<A>;
}

export function createFcuActions(raw: ActionHandlers, options: FcuActionOptions = {}): Record<string, FcuAction> {
  const batch = options.streamBatch === null ? undefined : (options.streamBatch ?? FCU_STREAM_BATCH);
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
      const keep = (page: Page) => (page.Snapshots ?? []).filter((s) => inMemory.every((check) => check(s)));
      const notFound = (id: string) => new FcuError(400, 'InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);
      // Unpaged (no MaxResults, no NextToken), the snapshots are read in keyset batches of `batch`: when there is
      // more than one, the answer is streamed, one batch per turn (see describeInBatches).
      const unpaged = max === undefined && !next;
      const inBatches = unpaged && batch !== undefined;
      const answer = handlers.ReadSnapshots(
        {
          Filters: filters,
          ...(max !== undefined ? { ResultsPerPage: Number(max) } : next ? { ResultsPerPage: 1000 } : inBatches ? { ResultsPerPage: batch } : {}),
          ...(next ? { NextPageToken: next } : {}),
        },
        ctx,
      ) as Page;
      if (inBatches && answer.NextPageToken) {
        const read = (token: string | undefined, only: Record<string, unknown> = filters) =>
          handlers.ReadSnapshots({ Filters: only, ResultsPerPage: batch, ...(token ? { NextPageToken: token } : {}) }, ctx) as Page;
        return new FcuStream(describeInBatches(answer, keep, read, ids, notFound));
      }
      const found = keep(answer);
      if (ids.length && !answer.NextPageToken) {
        // An ID that names no snapshot the caller can see is an error, as in EC2; one the filters leave out is not.
        const foundIds = new Set(found.map((s) => s.SnapshotId));
        const unseen = ids.filter((id) => !foundIds.has(id));
        const exist = unseen.length ? new Set((handlers.ReadSnapshots({ Filters: { SnapshotIds: unseen } }, ctx) as Page).Snapshots?.map((s) => s.SnapshotId)) : new Set();
        const missing = unseen.find((id) => !exist.has(id));
        if (missing !== undefined) throw notFound(missing);
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

type Page = { Snapshots?: Snapshot[]; NextPageToken?: string };

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
  first: Page,
  keep: (page: Page) => Snapshot[],
  read: (token: string | undefined, only?: Record<string, unknown>) => Page,
  ids: string[],
  notFound: (id: string) => FcuError,
): AsyncGenerator<string> {
  if (ids.length) {
    const visible = new Set<string>();
    let token: string | undefined;
    do {
      await takeTurn();
      const page = read(token, { SnapshotIds: ids });
      for (const s of page.Snapshots ?? []) visible.add(s.SnapshotId);
      token = page.NextPageToken;
    } while (token);
    const missing = ids.find((id) => !visible.has(id));
    if (missing !== undefined) throw notFound(missing);
  }
  yield `<snapshotSet>${itemsXml(keep(first).map(snapshotXml))}`;
  let token = first.NextPageToken;
  while (token) {
    await takeTurn();
    const page = read(token);
    yield itemsXml(keep(page).map(snapshotXml));
    token = page.NextPageToken;
  }
  yield '</snapshotSet>';
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
