/**
 * Demo data that makes the Overview page (issue 15) meaningful, added to the demo operator's eu-west-2 account
 * after everything else seed.ts writes, from a generator of its own (every ID drawn before stays as it was):
 * - two years of history on its live volumes (weekly, then monthly snapshots), so every age bucket has rows;
 * - volumes deleted since (their IDs are in no volume row), whose snapshots are orphaned;
 * - chains of copies tagged with their provenance (copied-from, copied-from-region, copied-at, as the console's
 *   copy writes them), copies of copies, and copies brought from the operator's us-east-2 account;
 * - a few snapshots in error;
 * - in the operator's us-east-2 account, last year's backups of one of its volumes (one failed) and a copy.
 * Nothing here is read by the console as such: the page computes everything from ReadSnapshots and ReadVolumes.
 * LIMITATIONS: the copies are stored as snapshots of their source's volume (origin 'volume'), not as made by
 * CreateSnapshot's copy path; those from us-east-2 have no volume.
 */
import type { Database } from 'better-sqlite3';
import { PROVENANCE_KEYS } from '../../src/api/copy-form';
import { seededRandom, type Random } from './ids';
import type { SnapshotSeed } from './seed-types';

const DAY = 86_400_000;

/** What seed.ts's addSnapshot takes. */
export type OverviewSnapshotSeed = SnapshotSeed;

export interface OverviewSeedContext {
  db: Database;
  /** The seed's clock, ms. */
  t: number;
  operator: { accountId: string; region: string };
  /** The operator's account in the other Region, whose snapshots some copies come from. */
  operatorAbroad: { accountId: string; region: string };
  id: (prefix: string, from: Random) => string;
  addSnapshot: (s: OverviewSnapshotSeed) => void;
}

const DELETED_VOLUMES = [
  { size: 100, name: 'legacy-db', count: 9, from: 700, every: 30 },
  { size: 50, name: 'old-web-1', count: 6, from: 520, every: 21 },
  { size: 200, name: 'migration-tmp', count: 4, from: 260, every: 7 },
  { size: 20, name: 'ci-cache-2024', count: 7, from: 640, every: 45 },
  { size: 500, name: 'analytics-archive', count: 3, from: 150, every: 14 },
] as const;

export function seedOverview(ctx: OverviewSeedContext): void {
  const { db, t, operator, operatorAbroad, addSnapshot } = ctx;
  const random = seededRandom(20261128);
  const id = (prefix: string) => ctx.id(prefix, random);
  const jitter = () => Math.floor(random() * 6 * 3_600_000);
  const op = operator.accountId;

  // Two years of history on the live volumes: monthly from 720 to 100 days ago.
  const live = db.prepare('SELECT volume_id AS volumeId, size FROM volumes WHERE account_id = ? ORDER BY created_at, volume_id').all(op) as {
    volumeId: string;
    size: number;
  }[];
  const history: OverviewSnapshotSeed[] = [];
  live.slice(0, 6).forEach((volume, v) => {
    for (let age = 720 - v * 40; age >= 100; age -= 30 + v * 11) {
      const s = { id: id('snap'), account: op, volume: volume.volumeId, size: volume.size, createdAt: t - age * DAY - jitter(),
        description: age > 365 ? 'Monthly archive (last year)' : 'Monthly archive', tags: [{ Key: 'backup', Value: 'monthly' }] };
      addSnapshot(s);
      history.push(s);
    }
  });

  // Deleted volumes: their snapshots stay, orphaned. One of them failed.
  const orphans: OverviewSnapshotSeed[] = [];
  for (const gone of DELETED_VOLUMES) {
    const volume = id('vol');
    for (let i = 0; i < gone.count; i++) {
      const s: OverviewSnapshotSeed = { id: id('snap'), account: op, volume, size: gone.size, createdAt: t - (gone.from - i * gone.every) * DAY - jitter(),
        description: `Backup of ${gone.name} (volume deleted since)`, tags: [{ Key: 'app', Value: gone.name }] };
      if (gone.name === 'migration-tmp' && i === gone.count - 1) Object.assign(s, { outcome: 'error', failProgress: 62, description: `Last backup of ${gone.name}, failed` });
      addSnapshot(s);
      orphans.push(s);
    }
  }

  // Copies, with the provenance tags the console's copy writes; a copy of a copy makes a chain.
  const copyOf = (source: { id: string; volume: string | null; size: number }, region: string, ageDays: number, extra: Partial<OverviewSnapshotSeed> = {}) => {
    const createdAt = t - Math.floor(ageDays * DAY) - (ageDays >= 1 ? jitter() : 0);
    // A copy brought from another Region has no volume here (it was imported), as OUTSCALE's cross-Region copies.
    const volume = region === operator.region ? source.volume : null;
    const copy: OverviewSnapshotSeed = { id: id('snap'), account: op, volume, size: source.size, createdAt,
      description: `Copy of ${source.id}${region === operator.region ? '' : ` from ${region}`}`,
      tags: [
        { Key: PROVENANCE_KEYS.source, Value: source.id },
        { Key: PROVENANCE_KEYS.region, Value: region },
        { Key: PROVENANCE_KEYS.at, Value: new Date(createdAt).toISOString() },
      ], ...extra };
    addSnapshot(copy);
    return copy;
  };
  const [a, b, c] = [history[2]!, history[9]!, orphans[1]!];
  // A migration copied three times, then the copy copied again (a chain of three).
  const first = copyOf(a, operator.region, 400);
  copyOf(a, operator.region, 380);
  copyOf(a, operator.region, 200);
  const second = copyOf(first, operator.region, 300);
  copyOf(second, operator.region, 40);
  copyOf(b, operator.region, 90);
  copyOf(b, operator.region, 12, { outcome: 'error', failProgress: 18 });
  copyOf(c, operator.region, 500);
  // Brought from the us-east-2 account (cross-Region). No copy in flight here: those would be the list's newest rows
  // and push the first copyable row down (e2e/keyboard.spec.ts counts key presses to it).
  const abroad = db.prepare('SELECT snapshot_id AS id, volume_id AS volume, volume_size AS size FROM snapshots WHERE account_id = ? ORDER BY created_at')
    .all(operatorAbroad.accountId) as { id: string; volume: string | null; size: number }[];
  for (const [i, source] of abroad.slice(0, 3).entries()) copyOf(source, operatorAbroad.region, 20 - i * 6);

  // The us-east-2 account's own pile, for its row in the Overview's "All connected Regions": last year's backups of
  // one of its volumes (the last one failed) and a copy of one of them made there. From a generator of its own, and
  // a year old or more: its list's newest rows stay as they were.
  const usRandom = seededRandom(20261129);
  const us = operatorAbroad.accountId;
  const usVolume = db.prepare('SELECT volume_id AS id, size FROM volumes WHERE account_id = ? ORDER BY created_at, volume_id').get(us) as { id: string; size: number };
  const usOld = [420, 390, 365].map((age, i) => {
    const s: OverviewSnapshotSeed = { id: ctx.id('snap', usRandom), account: us, volume: usVolume.id, size: usVolume.size, createdAt: t - age * DAY,
      description: 'Yearly archive (us-east-2)', tags: [{ Key: 'backup', Value: 'yearly' }],
      ...(i === 2 ? { outcome: 'error' as const, failProgress: 40, description: 'Yearly archive (us-east-2), failed' } : {}) };
    addSnapshot(s);
    return s;
  });
  const copiedAt = t - 380 * DAY;
  addSnapshot({ id: ctx.id('snap', usRandom), account: us, volume: usVolume.id, size: usVolume.size, createdAt: copiedAt, description: `Copy of ${usOld[0]!.id}`,
    tags: [
      { Key: PROVENANCE_KEYS.source, Value: usOld[0]!.id },
      { Key: PROVENANCE_KEYS.region, Value: operatorAbroad.region },
      { Key: PROVENANCE_KEYS.at, Value: new Date(copiedAt).toISOString() },
    ] });
}
