/**
 * The snapshot export tasks backend (CreateSnapshotExportTask, ReadSnapshotExportTasks): the caller's completed
 * snapshot written to one of its OOS buckets, as OUTSCALE does it. A task is `pending` while queued, `active` while
 * Progress rises with the clock (the copy rate, × the demo speed), then `completed`, or `failed` with a Comment (the
 * --failure-rate knob). State and Progress come from stored timestamps, never timers, so a restart (kill -9
 * included) resumes every task where it was. When a completed task's time has passed, its object is written
 * through OosStore.putObject (settle, run before every request by app.ts and before each read here), at
 * `{OsuPrefix}{SnapshotId}-{8 hex of the TaskId}.{format}.gz` (Outscale's csi-snapshot-exporter builds that key).
 *
 * LIMITATIONS:
 * - The object stands for the disk image (its size and source), it holds no disk: size = exportedObjectSize().
 * - A bucket that does not exist is created for the caller (or for OsuApiKey's account); one that exists must
 *   belong to that account: nothing grants another account write access (no bucket ACLs).
 * - There is no CancelExportTask; deleting the snapshot while it is exported does not stop the task.
 * - OsuManifestUrl is accepted and ignored (it belongs to OMI exports).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { DISK_IMAGE_FORMATS, type FiltersSnapshotExportTask, type SnapshotExportTask } from '../../src/api/export-schemas';
import type { ActionInput, RequestContext } from '../osc/context';
import { oscErrors } from '../osc/errors';
import { checkId, hex8 } from '../model/ids';
import { decodeToken, encodeToken, pageOf } from '../model/paging';
import { visibleSnapshot } from '../model/snapshot-query';
import type { Store } from '../model/store';
import type { OosStore } from '../oos/contract';
import { isValidBucketName } from '../oos/call';
import { signedCaller, type Page, type PageRequest } from './caller';
import { modelDefaults, type ModelOptions } from './snapshots';

const GiB = 2 ** 30;
/** A snapshot export task's ID. */
export const EXPORT_TASK_ID = /^snap-export-[0-9a-f]{8}$/;
/** ReadSnapshotExportTasks without ResultsPerPage answers 100 (OUTSCALE's documented default). */
export const DEFAULT_TASKS_PER_PAGE = 100;
/** An S3 key is at most 1,024 bytes of UTF-8. */
const KEY_MAX_BYTES = 1024;

/** What the backend needs besides the store: the OOS it writes to, and the keys OsuApiKey may name. */
export interface ExportDeps {
  oos?: OosStore;
  credentialsFor?: (accessKey: string) => { secretKey: string; accountId: string } | undefined;
}

/** The gzipped image's size in bytes: a fixed share of the disk (the sandbox has no data to compress). */
export function exportedObjectSize(volumeSizeGiB: number, format: string): number {
  return 65_536 + volumeSizeGiB * (format === 'raw' ? 160 : 128) * 2 ** 20;
}

/** The object's key, as OUTSCALE names it. */
export function exportKey(prefix: string, snapshotId: string, taskId: string, format: string): string {
  return `${prefix}${snapshotId}${taskId.slice('snap-export'.length)}.${format}.gz`;
}

interface TaskRow {
  task_id: string;
  account_id: string;
  snapshot_id: string;
  region: string;
  disk_image_format: string;
  osu_bucket: string;
  osu_prefix: string | null;
  volume_size: number;
  created_at: number;
  queue_ms: number;
  run_ms: number;
  outcome: 'completed' | 'failed';
  fail_progress: number;
  written: number;
}

const doneAt = (row: TaskRow) => row.created_at + row.queue_ms + row.run_ms;

/** Where the task stands at `now`. */
export function taskStateAt(row: TaskRow, now: number): { State: 'pending' | 'active' | 'completed' | 'failed'; Progress: number } {
  const final = row.outcome === 'completed' ? 100 : row.fail_progress;
  const started = row.created_at + row.queue_ms;
  if (now < started) return { State: 'pending', Progress: 0 };
  if (now < started + row.run_ms) return { State: 'active', Progress: Math.min(99, Math.floor((final * (now - started)) / row.run_ms)) };
  return { State: row.outcome, Progress: final };
}

function sameSecret(a: string, b: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(hash(a), hash(b));
}

export class ExportTasksBackend {
  private readonly model: ReturnType<typeof modelDefaults>;
  /** The earliest completion time of a task whose object is not written yet (Infinity: none). */
  private nextDue = Number.POSITIVE_INFINITY;

  constructor(
    private readonly store: Store,
    options: ModelOptions = {},
    private readonly deps: ExportDeps = {},
  ) {
    this.model = modelDefaults(options);
    const due = store.db.prepare('SELECT MIN(created_at + queue_ms + run_ms) FROM snapshot_export_tasks WHERE written = 0').pluck().get() as number | null;
    if (due !== null) this.nextDue = due;
  }

  /** Writes the object of every task completed by `now` (cheap when none is due: one comparison). */
  settle(now: number): void {
    if (now < this.nextDue) return;
    const { db } = this.store;
    this.store.transaction(() => {
      const rows = db.prepare('SELECT * FROM snapshot_export_tasks WHERE written = 0').all() as TaskRow[];
      let next = Number.POSITIVE_INFINITY;
      for (const row of rows) {
        const at = doneAt(row);
        if (at > now) {
          next = Math.min(next, at);
          continue;
        }
        if (row.outcome === 'completed' && this.deps.oos && !this.write(this.deps.oos, row, at)) {
          // The bucket went away (or OOS refused): the task fails at the last moment, as a real export would.
          db.prepare("UPDATE snapshot_export_tasks SET outcome = 'failed', fail_progress = 99 WHERE task_id = ?").run(row.task_id);
        }
        db.prepare('UPDATE snapshot_export_tasks SET written = 1 WHERE task_id = ?').run(row.task_id);
      }
      this.nextDue = next;
    });
  }

  /** The completed task's object in its bucket; false when OOS refuses it. */
  private write(oos: OosStore, row: TaskRow, at: number): boolean {
    try {
      oos.putObject(
        {
          region: row.region,
          bucket: row.osu_bucket,
          key: exportKey(row.osu_prefix ?? '', row.snapshot_id, row.task_id, row.disk_image_format),
          size: exportedObjectSize(row.volume_size, row.disk_image_format),
          uncompressedSize: row.volume_size * GiB,
          sourceSnapshotId: row.snapshot_id,
          sourceAccountId: row.account_id,
        },
        at,
      );
      return true;
    } catch {
      return false;
    }
  }

  /** The account whose bucket the export may write to: the caller, or the owner of the keys OsuApiKey gives. */
  private writer(me: string, key: ActionInput<'CreateSnapshotExportTask'>['OsuExport']['OsuApiKey']): string {
    if (!key) return me;
    if (!key.ApiKeyId) throw oscErrors.missingParameter("The parameter 'OsuExport.OsuApiKey.ApiKeyId' is required with OsuApiKey.");
    if (!key.SecretKey) throw oscErrors.missingParameter("The parameter 'OsuExport.OsuApiKey.SecretKey' is required with OsuApiKey.");
    const known = this.deps.credentialsFor?.(key.ApiKeyId);
    if (!known || !sameSecret(known.secretKey, key.SecretKey)) {
      throw oscErrors.osuExportRefused('OOS refused the keys given in OsuApiKey: no account has that access key and secret key.');
    }
    return known.accountId;
  }

  /** A new export task of the caller's completed snapshot; undefined for a DryRun that passed every check. */
  create(ctx: RequestContext, input: Omit<ActionInput<'CreateSnapshotExportTask'>, 'DryRun'>, dryRun = false): SnapshotExportTask | undefined {
    const { db } = this.store;
    return this.store.transaction(() => {
      const me = signedCaller(ctx);
      const now = ctx.now.getTime();
      const { SnapshotId: snapshotId, OsuExport: osu } = input;
      checkId(snapshotId, 'snap', 'SnapshotId');
      const snapshot = visibleSnapshot(this.store, me, now, snapshotId);
      if (!snapshot) throw oscErrors.snapshotNotFound(`The SnapshotId '${snapshotId}' doesn't exist.`);
      if (snapshot.account_id !== me) {
        throw oscErrors.notOwner(`The snapshot '${snapshotId}' belongs to another account: copy it into your account first (CreateSnapshot with SourceSnapshotId), then export the copy.`);
      }
      if (snapshot.state !== 'completed') {
        throw oscErrors.invalidState(`The snapshot '${snapshotId}' is ${snapshot.state}: only a completed snapshot can be exported.`);
      }
      if (!(DISK_IMAGE_FORMATS as readonly string[]).includes(osu.DiskImageFormat)) {
        throw oscErrors.invalidParameterValue(`DiskImageFormat '${osu.DiskImageFormat}' is not valid: use ${DISK_IMAGE_FORMATS.join(' or ')}.`);
      }
      const prefix = osu.OsuPrefix ?? '';
      if (Buffer.byteLength(exportKey(prefix, snapshotId, 'snap-export-00000000', osu.DiskImageFormat)) > KEY_MAX_BYTES) {
        throw oscErrors.invalidParameterValue(`OsuPrefix is too long: the object's key would exceed ${KEY_MAX_BYTES} bytes.`);
      }
      const writer = this.writer(me, osu.OsuApiKey);
      const region = this.store.account(me)?.region ?? '';
      const oos = this.deps.oos;
      if (!oos) throw oscErrors.osuExportRefused('This sandbox runs without its OOS: there is no bucket to export to.');
      const owner = oos.bucketOwner(region, osu.OsuBucket);
      if (owner === undefined && !isValidBucketName(osu.OsuBucket)) {
        throw oscErrors.invalidParameterValue(`OsuBucket '${osu.OsuBucket}' is not a valid bucket name (3 to 63 lowercase letters, digits, dots and hyphens).`);
      }
      if (owner !== undefined && owner !== writer) {
        throw oscErrors.osuExportRefused(`The bucket '${osu.OsuBucket}' belongs to another account: export to one of yours, or give its owner's keys in OsuApiKey.`);
      }
      if (dryRun) return undefined;
      // A bucket that does not exist yet is created for the writer, as OUTSCALE does (its QA exports to new names).
      if (owner === undefined) oos.ensureBucket(region, writer, osu.OsuBucket);
      const taskId = this.newId();
      const fails = this.model.random() < this.model.failureRate;
      const rate = this.model.copyRateGiBPerSecond * this.model.speed;
      const row: TaskRow = {
        task_id: taskId,
        account_id: me,
        snapshot_id: snapshotId,
        region,
        disk_image_format: osu.DiskImageFormat,
        osu_bucket: osu.OsuBucket,
        osu_prefix: osu.OsuPrefix ?? null,
        volume_size: snapshot.volume_size,
        created_at: now,
        queue_ms: Math.round((this.model.queueSeconds * 1000) / this.model.speed),
        run_ms: Math.max(1, Math.round((Math.max(snapshot.volume_size, 1) / rate) * 1000)),
        outcome: fails ? 'failed' : 'completed',
        fail_progress: fails ? 10 + Math.floor(this.model.random() * 80) : 0,
        written: 0,
      };
      db.prepare(`INSERT INTO snapshot_export_tasks VALUES (@task_id, @account_id, @snapshot_id, @region, @disk_image_format,
        @osu_bucket, @osu_prefix, @volume_size, @created_at, @queue_ms, @run_ms, @outcome, @fail_progress, @written)`).run(row);
      this.nextDue = Math.min(this.nextDue, doneAt(row));
      return this.toTasks([row], now)[0];
    });
  }

  /** One page of the caller's export tasks matching the filters, oldest first (100 a page by default). */
  read(ctx: RequestContext, filters: FiltersSnapshotExportTask, page: PageRequest = {}): Page<SnapshotExportTask> {
    const me = signedCaller(ctx);
    const now = ctx.now.getTime();
    this.settle(now);
    const limit = page.limit ?? DEFAULT_TASKS_PER_PAGE;
    const scope = { me, filters, list: 'snapshot-export-tasks' };
    const after = page.token ? decodeToken(this.store.tokenKey, page.token, scope) : undefined;
    const where = ['account_id = :me'];
    const params: Record<string, unknown> = { me, limit: limit + 1 };
    if (filters.TaskIds) {
      where.push('task_id IN (SELECT value FROM json_each(:taskIds))');
      params.taskIds = JSON.stringify(filters.TaskIds);
    }
    if (filters.SnapshotIds) {
      where.push('snapshot_id IN (SELECT value FROM json_each(:snapshotIds))');
      params.snapshotIds = JSON.stringify(filters.SnapshotIds);
    }
    if (after) {
      where.push('(created_at > :afterAt OR (created_at = :afterAt AND task_id > :afterId))');
      Object.assign(params, { afterAt: after.createdAt, afterId: after.id });
    }
    const rows = this.store.db
      .prepare(`SELECT * FROM snapshot_export_tasks WHERE ${where.join(' AND ')} ORDER BY created_at, task_id LIMIT :limit`)
      .all(params) as TaskRow[];
    const found = pageOf(rows, limit, (r) => ({ createdAt: r.created_at, id: r.task_id }), (c) => encodeToken(this.store.tokenKey, c, scope));
    return { items: this.toTasks(found.items, now), ...(found.NextPageToken ? { nextPageToken: found.NextPageToken } : {}) };
  }

  private newId(): string {
    for (;;) {
      const id = `snap-export-${hex8(this.model.random)}`;
      if (!this.store.db.prepare('SELECT 1 FROM snapshot_export_tasks WHERE task_id = ?').get(id)) return id;
    }
  }

  private toTasks(rows: TaskRow[], now: number): SnapshotExportTask[] {
    if (rows.length === 0) return [];
    const tags = new Map<string, { Key: string; Value: string }[]>();
    for (const t of this.store
      .statement('SELECT resource_id, key, value FROM tags WHERE resource_id IN (SELECT value FROM json_each(?)) ORDER BY key')
      .all(JSON.stringify(rows.map((r) => r.task_id))) as { resource_id: string; key: string; value: string }[]) {
      tags.set(t.resource_id, [...(tags.get(t.resource_id) ?? []), { Key: t.key, Value: t.value }]);
    }
    return rows.map((row) => {
      const { State, Progress } = taskStateAt(row, now);
      return {
        Comment:
          State === 'failed'
            ? `Export of snapshot ${row.snapshot_id} failed at ${Progress} %: the image could not be written to the bucket '${row.osu_bucket}'.`
            : `Export of snapshot ${row.snapshot_id}`,
        OsuExport: { DiskImageFormat: row.disk_image_format, OsuBucket: row.osu_bucket, ...(row.osu_prefix !== null ? { OsuPrefix: row.osu_prefix } : {}) },
        Progress,
        SnapshotId: row.snapshot_id,
        State,
        Tags: tags.get(row.task_id) ?? [],
        TaskId: row.task_id,
      };
    });
  }
}
