/**
 * CreateTags and DeleteTags on the caller's snapshots and volumes: same key replaces, all or nothing.
 *
 * LIMITATIONS:
 * - The per-resource cap is 50 tags (OUTSCALE's is an account quota, reported as 10 to 20).
 * - Only `snap-` and `vol-` resources exist in the sandbox; other IDs are malformed (4104/4105).
 */
import { oscErrors } from '../osc/errors';
import { DRY_RUN_OK, type ActionHandlers, type RequestContext } from '../osc/context';
import { checkId, resourceKind } from './ids';
import { visibleSnapshot } from './snapshot-query';
import type { Store } from './store';

export const MAX_TAGS_PER_RESOURCE = 50;

function checkResources(store: Store, ctx: RequestContext, ids: string[]): void {
  const me = ctx.accountId ?? '';
  for (const id of ids) {
    const kind = resourceKind(id);
    if (!kind) {
      checkId(id, id.startsWith('vol') ? 'vol' : 'snap', 'ResourceIds');
      continue;
    }
    if (kind === 'vol') {
      if (!store.db.prepare('SELECT 1 FROM volumes WHERE volume_id = ? AND account_id = ?').get(id, me)) {
        throw oscErrors.volumeNotFound(`The VolumeId '${id}' doesn't exist.`);
      }
      continue;
    }
    const row = visibleSnapshot(store, me, ctx.now.getTime(), id);
    if (!row) throw oscErrors.snapshotNotFound(`The SnapshotId '${id}' doesn't exist.`);
    if (row.account_id !== me) throw oscErrors.notOwner(`The snapshot '${id}' belongs to another account: only its owner can tag it.`);
  }
}

function checkTags(tags: { Key: string; Value: string }[]): void {
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 255) throw oscErrors.invalidParameterValue('A tag Key must be 1 to 255 characters long.');
    if (tag.Value.length > 255) throw oscErrors.invalidParameterValue(`The value of tag '${tag.Key}' is longer than 255 characters.`);
  }
}

export function tagHandlers(store: Store): Pick<ActionHandlers, 'CreateTags' | 'DeleteTags'> {
  const db = store.db;
  return {
    CreateTags: (input, ctx) =>
      store.transaction(() => {
        checkResources(store, ctx, input.ResourceIds);
        checkTags(input.Tags);
        const newKeys = [...new Set(input.Tags.map((t) => t.Key))];
        const keysOf = db.prepare('SELECT key FROM tags WHERE resource_id = ?').pluck();
        for (const id of input.ResourceIds) {
          const existing = new Set(keysOf.all(id) as string[]);
          const total = existing.size + newKeys.filter((k) => !existing.has(k)).length;
          if (total > MAX_TAGS_PER_RESOURCE) {
            throw oscErrors.tooManyTags(`'${id}' would have ${total} tags; the limit is ${MAX_TAGS_PER_RESOURCE} per resource.`);
          }
        }
        if (input.DryRun) return DRY_RUN_OK;
        // Every resource and tag is checked: only now write, all in this one transaction.
        const upsert = db.prepare(
          'INSERT INTO tags (resource_id, key, value) VALUES (?, ?, ?) ON CONFLICT (resource_id, key) DO UPDATE SET value = excluded.value',
        );
        for (const id of input.ResourceIds) for (const tag of input.Tags) upsert.run(id, tag.Key, tag.Value);
        return {};
      }),

    DeleteTags: (input, ctx) =>
      store.transaction(() => {
        checkResources(store, ctx, input.ResourceIds);
        checkTags(input.Tags);
        if (input.DryRun) return DRY_RUN_OK;
        const byKey = db.prepare('DELETE FROM tags WHERE resource_id = ? AND key = ?');
        const byPair = db.prepare('DELETE FROM tags WHERE resource_id = ? AND key = ? AND value = ?');
        for (const id of input.ResourceIds) {
          for (const tag of input.Tags) {
            if (tag.Value === '') byKey.run(id, tag.Key);
            else byPair.run(id, tag.Key, tag.Value);
          }
        }
        return {};
      }),
  };
}
