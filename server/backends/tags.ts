/**
 * The tags backend: tags on the caller's snapshots, volumes and snapshot export tasks (CreateTags, DeleteTags), their SQL and rules: the
 * same key replaces, every resource must be the caller's, at most MAX_TAGS_PER_RESOURCE per resource, all or
 * nothing. A DryRun runs every check and writes nothing.
 *
 * LIMITATIONS:
 * - The per-resource cap is 50 tags (OUTSCALE's is an account quota, reported as 10 to 20).
 * - Only `snap-`, `vol-` and `snap-export-` resources exist in the sandbox; other IDs are malformed (4104/4105).
 */
import { MAX_TAGS_PER_RESOURCE, TAG_KEY_MAX, TAG_VALUE_MAX } from '../../src/api/limits';
import type { ResourceTag } from '../../src/api/schemas';
import { EXPORT_TASK_ID } from './export-tasks';
import { oscErrors } from '../osc/errors';
import type { RequestContext } from '../osc/context';
import { checkId, resourceKind } from '../model/ids';
import { EXISTS_SQL } from '../model/lifecycle';
import { VISIBLE_SQL } from '../model/snapshot-query';
import type { Store } from '../model/store';

export { MAX_TAGS_PER_RESOURCE };

/**
 * Every resource exists, and is the caller's, or the call fails on the first one in request order that is not.
 * One query per kind, whatever the number of IDs (30,000 IDs took 4.4 s one query at a time).
 */
function checkResources(store: Store, ctx: RequestContext, ids: string[]): void {
  const me = ctx.accountId ?? '';
  const unique = [...new Set(ids)];
  const volumes = new Set(
    store.db
      .prepare('SELECT volume_id FROM volumes WHERE account_id = ? AND volume_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(me, JSON.stringify(unique.filter((id) => resourceKind(id) === 'vol'))) as string[],
  );
  const snapshotIds = unique.filter((id) => resourceKind(id) === 'snap');
  const owners = new Map(
    (store.db
      .prepare(`SELECT s.snapshot_id, s.account_id FROM snapshots s
        WHERE s.snapshot_id IN (SELECT value FROM json_each(:ids)) AND ${EXISTS_SQL} AND ${VISIBLE_SQL}`)
      .all({ ids: JSON.stringify(snapshotIds), me, now: ctx.now.getTime() }) as { snapshot_id: string; account_id: string }[]).map((row) => [row.snapshot_id, row.account_id]),
  );
  // Snapshot export tasks (`snap-export-…`) take tags too: the caller's own only.
  const taskIds = unique.filter((id) => EXPORT_TASK_ID.test(id));
  const tasks = new Set(
    taskIds.length === 0
      ? []
      : (store.db
          .prepare('SELECT task_id FROM snapshot_export_tasks WHERE account_id = ? AND task_id IN (SELECT value FROM json_each(?))')
          .pluck()
          .all(me, JSON.stringify(taskIds)) as string[]),
  );
  for (const id of ids) {
    const kind = resourceKind(id);
    if (EXPORT_TASK_ID.test(id)) {
      if (!tasks.has(id)) throw oscErrors.exportTaskNotFound(`The TaskId '${id}' doesn't exist.`);
    } else if (!kind) checkId(id, id.startsWith('vol') ? 'vol' : 'snap', 'ResourceIds');
    else if (kind === 'vol') {
      if (!volumes.has(id)) throw oscErrors.volumeNotFound(`The VolumeId '${id}' doesn't exist.`);
    } else {
      const owner = owners.get(id);
      if (owner === undefined) throw oscErrors.snapshotNotFound(`The SnapshotId '${id}' doesn't exist.`);
      if (owner !== me) throw oscErrors.notOwner(`The snapshot '${id}' belongs to another account: only its owner can tag it.`);
    }
  }
}

function checkTags(tags: ResourceTag[]): void {
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > TAG_KEY_MAX) throw oscErrors.invalidParameterValue(`A tag Key must be 1 to ${TAG_KEY_MAX} characters long.`);
    if (tag.Value.length > TAG_VALUE_MAX) throw oscErrors.invalidParameterValue(`The value of tag '${tag.Key}' is longer than ${TAG_VALUE_MAX} characters.`);
  }
}

export class TagsBackend {
  constructor(private readonly store: Store) {}

  /** Puts each tag on each resource (a tag with the same key is replaced). */
  create(ctx: RequestContext, resourceIds: string[], tags: ResourceTag[], dryRun = false): void {
    const db = this.store.db;
    this.store.transaction(() => {
      checkResources(this.store, ctx, resourceIds);
      checkTags(tags);
      const newKeys = [...new Set(tags.map((t) => t.Key))];
      const existingKeys = new Map<string, Set<string>>();
      for (const row of db
        .prepare('SELECT resource_id, key FROM tags WHERE resource_id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify([...new Set(resourceIds)])) as { resource_id: string; key: string }[]) {
        const keys = existingKeys.get(row.resource_id) ?? new Set<string>();
        keys.add(row.key);
        existingKeys.set(row.resource_id, keys);
      }
      for (const id of resourceIds) {
        const existing = existingKeys.get(id) ?? new Set<string>();
        const total = existing.size + newKeys.filter((k) => !existing.has(k)).length;
        if (total > MAX_TAGS_PER_RESOURCE) {
          throw oscErrors.tooManyTags(`'${id}' would have ${total} tags; the limit is ${MAX_TAGS_PER_RESOURCE} per resource.`);
        }
      }
      if (dryRun) return;
      // Every resource and tag is checked: only now write, all in this one transaction.
      const upsert = db.prepare(
        'INSERT INTO tags (resource_id, key, value) VALUES (?, ?, ?) ON CONFLICT (resource_id, key) DO UPDATE SET value = excluded.value',
      );
      for (const id of resourceIds) for (const tag of tags) upsert.run(id, tag.Key, tag.Value);
    });
  }

  /** Removes each tag from each resource: a tag with an empty Value removes its key whatever its value. */
  delete(ctx: RequestContext, resourceIds: string[], tags: ResourceTag[], dryRun = false): void {
    const db = this.store.db;
    this.store.transaction(() => {
      checkResources(this.store, ctx, resourceIds);
      checkTags(tags);
      if (dryRun) return;
      const byKey = db.prepare('DELETE FROM tags WHERE resource_id = ? AND key = ?');
      const byPair = db.prepare('DELETE FROM tags WHERE resource_id = ? AND key = ? AND value = ?');
      for (const id of resourceIds) {
        for (const tag of tags) {
          if (tag.Value === '') byKey.run(id, tag.Key);
          else byPair.run(id, tag.Key, tag.Value);
        }
      }
    });
  }
}
