/**
 * Issue 14's last budget: "polling stays one request per Region per interval". The cross-Region route engine
 * (src/features/cross-region/route.ts, real signed clients) runs against the real sandbox (server/main.ts with its
 * OOS) beside copies in flight polled the way the tray polls them, and every API request is counted per Region:
 *   (a) one route eu-west-2 → us-east-2 while 5 copies are in flight in eu-west-2;
 *   (b) two routes at once (and the same 5 copies);
 *   (c) as (b), with 5 copies in flight in us-east-2 too.
 * Polling requests (ReadSnapshots by IDs, ReadSnapshotExportTasks by task IDs) are counted per Region in each 2 s
 * window (the poll interval, POLL_MIN_MS) from the first to the last, with the shortest gap between two of them.
 * The copies in flight are watched as the tray watches them (registered with their Region's scheduler).
 * `node --import tsx bench/route-polling.ts` runs it alone.
 */
import { createOscClient, type OscClient } from '../src/api/client';
import type { DemoAccount } from '../src/api/sandbox';
import type { Snapshot } from '../src/api/schemas';
import { createOosApi } from '../src/features/cross-region/oos';
import { runRoute } from '../src/features/cross-region/route';
import { currentStep, defaultBucket, newRoute } from '../src/features/cross-region/route-state';
import { POLL_MIN_MS } from '../src/lib/poll-pace';
import { regionPoller } from '../src/lib/region-poller';
import type { Row } from './report';
import { freePort, startSandbox } from './sandbox';

const SPEED = Number(process.env.BENCH_ROUTE_SPEED ?? 2);
const COPIES = 5;

export interface RegionFigures {
  region: string;
  polls: number;
  windows: number;
  max: number;
  mean: number;
  minGapMs: number;
  byAction: Record<string, number>;
}

export interface ScenarioFigures {
  name: string;
  wallMs: number;
  regions: RegionFigures[];
}

interface Seen {
  region: string;
  action: string;
  poll: boolean;
  at: number;
}

/**
 * A polling request: ReadSnapshots by snapshot IDs, ReadSnapshotExportTasks by task IDs. The route's one-off
 * look-ups (its import by ClientToken, its export task by snapshot ID) are counted apart.
 */
function isPoll(path: string, body: string): boolean {
  const filters = (JSON.parse(body || '{}') as { Filters?: Record<string, unknown> }).Filters ?? {};
  if (path.endsWith('/ReadSnapshots')) return 'SnapshotIds' in filters && !('ClientTokens' in filters);
  if (path.endsWith('/ReadSnapshotExportTasks')) return 'TaskIds' in filters;
  return false;
}

/**
 * What the tray does (src/features/copy/poller.ts): the copies registered with their Region's scheduler until they
 * finish (or the routes are done).
 */
function trayWatch(client: OscClient, ids: string[]): () => void {
  let watching = [...ids];
  const last = new Map<string, string>();
  return regionPoller(client).watch({
    snapshotIds: () => watching,
    onSnapshots: ({ found }) => {
      const moved = found.some((s) => last.get(s.SnapshotId) !== `${s.State} ${s.Progress}`);
      for (const s of found) last.set(s.SnapshotId, `${s.State} ${s.Progress}`);
      watching = found.filter((s) => s.State === 'pending' || s.State === 'in-queue').map((s) => s.SnapshotId);
      return moved;
    },
  });
}

function figures(seen: Seen[]): RegionFigures[] {
  const regions = [...new Set(seen.map((s) => s.region))].sort();
  return regions.map((region) => {
    const mine = seen.filter((s) => s.region === region);
    const polls = mine.filter((s) => s.poll);
    const byAction: Record<string, number> = {};
    for (const s of mine) byAction[s.action] = (byAction[s.action] ?? 0) + 1;
    const first = polls[0]?.at ?? 0;
    const windows = polls.length ? Math.floor((polls.at(-1)!.at - first) / POLL_MIN_MS) + 1 : 0;
    const counts = Array<number>(windows).fill(0);
    for (const p of polls) counts[Math.floor((p.at - first) / POLL_MIN_MS)]!++;
    const gaps = polls.slice(1).map((p, i) => p.at - polls[i]!.at);
    return { region, polls: polls.length, windows, max: Math.max(0, ...counts), mean: windows ? polls.length / windows : 0, minGapMs: gaps.length ? Math.min(...gaps) : Infinity, byAction };
  });
}

async function runScenario(name: string, routes: number, destCopies: boolean): Promise<ScenarioFigures> {
  const oosPort = await freePort();
  const sandbox = await startSandbox(0, ['--speed', String(SPEED), '--oos-port', String(oosPort), '--throttle', '1000']);
  try {
    const accounts = ((await (await fetch(`${sandbox.url}/sandbox/accounts`)).json()) as { Accounts: DemoAccount[] }).Accounts;
    const operator = accounts.find((a) => a.Role === 'operator' && a.Region === 'eu-west-2')!;
    const us = accounts.find((a) => a.Organisation === operator.Organisation && a.Region === 'us-east-2')!;
    const seen: Promise<Seen>[] = [];
    let counting = false;
    const count: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (counting && url.port !== String(oosPort)) {
        const at = performance.now();
        const body = input instanceof Request ? input.clone().text() : Promise.resolve(String(init?.body ?? ''));
        seen.push(body.then((text) => ({ region: url.pathname.startsWith('/us-east-2/') ? 'us-east-2' : 'eu-west-2', action: url.pathname.split('/').at(-1)!, poll: isPoll(url.pathname, text), at })));
      }
      return fetch(input, init);
    };
    const source = createOscClient({ endpoint: sandbox.url, region: 'eu-west-2', accessKey: operator.AccessKey, secretKey: operator.SecretKey, fetch: count });
    const dest = createOscClient({ endpoint: `${sandbox.url}/us-east-2`, region: 'us-east-2', accessKey: us.AccessKey, secretKey: us.SecretKey, fetch: count });
    const completed = async (client: OscClient, accountId: string) =>
      (await client.call('ReadSnapshots', { Filters: { AccountIds: [accountId], States: ['completed'] } })).Snapshots.sort((a, b) => b.VolumeSize - a.VolumeSize);
    const own = await completed(source, operator.AccountId);
    // Copies of the largest snapshots: they stay in flight while the routes run.
    const copy = async (client: OscClient, from: Snapshot[], region: string) => {
      const ids: string[] = [];
      for (let i = 0; i < COPIES; i++) ids.push((await client.call('CreateSnapshot', { SourceSnapshotId: from[i % from.length]!.SnapshotId, SourceRegionName: region })).Snapshot!.SnapshotId);
      return ids;
    };
    const sourceCopies = await copy(source, own, 'eu-west-2');
    const destCopyIds = destCopies ? await copy(dest, await completed(dest, us.AccountId), 'us-east-2') : [];
    const oos = createOosApi(source, count, `http://127.0.0.1:${oosPort}`);
    // Each route moves a snapshot of about 10 GiB (as bench/cross-region.ts does), a different one per route.
    const moved = [...own].sort((a, b) => Math.abs(a.VolumeSize - 10) - Math.abs(b.VolumeSize - 10)).slice(0, routes);
    // The default bucket exists already (routes started at once would race to create it).
    await oos.createBucket(defaultBucket(operator.AccountId));
    counting = true;
    const started = performance.now();
    const trays = [trayWatch(source, sourceCopies), ...(destCopyIds.length ? [trayWatch(dest, destCopyIds)] : [])];
    await Promise.all([
      ...moved.map(async (snapshot) => {
        const state = newRoute({ sourceId: snapshot.SnapshotId, sourceRegion: 'eu-west-2', destRegion: 'us-east-2', needsOwnCopy: false, bucket: defaultBucket(operator.AccountId), deleteObject: true, description: 'bench' });
        await runRoute(state, { source, dest, oos, accountId: operator.AccountId, save: () => undefined, onProgress: () => undefined, pollerFor: regionPoller });
        if (currentStep(state) !== 'done') throw new Error('a route did not finish');
      }),
    ]).finally(() => trays.forEach((stop) => stop()));
    const wallMs = performance.now() - started;
    counting = false;
    return { name, wallMs, regions: figures(await Promise.all(seen)) };
  } finally {
    await sandbox.stop();
  }
}

export const SCENARIOS = [
  ['(a) 1 route + 5 copies in the source', 1, false],
  ['(b) 2 routes + 5 copies in the source', 2, false],
  ['(c) 2 routes + 5 copies in each Region', 2, true],
] as const;

export async function measureRoutePolling(): Promise<ScenarioFigures[]> {
  return Promise.all(SCENARIOS.map(([name, routes, dest]) => runScenario(name, routes, dest)));
}

export async function benchRoutePolling(rows: Row[]): Promise<boolean> {
  console.log(`Route polling: API polls per Region per ${POLL_MIN_MS / 1000} s interval while routes and copies run (sandbox --speed ${SPEED})`);
  try {
    for (const s of await measureRoutePolling()) {
      console.log(`  ${s.name}: routes done in ${(s.wallMs / 1000).toFixed(1)} s`);
      for (const r of s.regions) {
        const actions = Object.entries(r.byAction).map(([a, n]) => `${a} ${n}`).join(', ');
        console.log(`  ${s.name}, ${r.region}: ${r.polls} polls in ${r.windows} intervals, max ${r.max}, mean ${r.mean.toFixed(2)}, shortest gap ${Math.round(r.minGapMs)} ms (${actions})`);
        rows.push({ metric: `${s.name}: ${r.region} polls / interval`, value: `max ${r.max}, mean ${r.mean.toFixed(2)}`, target: '≤ 1', note: r.max <= 1 ? 'ok' : 'over' });
      }
    }
    return true;
  } catch (error) {
    console.error(`  route polling: cannot measure: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows: Row[] = [];
  const ok = await benchRoutePolling(rows);
  console.log(rows.map((r) => `${r.metric}: ${r.value} ${r.note ?? ''}`).join('\n'));
  if (!ok) process.exitCode = 1;
}
