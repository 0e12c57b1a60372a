/**
 * The snapshots backend: their state (SQLite rows, model/store.ts), their SQL and their rules. CreateSnapshot's
 * three modes (from a volume, a copy of a snapshot, an import), reading (visibility, filters, paging), sharing,
 * deleting, ClientToken idempotency and per-volume throttling. State and Progress come from timestamps
 * (model/lifecycle.ts). Both faces call it: the OUTSCALE face through oapi/responses.ts, FCU through
 * fcu/responses.ts. A DryRun runs every check and writes nothing.
 *
 * LIMITATIONS:
 * - Copy and snapshot speed is a fixed GiB/s rate (× the demo speed factor), not real I/O.
 * - An import's FileLocation is checked against the sandbox's own OOS (OosStore.checkPresignedGet: signature,
 *   expiry, the object exists, SnapshotSize at least its uncompressed size), never fetched; the snapshot has no
 *   VolumeId. URLs of any other storage are refused (4075).
 * - ClientToken replays return the snapshot as it is now; a token whose snapshot was deleted can be reused.
 * - Throttling counts creations per volume and per source snapshot only (no per-account quota).
 * - Sharing refuses (5075) an account the sandbox knows in another Region, and accepts any other 12-digit ID: the
 *   sandbox cannot tell whether an unseeded account exists in this Region.
 * - OMIs exist only as rows that make DeleteSnapshot refuse their snapshot (9002); there are no image calls.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { FiltersSnapshot } from '../../src/api/requests';
import { ACCOUNT_ID_PATTERN } from '../../src/api/ids';
import { CROSS_REGION_HINT, regionRuleViolation } from '../../src/api/regions';
import type { Snapshot } from '../../src/api/schemas';
import { oscErrors } from '../osc/errors';
import type { ActionInput, RequestContext } from '../osc/context';
import type { StreamedAnswer } from '../osc/streamed';
import { checkId, hex8, type Random } from '../model/ids';
import { canMove, type LifecycleState } from '../model/lifecycle';
import { decodeToken, encodeToken, pageOf } from '../model/paging';
import { querySnapshots, toSnapshots, visibleSnapshot, type SnapshotRow } from '../model/snapshot-query';
import { streamSnapshots } from '../model/snapshot-stream';
import type { Store } from '../model/store';
import type { OosObjectInfo, OosStore } from '../oos/contract';
import { checkPageRequest, signedCaller, type Page, type PageRequest } from './caller';

export interface ModelOptions {
  /** GiB per second of sandbox time, before the speed factor. */
  copyRateGiBPerSecond?: number;
  /** Demo time factor: 10 makes copies ten times faster. */
  speed?: number;
  /** Seconds in `in-queue` before `pending`, before the speed factor. */
  queueSeconds?: number;
  /** Fault knob, off by default: probability that a new snapshot ends in `error`. */
  failureRate?: number;
  throttle?: { max: number; windowSeconds: number };
  random?: Random;
}

type Model = Required<Omit<ModelOptions, 'throttle'>> & { throttle: { max: number; windowSeconds: number } };

export function modelDefaults(options: ModelOptions): Model {
  return {
    copyRateGiBPerSecond: options.copyRateGiBPerSecond ?? 0.5,
    speed: options.speed ?? 1,
    queueSeconds: options.queueSeconds ?? 3,
    failureRate: options.failureRate ?? 0,
    throttle: options.throttle ?? { max: 5, windowSeconds: 60 },
    random: options.random ?? Math.random,
  };
}

function requestHash(input: SnapshotRequest): string {
  const { ClientToken: _token, ...rest } = input;
  const ordered = Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}

function ownSnapshot(store: Store, me: string, now: number, id: string, parameter = 'SnapshotId'): SnapshotRow {
  checkId(id, 'snap', parameter);
  const row = visibleSnapshot(store, me, now, id);
  if (!row) throw oscErrors.snapshotNotFound(`The SnapshotId '${id}' doesn't exist.`);
  if (row.account_id !== me) throw oscErrors.notOwner(`The snapshot '${id}' belongs to another account: only its owner can change it.`);
  return row;
}

/** What an import needs: the sandbox's OOS, and a way to write the objects of exports completed by now. */
export interface ImportDeps {
  oos?: OosStore;
  settle?: (now: number) => void;
}

/** The object a pre-signed FileLocation names, if OOS would serve it and SnapshotSize can hold it. */
function checkImport(deps: ImportDeps, url: string, snapshotSize: number, now: number): OosObjectInfo {
  if (!deps.oos) throw oscErrors.malformedUrl('This sandbox runs without its OOS: it has no object to import.');
  deps.settle?.(now);
  const checked = deps.oos.checkPresignedGet(url, now);
  if (!checked.ok) {
    const why = `FileLocation was refused: ${checked.message}`;
    if (checked.reason === 'malformed') throw oscErrors.malformedUrl(why);
    if (checked.reason === 'no-such-bucket' || checked.reason === 'no-such-key') throw oscErrors.objectNotFound(why);
    throw oscErrors.invalidPresignedUrl(why);
  }
  if (snapshotSize < checked.object.uncompressedSize) {
    throw oscErrors.invalidSnapshotSize(
      `SnapshotSize ${snapshotSize} is smaller than the uncompressed size of the exported snapshot (${checked.object.uncompressedSize} bytes).`,
    );
  }
  return checked.object;
}

interface Source {
  volumeId: string | null;
  size: number;
  description: string;
  subject: string;
  origin: 'volume' | 'copy' | 'import';
  sourceSnapshotId: string | null;
}

function resolveSource(store: Store, me: string, now: number, input: SnapshotRequest, deps: ImportDeps): Source {
  const modes = [
    input.VolumeId !== undefined && 'VolumeId',
    (input.SourceSnapshotId !== undefined || input.SourceRegionName !== undefined) && 'SourceSnapshotId',
    (input.FileLocation !== undefined || input.SnapshotSize !== undefined) && 'FileLocation',
  ].filter(Boolean);
  if (modes.length === 0) {
    throw oscErrors.missingParameter('Give VolumeId, or SourceSnapshotId with SourceRegionName, or FileLocation with SnapshotSize.');
  }
  if (modes.length > 1) {
    throw oscErrors.conflictingParameters(`${modes.join(' and ')} cannot be used together: a snapshot comes from one source.`);
  }
  if (input.VolumeId !== undefined) {
    checkId(input.VolumeId, 'vol', 'VolumeId');
    const volume = store.db
      .prepare('SELECT volume_id, size, state FROM volumes WHERE volume_id = ? AND account_id = ?')
      .get(input.VolumeId, me) as { volume_id: string; size: number; state: string } | undefined;
    if (!volume) throw oscErrors.volumeNotFound(`The VolumeId '${input.VolumeId}' doesn't exist.`);
    if (!['available', 'in-use'].includes(volume.state)) {
      throw oscErrors.invalidState(`The volume '${volume.volume_id}' is ${volume.state}: snapshots need an available or in-use volume.`);
    }
    return { volumeId: volume.volume_id, size: volume.size, description: input.Description ?? '', subject: `vol:${volume.volume_id}`, origin: 'volume', sourceSnapshotId: null };
  }
  if (input.FileLocation !== undefined || input.SnapshotSize !== undefined) {
    if (input.FileLocation === undefined) throw oscErrors.missingParameter("The parameter 'FileLocation' is required with SnapshotSize.");
    if (input.SnapshotSize === undefined) throw oscErrors.missingParameter("The parameter 'SnapshotSize' is required with FileLocation.");
    if (!/^https?:\/\/\S+$/.test(input.FileLocation)) {
      throw oscErrors.invalidParameterValue('FileLocation must be the http(s) URL of the snapshot file in a bucket.');
    }
    const object = checkImport(deps, input.FileLocation, input.SnapshotSize, now);
    // The throttle's subject names the object, never the URL (its signature stays out of storage).
    return { volumeId: null, size: Math.ceil(input.SnapshotSize / 2 ** 30), description: input.Description ?? '', subject: `import:${object.region}/${object.bucket}/${object.key}`, origin: 'import', sourceSnapshotId: null };
  }
  if (input.SourceSnapshotId === undefined) throw oscErrors.missingParameter("The parameter 'SourceSnapshotId' is required with SourceRegionName.");
  if (input.SourceRegionName === undefined) throw oscErrors.missingParameter("The parameter 'SourceRegionName' is required to copy a snapshot.");
  const region = store.account(me)?.region ?? '';
  const violation = regionRuleViolation(input.SourceRegionName, region);
  if (violation !== undefined) {
    throw oscErrors.invalidParameterValue(`SourceRegionName '${input.SourceRegionName}' must be the Region of your account (${region}): ${violation} ${CROSS_REGION_HINT}`);
  }
  checkId(input.SourceSnapshotId, 'snap', 'SourceSnapshotId');
  const source = visibleSnapshot(store, me, now, input.SourceSnapshotId);
  if (!source) throw oscErrors.snapshotNotFound(`The SnapshotId '${input.SourceSnapshotId}' doesn't exist or is not shared with you.`);
  if (source.state !== 'completed') {
    throw oscErrors.invalidState(`The snapshot '${source.snapshot_id}' is ${source.state}: only a completed snapshot can be copied.`);
  }
  return { volumeId: source.volume_id, size: source.volume_size, description: input.Description ?? source.description, subject: `src:${source.snapshot_id}`, origin: 'copy', sourceSnapshotId: source.snapshot_id };
}

/** What CreateSnapshot takes, DryRun apart. */
export type SnapshotRequest = Omit<ActionInput<'CreateSnapshot'>, 'DryRun'>;
/** UpdateSnapshot's PermissionsToCreateVolume: accounts (or everyone) added or removed. */
export type PermissionsChange = ActionInput<'UpdateSnapshot'>['PermissionsToCreateVolume'];

export class SnapshotsBackend {
  private readonly model: Model;
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;

  constructor(
    private readonly store: Store,
    options: ModelOptions = {},
    private readonly deps: ImportDeps = {},
  ) {
    this.model = modelDefaults(options);
    this.db = store.db;
    this.insert = this.db.prepare(`INSERT INTO snapshots (snapshot_id, account_id, volume_id, volume_size, description,
    created_at, queue_ms, run_ms, outcome, fail_progress, client_token, request_hash, source_snapshot_id, origin)
    VALUES (@snapshot_id, @account_id, @volume_id, @volume_size, @description, @created_at, @queue_ms, @run_ms,
    @outcome, @fail_progress, @client_token, @request_hash, @source_snapshot_id, @origin)`);
  }

  private newId(): string {
    for (;;) {
      const id = `snap-${hex8(this.model.random)}`;
      if (!this.db.prepare('SELECT 1 FROM snapshots WHERE snapshot_id = ?').get(id)) return id;
    }
  }

  private one(me: string, now: number, id: string): Snapshot {
    return toSnapshots(this.store, [visibleSnapshot(this.store, me, now, id)!])[0]!;
  }

  /** A new snapshot (or the one its ClientToken already made); undefined for a DryRun that passed every check. */
  create(ctx: RequestContext, request: SnapshotRequest, dryRun = false): Snapshot | undefined {
    const { db, model } = this;
    return this.store.transaction(() => {
      const me = signedCaller(ctx);
      const now = ctx.now.getTime();
      const hash = requestHash(request);
      if (request.ClientToken !== undefined) {
        const earlier = db.prepare('SELECT snapshot_id, request_hash FROM snapshots WHERE account_id = ? AND client_token = ?')
          .get(me, request.ClientToken) as { snapshot_id: string; request_hash: string } | undefined;
        if (earlier && visibleSnapshot(this.store, me, now, earlier.snapshot_id)) {
          if (earlier.request_hash !== hash) {
            throw oscErrors.idempotentMismatch(`The ClientToken '${request.ClientToken}' was already used with other parameters.`);
          }
          return dryRun ? undefined : this.one(me, now, earlier.snapshot_id);
        }
      }
      const source = resolveSource(this.store, me, now, request, this.deps);
      const windowStart = now - model.throttle.windowSeconds * 1000;
      const recent = db.prepare('SELECT COUNT(*) AS n, MIN(at) AS first FROM creation_events WHERE subject = ? AND at > ?')
        .get(source.subject, windowStart) as { n: number; first: number | null };
      if (recent.n >= model.throttle.max) {
        const wait = Math.max(1, Math.ceil(((recent.first ?? now) + model.throttle.windowSeconds * 1000 - now) / 1000));
        throw oscErrors.throttledCall(
          `Too many snapshots were requested from this ${source.origin === 'volume' ? 'volume' : 'source'} in a short time: retry in ${wait} s.`,
          wait,
        );
      }
      if (dryRun) return undefined;
      // Everything is checked: only now write. A token whose snapshot was deleted is free again.
      if (request.ClientToken !== undefined) {
        db.prepare('UPDATE snapshots SET client_token = NULL WHERE account_id = ? AND client_token = ?').run(me, request.ClientToken);
      }
      const fails = model.random() < model.failureRate;
      const rate = model.copyRateGiBPerSecond * model.speed;
      const id = this.newId();
      this.insert.run({
        snapshot_id: id,
        account_id: me,
        volume_id: source.volumeId,
        volume_size: source.size,
        description: source.description,
        created_at: now,
        queue_ms: Math.round((model.queueSeconds * 1000) / model.speed),
        run_ms: Math.max(1, Math.round((Math.max(source.size, 1) / rate) * 1000)),
        outcome: fails ? 'error' : 'completed',
        fail_progress: fails ? 10 + Math.floor(model.random() * 80) : 0,
        client_token: request.ClientToken ?? null,
        request_hash: hash,
        source_snapshot_id: source.sourceSnapshotId,
        origin: source.origin,
      });
      db.prepare('INSERT INTO creation_events (subject, at) VALUES (?, ?)').run(source.subject, now);
      db.prepare('DELETE FROM creation_events WHERE at < ?').run(now - 24 * 3600 * 1000);
      return this.one(me, now, id);
    });
  }

  /** One page of the snapshots the caller can see (own, shared with it, public) that match the filters. */
  read(ctx: RequestContext, filters: FiltersSnapshot, page: PageRequest = {}): Page<Snapshot> {
    const me = signedCaller(ctx);
    checkPageRequest(page);
    const scope = { me, filters };
    const after = page.token ? decodeToken(this.store.tokenKey, page.token, scope) : undefined;
    const rows = querySnapshots(this.store, me, ctx.now.getTime(), filters, after, page.limit);
    const found = pageOf(rows, page.limit, (r) => ({ createdAt: r.created_at, id: r.snapshot_id }), (c) => encodeToken(this.store.tokenKey, c, scope));
    return { items: toSnapshots(this.store, found.items), ...(found.NextPageToken ? { nextPageToken: found.NextPageToken } : {}) };
  }

  /**
   * ReadSnapshots answered as JSON text built by SQLite, written in batches when it is long
   * (model/snapshot-stream.ts): the OUTSCALE face's fast path. Undefined when `read` must answer (DryRun, no
   * signed caller, a token without a page size).
   */
  readJson(ctx: RequestContext, input: ActionInput<'ReadSnapshots'>): StreamedAnswer | undefined {
    return streamSnapshots(this.store, input, ctx);
  }

  /** Adds or removes the accounts (or everyone) that may create volumes from the caller's snapshot. */
  share(ctx: RequestContext, snapshotId: string, change: PermissionsChange, dryRun = false): Snapshot | undefined {
    const db = this.db;
    return this.store.transaction(() => {
      const me = signedCaller(ctx);
      const now = ctx.now.getTime();
      const row = ownSnapshot(this.store, me, now, snapshotId);
      const { Additions, Removals } = change;
      if (!Additions && !Removals) throw oscErrors.missingParameter('PermissionsToCreateVolume needs Additions or Removals.');
      if (Additions && Removals) throw oscErrors.conflictingParameters('Give either Additions or Removals, not both.');
      const accounts = (Additions ?? Removals)!;
      for (const accountId of accounts.AccountIds ?? []) {
        if (!ACCOUNT_ID_PATTERN.test(accountId)) throw oscErrors.invalidParameterValue(`'${accountId}' is not an account ID (12 digits).`);
      }
      if (Additions) {
        // Sharing stays within a Region. An account the sandbox knows in another Region is refused; an ID it does
        // not know may be an account of this Region that is not seeded, and is accepted (see LIMITATIONS).
        const region = this.store.account(me)?.region;
        for (const accountId of Additions.AccountIds ?? []) {
          const elsewhere = this.store.account(accountId)?.region;
          if (elsewhere !== undefined && elsewhere !== region) {
            throw oscErrors.accountNotInRegion(`The account '${accountId}' is not in the Region ${region ?? ''}: a snapshot can be shared only within its Region.`);
          }
        }
      }
      if (row.state === 'deleting') throw oscErrors.invalidState(`The snapshot '${row.snapshot_id}' is being deleted.`);
      if (dryRun) return undefined;
      const statement = Additions
        ? db.prepare('INSERT OR IGNORE INTO snapshot_permissions (snapshot_id, account_id) VALUES (?, ?)')
        : db.prepare('DELETE FROM snapshot_permissions WHERE snapshot_id = ? AND account_id = ?');
      for (const accountId of accounts.AccountIds ?? []) statement.run(row.snapshot_id, accountId);
      if (accounts.GlobalPermission) {
        db.prepare('UPDATE snapshots SET global_permission = ? WHERE snapshot_id = ?').run(Additions ? 1 : 0, row.snapshot_id);
      }
      return this.one(me, now, row.snapshot_id);
    });
  }

  /** Starts deleting the caller's completed or failed snapshot no OMI uses (`deleting` for a moment, then gone). */
  delete(ctx: RequestContext, snapshotId: string, dryRun = false): void {
    this.store.transaction(() => {
      const me = signedCaller(ctx);
      const now = ctx.now.getTime();
      const row = ownSnapshot(this.store, me, now, snapshotId);
      if (!canMove(row.state as LifecycleState, 'deleting')) {
        throw oscErrors.invalidState(`The snapshot '${row.snapshot_id}' is ${row.state}: only a completed or failed snapshot can be deleted.`);
      }
      const image = this.store.statement('SELECT image_id FROM images WHERE snapshot_id = ? ORDER BY image_id LIMIT 1')
        .pluck().get(row.snapshot_id) as string | undefined;
      if (image !== undefined) {
        throw oscErrors.snapshotInUse(`The snapshot '${row.snapshot_id}' is currently in use by the OMI '${image}': delete that OMI first (DeleteImage).`);
      }
      if (dryRun) return;
      this.db.prepare('UPDATE snapshots SET deleting_at = ?, delete_ms = ? WHERE snapshot_id = ?')
        .run(now, Math.max(1, Math.round(2000 / this.model.speed)), row.snapshot_id);
    });
  }
}
