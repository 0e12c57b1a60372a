/**
 * Demo data written on first start: an operator account in eu-west-2 with volumes (one without any snapshot) and
 * about 40 snapshots in every state (one of them used by an OMI, so that it cannot be deleted), a partner account
 * that shares two snapshots with it (one by account ID, one public) and keeps one private, and an empty account
 * in another Region (us-east-2), with which nothing can be shared; and the operator's own account in us-east-2
 * (DEMO_OPERATOR_US: an organisation has one account per Region), with a few volumes and snapshots. With `publicSnapshots`, a publisher account (as OUTSCALE's own image publisher on a real
 * Region) makes that many public snapshots of OS images, Name-tagged, visible to every account. The generator is
 * seeded, so every first start shows the same data.
 */
import { hex8, seededRandom, type Random } from './ids';
import type { Store } from './store';
import type { SnapshotSeed } from './seed-types';
import { seedOverview } from './seed-overview';

// The secret keys below are published (this file is public) and are stored with the seed, but a server
// started by `npm start` never accepts them: app.ts derives each demo account's secret key from a server
// secret (the access token, or `<data>/demo-key`, see demo-key.ts), and GET /sandbox/accounts lists the
// derived keys. Only createApp in-process without that secret (unit tests) signs with these constants.

export const DEMO_OPERATOR = {
  accountId: '339215505907',
  alias: 'demo-operator',
  accessKey: 'DEMOOPERATORAK000001',
  secretKey: 'DEMOOPERATORSECRETKEY0000000000000000001',
  region: 'eu-west-2',
} as const;

export const DEMO_PARTNER = {
  accountId: '726094853215',
  alias: 'demo-partner',
  accessKey: 'DEMOPARTNERAK0000002',
  secretKey: 'DEMOPARTNERSECRETKEY00000000000000000002',
  region: 'eu-west-2',
} as const;

/** The publisher of public OS images: its snapshots are the public crowd every account sees. */
export const DEMO_PUBLISHER = {
  accountId: '592745718453',
  alias: 'outscale-publisher',
  accessKey: 'DEMOPUBLISHERAK00003',
  secretKey: 'DEMOPUBLISHERSECRETKEY000000000000000003',
  region: 'eu-west-2',
} as const;

/**
 * An account of another Region (us-east-2): it owns nothing, and exists so that sharing with it can be refused as
 * OUTSCALE refuses sharing across Regions (UpdateSnapshot, code 5075).
 */
export const DEMO_ABROAD = {
  accountId: '481516234200',
  alias: 'demo-abroad',
  accessKey: 'DEMOABROADAK00000004',
  secretKey: 'DEMOABROADSECRETKEY000000000000000000004',
  region: 'us-east-2',
} as const;

/**
 * The demo operator's second account, in us-east-2: an OUTSCALE account lives in one Region, so an organisation
 * working in two Regions has an account (and keys) in each. Same organisation (company) as DEMO_OPERATOR; a few
 * volumes and snapshots of its own, which only calls at the us-east-2 endpoint (or with its own keys) see.
 */
export const DEMO_OPERATOR_US = {
  accountId: '604183927715',
  alias: 'demo-operator-us',
  accessKey: 'DEMOOPUSAK0000000005',
  secretKey: 'DEMOOPERATORUSSECRETKEY00000000000000005',
  region: 'us-east-2',
} as const;

/** The OMI made from one of the operator's snapshots: DeleteSnapshot refuses that snapshot (code 9002). */
export const DEMO_IMAGE = { imageId: 'ami-5e1f0c2a', name: 'web-golden-2026.10' } as const;

/** The Name tag of the snapshot DEMO_IMAGE uses (and of the operator's volume that has no snapshot yet). */
export const DEMO_IMAGE_SNAPSHOT_NAME = `web-golden-root (used by OMI ${DEMO_IMAGE.imageId})`;
export const DEMO_SPARE_VOLUME_NAME = 'scratch-disk (no snapshot yet)';

const OS_IMAGES = [
  { name: 'Ubuntu-22.04', size: 10 }, { name: 'Ubuntu-24.04', size: 10 }, { name: 'Debian-12', size: 10 },
  { name: 'Debian-11', size: 10 }, { name: 'RockyLinux-9', size: 10 }, { name: 'RockyLinux-8', size: 10 },
  { name: 'AlmaLinux-9', size: 10 }, { name: 'CentOS-Stream-9', size: 10 }, { name: 'FreeBSD-14', size: 20 },
  { name: 'Windows-Server-2022', size: 50 }, { name: 'Windows-Server-2019', size: 50 }, { name: 'ArchLinux', size: 10 },
] as const;

const DAY = 86_400_000;
const DESCRIPTIONS = [
  'Nightly backup of the web tier',
  'Database before schema migration',
  'Golden image data disk',
  'Pre-upgrade checkpoint',
  'Weekly archive',
  'Log volume rotation',
  'CI cache volume',
  '',
];
const TAG_SETS: { Key: string; Value: string }[][] = [
  [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'storage' }],
  [{ Key: 'backup', Value: 'daily' }],
  [{ Key: 'env', Value: 'staging' }],
  [{ Key: 'Name', Value: 'db-primary' }, { Key: 'env', Value: 'prod' }, { Key: 'backup', Value: 'weekly' }],
  [],
  [],
];


export interface SeedOptions {
  random?: Random;
  /** More completed operator snapshots, for benchmarks (e.g. 50,000). */
  extraSnapshots?: number;
  /** Public snapshots of OS images by the publisher account (`npm start`: a few thousand; default none). */
  publicSnapshots?: number;
}

export function seedDemo(store: Store, now: Date, options: SeedOptions = {}) {
  const random = options.random ?? seededRandom(20261124);
  const t = now.getTime();
  const db = store.db;
  const used = new Set<string>();
  const id = (prefix: string, from: Random = random) => {
    for (;;) {
      const candidate = `${prefix}-${hex8(from)}`;
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const insertSnapshot = db.prepare(`INSERT INTO snapshots (snapshot_id, account_id, volume_id, volume_size,
    description, created_at, queue_ms, run_ms, outcome, fail_progress, global_permission, origin)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'volume')`);
  const insertTag = db.prepare('INSERT OR REPLACE INTO tags (resource_id, key, value) VALUES (?, ?, ?)');
  const insertShare = db.prepare('INSERT INTO snapshot_permissions (snapshot_id, account_id) VALUES (?, ?)');
  const insertVolume = db.prepare(`INSERT INTO volumes (volume_id, account_id, size, state, subregion, volume_type,
    iops, snapshot_id, created_at, vm_id, device_name) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`);

  const addSnapshot = (s: SnapshotSeed) => {
    insertSnapshot.run(s.id, s.account, s.volume, s.size, s.description, s.createdAt, s.queueMs ?? 0,
      s.runMs ?? Math.max(1000, s.size * 2000), s.outcome ?? 'completed', s.failProgress ?? 0, s.global ? 1 : 0);
    for (const tag of s.tags ?? []) insertTag.run(s.id, tag.Key, tag.Value);
    for (const account of s.shareWith ?? []) insertShare.run(s.id, account);
  };

  const addVolumes = (account: string, count: number, region: string) =>
    Array.from({ length: count }, (_, i) => {
      const volumeId = id('vol');
      const type = pick(['standard', 'gp2', 'io1'] as const);
      const size = pick([10, 20, 50, 100, 200, 500]);
      const attached = i % 3 !== 2;
      insertVolume.run(volumeId, account, size, attached ? 'in-use' : 'available', `${region}${i % 2 ? 'b' : 'a'}`,
        type, type === 'io1' ? 1000 : null, t - (200 - i) * DAY, attached ? `i-${hex8(random)}` : null,
        attached ? '/dev/xvdb' : null);
      if (i % 2 === 0) insertTag.run(volumeId, 'Name', `${account === DEMO_OPERATOR.accountId ? 'app' : 'partner'}-disk-${i + 1}`);
      return { volumeId, size };
    });

  store.transaction(() => {
    const publishing = (options.publicSnapshots ?? 0) > 0;
    const people = [DEMO_OPERATOR, DEMO_PARTNER, DEMO_PUBLISHER, DEMO_ABROAD].entries();
    for (const [position, a] of [...people].filter(([, a]) => publishing || a !== DEMO_PUBLISHER)) {
      store.addAccount({
        account_id: a.accountId, alias: a.alias, email: `${a.alias}@example.com`,
        first_name: ['Olivia', 'Paul', 'Pia', 'Abe'][position]!, last_name: ['Operator', 'Partner', 'Publisher', 'Abroad'][position]!,
        company: ['Demo Operator SAS', 'Demo Partner SARL', 'Demo Images SA', 'Demo Abroad Inc'][position]!,
        city: position === 3 ? 'Columbus' : 'Paris', country: position === 3 ? 'United States' : 'France',
        zip: position === 3 ? '43004' : '75001', customer_id: String(90000000 + position), region: a.region,
        access_key: a.accessKey, secret_key: a.secretKey, role: ['operator', 'partner', 'publisher', 'abroad'][position]!, position,
      });
    }
    const op = DEMO_OPERATOR.accountId;
    const volumes = addVolumes(op, 8, DEMO_OPERATOR.region);
    for (let i = 0; i < 36; i++) {
      const volume = volumes[i % volumes.length]!;
      addSnapshot({ id: id('snap'), account: op, volume: volume.volumeId, size: volume.size,
        description: pick(DESCRIPTIONS), createdAt: t - Math.floor((90 - i * 2.4) * DAY) - Math.floor(random() * 3_600_000),
        tags: TAG_SETS[i % TAG_SETS.length] });
    }
    const big = volumes.reduce((a, b) => (b.size > a.size ? b : a));
    addSnapshot({ id: id('snap'), account: op, volume: big.volumeId, size: big.size, description: 'Copy of the nightly backup',
      createdAt: t - 10 * 60_000, runMs: 40 * 60_000, tags: [{ Key: 'env', Value: 'prod' }] });
    addSnapshot({ id: id('snap'), account: op, volume: volumes[1]!.volumeId, size: volumes[1]!.size,
      description: 'Queued copy for the analytics team', createdAt: t - 30_000, queueMs: 30 * 60_000, runMs: 30 * 60_000 });
    addSnapshot({ id: id('snap'), account: op, volume: volumes[2]!.volumeId, size: volumes[2]!.size,
      description: 'Copy that failed', createdAt: t - 3 * DAY, outcome: 'error', failProgress: 37,
      tags: [{ Key: 'team', Value: 'storage' }] });

    const partner = DEMO_PARTNER.accountId;
    const pv = addVolumes(partner, 3, DEMO_PARTNER.region);
    addSnapshot({ id: id('snap'), account: partner, volume: pv[0]!.volumeId, size: pv[0]!.size,
      description: 'Reference dataset shared with demo-operator', createdAt: t - 20 * DAY, shareWith: [op],
      tags: [{ Key: 'shared', Value: 'operator' }] });
    addSnapshot({ id: id('snap'), account: partner, volume: pv[1]!.volumeId, size: pv[1]!.size,
      description: 'Public base image data', createdAt: t - 15 * DAY, global: true });
    addSnapshot({ id: id('snap'), account: partner, volume: pv[2]!.volumeId, size: pv[2]!.size,
      description: 'Partner private backup', createdAt: t - 5 * DAY });

    for (let i = 0; i < (options.extraSnapshots ?? 0); i++) {
      const volume = volumes[i % volumes.length]!;
      const tags = TAG_SETS[i % TAG_SETS.length];
      addSnapshot({ id: id('snap'), account: op, volume: volume.volumeId, size: volume.size,
        description: `${DESCRIPTIONS[i % DESCRIPTIONS.length] || 'Bulk snapshot'} #${i + 1}`,
        createdAt: t - 365 * DAY + Math.floor((i / Math.max(1, options.extraSnapshots ?? 1)) * 360 * DAY), tags });
    }

    // The public crowd: each OS image rebuilt about weekly over the last years, one root-volume snapshot per
    // build, named as the publisher names its images (Ubuntu-22.04-2026.10.03-0).
    const crowd = options.publicSnapshots ?? 0;
    for (let i = 0; i < crowd; i++) {
      const image = OS_IMAGES[i % OS_IMAGES.length]!;
      const createdAt = t - Math.floor(((crowd - i) / crowd) * 1000 * DAY) - Math.floor(random() * DAY);
      const name = `${image.name}-${new Date(createdAt).toISOString().slice(0, 10).replace(/-/g, '.')}-${i % 3}`;
      addSnapshot({ id: id('snap'), account: DEMO_PUBLISHER.accountId, volume: id('vol'), size: image.size,
        description: `Root volume of the public image ${name}`, createdAt, global: true,
        tags: [{ Key: 'Name', Value: name }, { Key: 'os', Value: image.name }] });
    }

    // Last, with IDs from a generator of their own (the same with or without extras and crowd; the IDs drawn above
    // stay as they were): a volume with no snapshot yet, and the root-volume snapshot of an OMI (DEMO_IMAGE), which
    // DeleteSnapshot refuses while the OMI exists.
    const own = seededRandom(20261126);
    const spare = id('vol', own);
    insertVolume.run(spare, op, 30, 'available', `${DEMO_OPERATOR.region}a`, 'gp2', null, t - 12 * DAY, null, null);
    insertTag.run(spare, 'Name', DEMO_SPARE_VOLUME_NAME);
    const root = volumes[0]!;
    const imageSnapshot = id('snap', own);
    addSnapshot({ id: imageSnapshot, account: op, volume: root.volumeId, size: root.size,
      description: `Root volume of the OMI ${DEMO_IMAGE.imageId} (${DEMO_IMAGE.name})`, createdAt: t - 45 * DAY,
      tags: [{ Key: 'Name', Value: DEMO_IMAGE_SNAPSHOT_NAME }, { Key: 'env', Value: 'prod' }] });
    db.prepare('INSERT INTO images (image_id, account_id, name, snapshot_id) VALUES (?, ?, ?, ?)')
      .run(DEMO_IMAGE.imageId, op, DEMO_IMAGE.name, imageSnapshot);

    // The operator's us-east-2 account, last and from a generator of its own (every ID above stays as it was).
    const us = DEMO_OPERATOR_US;
    store.addAccount({
      account_id: us.accountId, alias: us.alias, email: `${us.alias}@example.com`, first_name: 'Olivia', last_name: 'Operator',
      company: 'Demo Operator SAS', city: 'Columbus', country: 'United States', zip: '43004', customer_id: String(90000004),
      region: us.region, access_key: us.accessKey, secret_key: us.secretKey, role: 'operator', position: 4,
    });
    const usRandom = seededRandom(20261127);
    const usVolumes = [50, 100, 20].map((size, i) => {
      const volumeId = id('vol', usRandom);
      insertVolume.run(volumeId, us.accountId, size, i === 2 ? 'available' : 'in-use', `${us.region}${i % 2 ? 'b' : 'a'}`, 'gp2',
        null, t - (120 - i) * DAY, i === 2 ? null : `i-${hex8(usRandom)}`, i === 2 ? null : '/dev/xvdb');
      insertTag.run(volumeId, 'Name', `us-app-disk-${i + 1}`);
      return { volumeId, size };
    });
    for (let i = 0; i < 5; i++) {
      const volume = usVolumes[i % usVolumes.length]!;
      addSnapshot({ id: id('snap', usRandom), account: us.accountId, volume: volume.volumeId, size: volume.size,
        description: ['Nightly backup of the US web tier', 'US database before upgrade', 'Weekly archive (us-east-2)'][i % 3]!,
        createdAt: t - (30 - i * 5) * DAY, tags: [{ Key: 'Name', Value: `us-backup-${i + 1}` }, { Key: 'env', Value: 'prod' }] });
    }
    seedOverview({ db, t, operator: DEMO_OPERATOR, operatorAbroad: us, id, addSnapshot });
  });
  return { operator: DEMO_OPERATOR, partner: DEMO_PARTNER, publisher: DEMO_PUBLISHER, abroad: DEMO_ABROAD, operatorUs: DEMO_OPERATOR_US };
}
