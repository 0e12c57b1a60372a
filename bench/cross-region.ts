/**
 * Issue 14 item 10: the cross-Region route (src/features/cross-region/route.ts, the engine the dialog runs) from
 * eu-west-2 to us-east-2 against the real sandbox (server/main.ts in a child process, its OOS on a port of our
 * own), with the real signed clients and the app's poll scheduler (src/lib/region-poller.ts). Prints the route's API and OOS request count,
 * and its wall time against the sum of the sandbox's own durations of its steps (the export task's and the
 * import's queue + size / rate, from the sandbox's model at this --speed): the overhead ratio, target ≤ 1.1.
 * `node --import tsx bench/cross-region.ts` runs it alone.
 */
import { createOscClient } from '../src/api/client';
import type { DemoAccount } from '../src/api/sandbox';
import { createOosApi } from '../src/features/cross-region/oos';
import { runRoute } from '../src/features/cross-region/route';
import { currentStep, defaultBucket, newRoute } from '../src/features/cross-region/route-state';
import { POLL_MIN_MS } from '../src/lib/poll-pace';
import { regionPoller } from '../src/lib/region-poller';
import { modelDefaults } from '../server/backends/snapshots';
import type { Row } from './report';
import { freePort, startSandbox } from './sandbox';

const SPEED = Number(process.env.BENCH_ROUTE_SPEED ?? 2);
/** The size of the snapshot moved (the operator's completed snapshot closest to it). */
const SIZE_GIB = Number(process.env.BENCH_ROUTE_GIB ?? 10);
const RATIO_TARGET = 1.1;

export interface RouteFigures {
  sizeGiB: number;
  wallMs: number;
  stepsMs: number;
  apiRequests: number;
  oosRequests: number;
  byAction: Record<string, number>;
}

export async function measureRoute(): Promise<RouteFigures> {
  const oosPort = await freePort();
  const sandbox = await startSandbox(0, ['--speed', String(SPEED), '--oos-port', String(oosPort)]);
  try {
    const accounts = ((await (await fetch(`${sandbox.url}/sandbox/accounts`)).json()) as { Accounts: DemoAccount[] }).Accounts;
    const operator = accounts.find((a) => a.Role === 'operator' && a.Region === 'eu-west-2')!;
    const us = accounts.find((a) => a.Organisation === operator.Organisation && a.Region === 'us-east-2')!;
    const byAction: Record<string, number> = {};
    let oosRequests = 0;
    const counting: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.port === String(oosPort)) oosRequests++;
      else {
        const action = url.pathname.split('/').at(-1)!;
        byAction[action] = (byAction[action] ?? 0) + 1;
      }
      return fetch(input, init);
    };
    const source = createOscClient({ endpoint: sandbox.url, region: 'eu-west-2', accessKey: operator.AccessKey, secretKey: operator.SecretKey, fetch: counting });
    const dest = createOscClient({ endpoint: `${sandbox.url}/us-east-2`, region: 'us-east-2', accessKey: us.AccessKey, secretKey: us.SecretKey, fetch: counting });
    const own = (await source.call('ReadSnapshots', { Filters: { AccountIds: [operator.AccountId], States: ['completed'] } })).Snapshots;
    const snapshot = own.sort((a, b) => Math.abs(a.VolumeSize - SIZE_GIB) - Math.abs(b.VolumeSize - SIZE_GIB))[0]!;
    for (const key of Object.keys(byAction)) delete byAction[key];
    const state = newRoute({
      sourceId: snapshot.SnapshotId,
      sourceRegion: 'eu-west-2',
      destRegion: 'us-east-2',
      needsOwnCopy: false,
      bucket: defaultBucket(operator.AccountId),
      deleteObject: true,
      description: 'bench',
    });
    const started = performance.now();
    await runRoute(state, {
      source,
      dest,
      oos: createOosApi(source, counting, `http://127.0.0.1:${oosPort}`),
      accountId: operator.AccountId,
      save: () => undefined,
      onProgress: () => undefined,
      pollerFor: regionPoller,
    });
    const wallMs = performance.now() - started;
    if (currentStep(state) !== 'done') throw new Error('the route did not finish');
    // The sandbox's own durations: the export task and the import each take queue + size / rate.
    const model = modelDefaults({ speed: SPEED });
    const step = (model.queueSeconds * 1000) / SPEED + (Math.max(snapshot.VolumeSize, 1) / (model.copyRateGiBPerSecond * SPEED)) * 1000;
    return { sizeGiB: snapshot.VolumeSize, wallMs, stepsMs: 2 * step, apiRequests: Object.values(byAction).reduce((a, b) => a + b, 0), oosRequests, byAction };
  } finally {
    await sandbox.stop();
  }
}

export async function benchCrossRegion(rows: Row[]): Promise<boolean> {
  console.log(`Cross-Region route: eu-west-2 → us-east-2 through the route engine, sandbox --speed ${SPEED}, polled by each Region's scheduler (from every ${POLL_MIN_MS} ms)`);
  try {
    const f = await measureRoute();
    const ratio = f.wallMs / f.stepsMs;
    const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`  ${f.sizeGiB} GiB: wall ${sec(f.wallMs)}, the sandbox's export + import durations ${sec(f.stepsMs)}`);
    console.log(`  ${f.apiRequests} API requests (${Object.entries(f.byAction).map(([a, n]) => `${a} ${n}`).join(', ')}), ${f.oosRequests} OOS requests`);
    rows.push({ metric: 'cross-Region route: wall / sandbox step durations', value: `${ratio.toFixed(2)} (${sec(f.wallMs)} / ${sec(f.stepsMs)})`, target: `≤ ${RATIO_TARGET}`, ratio: ratio / RATIO_TARGET });
    rows.push({ metric: '  route requests (API + OOS)', value: `${f.apiRequests} + ${f.oosRequests}` });
    return true;
  } catch (error) {
    console.error(`  cross-Region route: cannot measure: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows: Row[] = [];
  const ok = await benchCrossRegion(rows);
  console.log(rows.map((r) => `${r.metric}: ${r.value}`).join('\n'));
  if (!ok) process.exitCode = 1;
}
