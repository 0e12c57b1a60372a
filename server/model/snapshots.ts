/**
 * CreateSnapshot (volume, copy and import modes), ReadSnapshots, UpdateSnapshot, DeleteSnapshot.
 *
 * LIMITATIONS:
 * - Copy and snapshot speed is a fixed GiB/s rate (× the demo speed factor), not real I/O.
 * - An import's FileLocation is not fetched: any http(s) URL is accepted; the snapshot has no VolumeId.
 * - ClientToken replays return the snapshot as it is now; a token whose snapshot was deleted can be reused.
 * - Throttling counts creations per volume and per source snapshot only (no per-account quota).
 * - Sharing does not check that the target account exists (OUTSCALE cannot tell either).
 */
import { createHash } from 'node:crypto';
import { oscErrors } from '../osc/errors';
import { DRY_RUN_OK, type ActionHandlers, type ActionInput, type RequestContext } from '../osc/context';
import { checkId, hex8, type Random } from './ids';
import { decodeToken, encodeToken, pageOf } from './paging';
import { querySnapshots, toSnapshots, visibleSnapshot, type SnapshotRow } from './snapshot-query';
import type { Store } from './store';

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

const owner = (ctx: RequestContext): string => {
  if (!ctx.accountId) throw oscErrors.authFailed('This call needs a signed request.');
  return ctx.accountId;
};

function requestHash(input: ActionInput<'CreateSnapshot'>): string {
  const { ClientToken: _token, DryRun: _dry, ...rest } = input;
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

interface Source {
  volumeId: string | null;
  size: number;
  description: string;
  subject: string;
  origin: 'volume' | 'copy' | 'import';
  sourceSnapshotId: string | null;
}

function resolveSource(store: Store, me: string, now: number, input: ActionInput<'CreateSnapshot'>): Source {
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
    return { volumeId: null, size: Math.ceil(input.SnapshotSize / 2 ** 30), description: input.Description ?? '', subject: `import:${input.FileLocation}`, origin: 'import', sourceSnapshotId: null };
  }
  if (input.SourceSnapshotId === undefined) throw oscErrors.missingParameter("The parameter 'SourceSnapshotId' is required with SourceRegionName.");
  if (input.SourceRegionName === undefined) throw oscErrors.missingParameter("The parameter 'SourceRegionName' is required to copy a snapshot.");
  const region = store.account(me)?.region ?? '';
  if (input.SourceRegionName !== region) {
    throw oscErrors.invalidParameterValue(
      `SourceRegionName '${input.SourceRegionName}' must be the Region of your account (${region}): a snapshot can only be copied within its Region. ` +
        'To move a snapshot to another Region, export it to a bucket (CreateSnapshotExportTask) and import it there (CreateSnapshot with FileLocation).',
    );
  }
  checkId(input.SourceSnapshotId, 'snap', 'SourceSnapshotId');
  const source = visibleSnapshot(store, me, now, input.SourceSnapshotId);
  if (!source) throw oscErrors.snapshotNotFound(`The SnapshotId '${input.SourceSnapshotId}' doesn't exist or is not shared with you.`);
  if (source.state !== 'completed') {
    throw oscErrors.invalidState(`The snapshot '${source.snapshot_id}' is ${source.state}: only a completed snapshot can be copied.`);
  }
  return { volumeId: source.volume_id, size: source.volume_size, description: input.Description ?? source.description, subject: `src:${source.snapshot_id}`, origin: 'copy', sourceSnapshotId: source.snapshot_id };
}

export function snapshotHandlers(store: Store, model: Model): Pick<ActionHandlers, 'CreateSnapshot' | 'ReadSnapshots' | 'UpdateSnapshot' | 'DeleteSnapshot'> {
  const db = store.db;
  const insert = db.prepare(`INSERT INTO snapshots (snapshot_id, account_id, volume_id, volume_size, description,
    created_at, queue_ms, run_ms, outcome, fail_progress, client_token, request_hash, source_snapshot_id, origin)
    VALUES (@snapshot_id, @account_id, @volume_id, @volume_size, @description, @created_at, @queue_ms, @run_ms,
    @outcome, @fail_progress, @client_token, @request_hash, @source_snapshot_id, @origin)`);

  const newId = () => {
    for (;;) {
      const id = `snap-${hex8(model.random)}`;
      if (!db.prepare('SELECT 1 FROM snapshots WHERE snapshot_id = ?').get(id)) return id;
    }
  };
  const one = (me: string, now: number, id: string) => toSnapshots(store, [visibleSnapshot(store, me, now, id)!])[0]!;

  return {
    CreateSnapshot: (input, ctx) =>
      store.transaction(() => {
        const me = owner(ctx);
        const now = ctx.now.getTime();
        const hash = requestHash(input);
        if (input.ClientToken !== undefined) {
          const earlier = db.prepare('SELECT snapshot_id, request_hash FROM snapshots WHERE account_id = ? AND client_token = ?')
            .get(me, input.ClientToken) as { snapshot_id: string; request_hash: string } | undefined;
          if (earlier && visibleSnapshot(store, me, now, earlier.snapshot_id)) {
            if (earlier.request_hash !== hash) {
              throw oscErrors.idempotentMismatch(`The ClientToken '${input.ClientToken}' was already used with other parameters.`);
            }
            return input.DryRun ? DRY_RUN_OK : { Snapshot: one(me, now, earlier.snapshot_id) };
          }
        }
        const source = resolveSource(store, me, now, input);
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
        if (input.DryRun) return DRY_RUN_OK;
        // Everything is checked: only now write. A token whose snapshot was deleted is free again.
        if (input.ClientToken !== undefined) {
          db.prepare('UPDATE snapshots SET client_token = NULL WHERE account_id = ? AND client_token = ?').run(me, input.ClientToken);
        }
        const fails = model.random() < model.failureRate;
        const rate = model.copyRateGiBPerSecond * model.speed;
        const id = newId();
        insert.run({
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
          client_token: input.ClientToken ?? null,
          request_hash: hash,
          source_snapshot_id: source.sourceSnapshotId,
          origin: source.origin,
        });
        db.prepare('INSERT INTO creation_events (subject, at) VALUES (?, ?)').run(source.subject, now);
        db.prepare('DELETE FROM creation_events WHERE at < ?').run(now - 24 * 3600 * 1000);
        return { Snapshot: one(me, now, id) };
      }),

    ReadSnapshots: (input, ctx) => {
      const me = owner(ctx);
      const now = ctx.now.getTime();
      const filters = input.Filters ?? {};
      const scope = { me, filters };
      if (input.NextPageToken !== undefined && input.ResultsPerPage === undefined) {
        throw oscErrors.missingParameter('ResultsPerPage is required with NextPageToken.');
      }
      const after = input.NextPageToken ? decodeToken(store.tokenKey, input.NextPageToken, scope) : undefined;
      const rows = querySnapshots(store, me, now, filters, after, input.ResultsPerPage);
      const page = pageOf(rows, input.ResultsPerPage, (r) => ({ createdAt: r.created_at, id: r.snapshot_id }), (c) => encodeToken(store.tokenKey, c, scope));
      if (input.DryRun) return DRY_RUN_OK;
      return { Snapshots: toSnapshots(store, page.items), ...(page.NextPageToken ? { NextPageToken: page.NextPageToken } : {}) };
    },

    UpdateSnapshot: (input, ctx) =>
      store.transaction(() => {
        const me = owner(ctx);
        const now = ctx.now.getTime();
        const row = ownSnapshot(store, me, now, input.SnapshotId);
        const { Additions, Removals } = input.PermissionsToCreateVolume;
        if (!Additions && !Removals) throw oscErrors.missingParameter('PermissionsToCreateVolume needs Additions or Removals.');
        if (Additions && Removals) throw oscErrors.conflictingParameters('Give either Additions or Removals, not both.');
        const change = (Additions ?? Removals)!;
        for (const accountId of change.AccountIds ?? []) {
          if (!/^\d{12}$/.test(accountId)) throw oscErrors.invalidParameterValue(`'${accountId}' is not an account ID (12 digits).`);
        }
        if (row.state === 'deleting') throw oscErrors.invalidState(`The snapshot '${row.snapshot_id}' is being deleted.`);
        if (input.DryRun) return DRY_RUN_OK;
        const statement = Additions
          ? db.prepare('INSERT OR IGNORE INTO snapshot_permissions (snapshot_id, account_id) VALUES (?, ?)')
          : db.prepare('DELETE FROM snapshot_permissions WHERE snapshot_id = ? AND account_id = ?');
        for (const accountId of change.AccountIds ?? []) statement.run(row.snapshot_id, accountId);
        if (change.GlobalPermission) {
          db.prepare('UPDATE snapshots SET global_permission = ? WHERE snapshot_id = ?').run(Additions ? 1 : 0, row.snapshot_id);
        }
        return { Snapshot: one(me, now, row.snapshot_id) };
      }),

    DeleteSnapshot: (input, ctx) =>
      store.transaction(() => {
        const me = owner(ctx);
        const now = ctx.now.getTime();
        const row = ownSnapshot(store, me, now, input.SnapshotId);
        if (row.state !== 'completed' && row.state !== 'error') {
          throw oscErrors.invalidState(`The snapshot '${row.snapshot_id}' is ${row.state}: only a completed or failed snapshot can be deleted.`);
        }
        if (input.DryRun) return DRY_RUN_OK;
        db.prepare('UPDATE snapshots SET deleting_at = ?, delete_ms = ? WHERE snapshot_id = ?')
          .run(now, Math.max(1, Math.round(2000 / model.speed)), row.snapshot_id);
        return {};
      }),
  };
}
