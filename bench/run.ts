/**
 * `npm run bench`: the snapshots page's budgets as figures and ratios, all measured in this run.
 * Nothing here fails on a budget (figures are for people; asserted budgets would be flaky on shared machines).
 * The exit code is non-zero only when the bench itself cannot run: no dist/, no browser, no sandbox.
 * A page that does not emit the expected marks or controls yet is reported as "page not ready", exit code 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureBigReads, measureThroughput } from './api-load';
import { buildHello, initialJsGzip, lazyChunksGzip } from './bundle';
import { benchBulk } from './bulk';
import { benchCrossRegion } from './cross-region';
import { benchRoutePolling } from './route-polling';
import { benchOverview } from './overview';
import type { EventTimingSample } from './keystroke-probe';
import { chromium } from '@playwright/test';
import { executablePath, measureFirstPaint, measureLoad, measurePage, PageNotReady, type Keystrokes } from './page';
import { plainFirstRows, plainKeystrokes } from './plain-floor';
import { measurePolling } from './polling';
import { kB, ms, percentile, printTable, type Row } from './report';
import { startSandbox } from './sandbox';

const BUNDLE_RATIO_TARGET = 1.5;
const DATA_TO_ROWS_TARGET_MS = 200;
const FIRST_ROWS_TARGET_MS = 500;
/** The round trip the sandbox adds to every API answer for the "first rows" figure (a real cloud's). */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
/** Loads behind the first-rows figure through latency, and its floor (BENCH_LOADS): their medians are printed. */
const LOADS = Math.max(1, Number(process.env.BENCH_LOADS ?? 5));
const KEYSTROKE_MEDIAN_TARGET_MS = 30;
/** Issue 11's "within one frame", for the Event Timing figure (keydown → the frame with the new rows). */
const KEYSTROKE_FRAME_TARGET_MS = 16;
/** Event Timing reports no event under this: a keystroke without entries took less. */
const EVENT_TIMING_THRESHOLD_MS = 16;
const SMALL_DURING_BIG_P99_TARGET_MS = 250;
const THROUGHPUT_RATIO_TARGET = 0.5;
const API_SNAPSHOTS = Number(process.env.BENCH_API_SNAPSHOTS ?? 10_000);
const API_SECONDS = Number(process.env.BENCH_API_SECONDS ?? 4);
const EXTRA_SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 50_000);
// 20 keystrokes, each settled before the next; most change the rows in view (bench descriptions end in #N),
// so the figure is about real updates.
const KEYS = [...'#12', ...Array<string>(3).fill('Backspace'), ...'weekly', ...Array<string>(6).fill('Backspace'), ...'#4'];

const describe = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

async function benchBundle(rows: Row[]): Promise<boolean> {
  console.log('Bundle: initial JS of dist/ against a bare React 19 page built now by the same Vite');
  const helloOut = mkdtempSync(join(tmpdir(), 'bench-hello-'));
  try {
    const app = initialJsGzip(resolve('dist'));
    await buildHello(resolve('bench/hello'), helloOut);
    const hello = initialJsGzip(helloOut);
    const ratio = app.gzipBytes / hello.gzipBytes;
    console.log(`  dashboard: ${app.files.join(', ')} → ${kB(app.gzipBytes)} gzip`);
    console.log(`  bare React hello: ${hello.files.length} file(s) → ${kB(hello.gzipBytes)} gzip`);
    // Every page, dialog and flow that is not on the first screen loads later: each chunk's own gzip size.
    const lazy = lazyChunksGzip(resolve('dist'));
    console.log(`  loaded later, ${lazy.length} chunks, ${kB(lazy.reduce((sum, chunk) => sum + chunk.gzipBytes, 0))} gzip in all:`);
    for (const chunk of lazy) console.log(`    ${chunk.file.replace(/^assets\//, '').padEnd(44)} ${kB(chunk.gzipBytes).padStart(9)}${chunk.prefetched ? '  (prefetched at start by index.html, evaluated when the list renders)' : ''}`);
    rows.push({ metric: 'initial JS gzip (dashboard)', value: kB(app.gzipBytes) });
    rows.push({ metric: 'initial JS gzip (bare React hello)', value: kB(hello.gzipBytes) });
    rows.push({
      metric: 'bundle ratio',
      value: ratio.toFixed(3),
      target: `≤ ${BUNDLE_RATIO_TARGET.toFixed(2)}`,
      ratio: ratio / BUNDLE_RATIO_TARGET,
    });
    return true;
  } catch (error) {
    console.error(`  bundle: cannot measure: ${describe(error)} (run \`vite build\` first)`);
    return false;
  } finally {
    rmSync(helloOut, { recursive: true, force: true });
  }
}

// The headline is keydown → end of the frame that paints the new rows (rAF + task). The double-rAF figure
// waits one more frame, so it cannot go below ~2 frames (its floor on a blank page is printed beside it).
// Event Timing is the browser's own figure (keystroke-probe.ts): keydown's timestamp → the next frame after the
// handlers that filtered and rendered the rows; keystrokes without an entry took under its 16 ms threshold and
// count as 16 in the median (an upper bound, printed "≤ 16 ms").
function eventMedian(samples: EventTimingSample[]): { value: number; text: string; under: number } {
  const under = samples.filter((s) => s.durationMs === null).length;
  const value = percentile(samples.map((s) => s.durationMs ?? EVENT_TIMING_THRESHOLD_MS), 50);
  return { value, text: value <= EVENT_TIMING_THRESHOLD_MS ? `≤ ${EVENT_TIMING_THRESHOLD_MS} ms` : ms(value), under };
}

function keystrokeRows(keystrokes: Keystrokes, floor: Keystrokes, plain: Keystrokes | Error, keyRow: Row): Row[] {
  const samples = keystrokes.samples;
  const median = percentile(samples.map((sample) => sample.frameMs), 50);
  const changed = samples.filter((sample) => sample.changed);
  const listed = samples.map((sample, i) => {
    const key = KEYS[i] === 'Backspace' ? '⌫' : KEYS[i];
    return `${key}:${Math.round(sample.ms)}${sample.changed ? '' : '*'}`;
  });
  console.log(`  keystrokes (ms, double rAF): ${listed.join(' ')}`);
  console.log(`  * ${samples.length - changed.length} of ${samples.length} left the rows unchanged: timed to the next frame`);
  const rows: Row[] = [
    { ...keyRow, value: ms(median), ratio: median / KEYSTROKE_MEDIAN_TARGET_MS },
    { metric: `keystroke → rows painted, p90 (n=${samples.length})`, value: ms(percentile(samples.map((s) => s.frameMs), 90)) },
    { metric: `  median, rows changed only (n=${changed.length})`, value: ms(percentile(changed.map((s) => s.frameMs), 50)) },
    { metric: '  median, to the next frame after (double rAF)', value: ms(percentile(samples.map((s) => s.ms), 50)) },
    { metric: '  double-rAF floor: blank page', value: ms(percentile(floor.samples.map((s) => s.ms), 50)) },
  ];
  // The plain-DOM floor (plain-floor.ts): the same keys on a plain copy of the page whose handler only rewrites the
  // 14 rows' text. Under it, no renderer shows new rows on this machine.
  if (plain instanceof Error) console.log(`  plain-DOM floor: could not run: ${describe(plain)}`);
  else {
    console.log(`  plain-DOM floor (ms, rAF + task): ${plain.samples.map((s) => Math.round(s.frameMs)).join(' ')}`);
    rows.push({ metric: '  plain-DOM floor: 14 rows rewritten, no app', value: ms(percentile(plain.samples.map((s) => s.frameMs), 50)) });
  }
  if (!keystrokes.events) {
    console.log('  Event Timing: not available in this browser');
    return rows;
  }
  const events = keystrokes.events;
  const shown = events.map((e, i) => `${KEYS[i] === 'Backspace' ? '⌫' : KEYS[i]}:${e.durationMs === null ? '<16' : Math.round(e.durationMs)}`);
  console.log(`  keystrokes (ms, Event Timing, keydown → next frame): ${shown.join(' ')}`);
  const processing = events.map((e) => e.processingMs ?? EVENT_TIMING_THRESHOLD_MS);
  const median16 = eventMedian(events);
  const floorMedian = floor.events ? eventMedian(floor.events) : null;
  rows.push(
    {
      metric: 'keystroke → next frame, Event Timing, median',
      value: median16.text,
      target: `≤ ${KEYSTROKE_FRAME_TARGET_MS} ms`,
      ratio: median16.value / KEYSTROKE_FRAME_TARGET_MS,
    },
    { metric: `  p90; under 16 ms (not reported): ${median16.under} of ${events.length}`, value: ms(percentile(events.map((e) => e.durationMs ?? EVENT_TIMING_THRESHOLD_MS), 90)) },
    { metric: '  median, keydown → handlers done (no frame)', value: ms(percentile(processing, 50)) },
    { metric: '  Event Timing floor: blank page', value: floorMedian ? `${floorMedian.text} (${floorMedian.under} of ${floor.events!.length} under 16)` : 'n/a' },
  );
  if (!(plain instanceof Error) && plain.events) {
    const plainMedian = eventMedian(plain.events);
    console.log(`  plain-DOM floor (ms, Event Timing): ${plain.events.map((e) => (e.durationMs === null ? '<16' : Math.round(e.durationMs))).join(' ')}`);
    rows.push({ metric: '  plain-DOM floor: 14 rows rewritten, no app', value: `${plainMedian.text} (${plainMedian.under} of ${plain.events.length} under 16)` });
  }
  return rows;
}

async function benchPage(rows: Row[]): Promise<boolean> {
  const size = new Intl.NumberFormat('en', { notation: 'compact' }).format(EXTRA_SNAPSHOTS).toLowerCase();
  const dataRow: Row = { metric: `data → first rows painted (${size})`, value: '', target: `≤ ${DATA_TO_ROWS_TARGET_MS} ms` };
  const keyRow: Row = { metric: 'keystroke → rows painted, median', value: '', target: `≤ ${KEYSTROKE_MEDIAN_TARGET_MS} ms` };

  console.log(`Page: sandbox with ${EXTRA_SNAPSHOTS.toLocaleString('en')} extra snapshots, Chromium 1280×800`);
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  try {
    sandbox = await startSandbox(EXTRA_SNAPSHOTS);
    const { load, keystrokes, floor } = await measurePage(`${sandbox.url}/`, KEYS);
    if (load instanceof PageNotReady) {
      console.log(`  page not ready: ${load.message}`);
      rows.push({ ...dataRow, value: 'not ready' }, { ...keyRow, value: 'not ready' });
      return true;
    }
    console.log(`  ${load.snapshots.toLocaleString('en')} snapshots listed; navigation → first rows ${load.firstRowsMs === null ? 'n/a' : ms(load.firstRowsMs)}, all rows ${ms(load.loadMs)}`);
    rows.push({ metric: 'snapshots listed', value: load.snapshots.toLocaleString('en') });
    if (load.firstRowsMs !== null) rows.push({ metric: 'navigation → first rows painted', value: ms(load.firstRowsMs) });
    rows.push({ metric: 'navigation → all rows painted', value: ms(load.loadMs) });
    rows.push({ ...dataRow, value: ms(load.dataToRowsMs), ratio: load.dataToRowsMs / DATA_TO_ROWS_TARGET_MS });
    if (keystrokes instanceof PageNotReady) {
      console.log(`  page not ready (search): ${keystrokes.message}`);
      rows.push({ ...keyRow, value: 'not ready' });
    } else {
      const plain = await plainKeystrokes(`${sandbox.url}/`, KEYS).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      rows.push(...keystrokeRows(keystrokes, floor, plain, keyRow));
    }
    return true;
  } catch (error) {
    console.error(`  page: the bench could not run: ${describe(error)}`);
    rows.push({ ...dataRow, value: 'failed' }, { ...keyRow, value: 'failed' });
    return false;
  } finally {
    await sandbox?.stop();
  }
}

/**
 * The method's floor for the first-rows figure: the bare React page of the bundle figure, built now, served by a
 * sandbox (no seed) as the dashboard, in a fresh browser: navigation → its first paint, LOADS times.
 */
async function firstPaintFloor(): Promise<number[]> {
  const out = mkdtempSync(join(tmpdir(), 'bench-hello-'));
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  try {
    await buildHello(resolve('bench/hello'), out);
    sandbox = await startSandbox(0, [], undefined, out);
    const paints: number[] = [];
    for (let index = 0; index < LOADS; index++) paints.push(await measureFirstPaint(`${sandbox.url}/`));
    return paints;
  } finally {
    await sandbox?.stop();
    rmSync(out, { recursive: true, force: true });
  }
}

/** The first rows through a distant cloud: the sandbox adds LATENCY_MS to every API answer (--latency). */
async function benchLatency(rows: Row[]): Promise<boolean> {
  const size = new Intl.NumberFormat('en', { notation: 'compact' }).format(EXTRA_SNAPSHOTS).toLowerCase();
  const firstRow: Row = { metric: `navigation → first rows (${size}, --latency ${LATENCY_MS})`, value: '', target: `≤ ${FIRST_ROWS_TARGET_MS} ms` };
  console.log(`Page through latency: sandbox with ${EXTRA_SNAPSHOTS.toLocaleString('en')} extra snapshots and --latency ${LATENCY_MS} (every /api answer ${LATENCY_MS} ms later)`);
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  try {
    sandbox = await startSandbox(EXTRA_SNAPSHOTS, ['--latency', String(LATENCY_MS)]);
    // LOADS loads, each in a fresh browser; the median is the figure (one load swings ±30 % on a shared machine).
    const firsts: number[] = [];
    const alls: number[] = [];
    let listed = 0;
    for (let index = 0; index < LOADS; index++) {
      const load = await measureLoad(`${sandbox.url}/`);
      if (load instanceof PageNotReady || load.firstRowsMs === null) {
        const why = load instanceof PageNotReady ? load.message : 'no snapshots:first-page mark';
        console.log(`  page not ready: ${why}`);
        rows.push({ ...firstRow, value: 'not ready' });
        return true;
      }
      firsts.push(load.firstRowsMs);
      alls.push(load.loadMs);
      listed = load.snapshots;
    }
    const first = percentile(firsts, 50);
    console.log(`  ${listed.toLocaleString('en')} snapshots listed; ${LOADS} loads, each in a fresh browser: navigation → first rows ${firsts.map(ms).join(', ')} (median ${ms(first)}); all rows median ${ms(percentile(alls, 50))}`);
    rows.push({ ...firstRow, value: ms(first), ratio: first / FIRST_ROWS_TARGET_MS });
    rows.push({ metric: `navigation → all rows (${size}, --latency ${LATENCY_MS})`, value: ms(percentile(alls, 50)) });
    const floors = await firstPaintFloor();
    console.log(`  floor: the bare React page (bench/hello) served the same way, navigation → first paint ${floors.map(ms).join(', ')} (median ${ms(percentile(floors, 50))})`);
    rows.push({ metric: '  floor: bare React page, navigation → first paint', value: ms(percentile(floors, 50)) });
    // The plain-DOM floor (plain-floor.ts): the same requests and first screen, no app. Under it, no page here paints
    // those rows.
    try {
      const plain = await plainFirstRows(`${sandbox.url}/`, EXTRA_SNAPSHOTS, ['--latency', String(LATENCY_MS)], LOADS);
      console.log(`  plain-DOM floor: the same requests, both answers parsed, the captured first screen put in place, ${plain.map(ms).join(', ')} (median ${ms(percentile(plain, 50))})`);
      rows.push({ metric: '  plain-DOM floor: same requests and rows, no app', value: ms(percentile(plain, 50)) });
    } catch (error) {
      console.log(`  plain-DOM floor: could not run: ${describe(error)}`);
    }
    return true;
  } catch (error) {
    console.error(`  page through latency: the bench could not run: ${describe(error)}`);
    rows.push({ ...firstRow, value: 'failed' });
    return false;
  } finally {
    await sandbox?.stop();
  }
}

const mib = (value: number) => `${Math.round(value)} MiB`;

async function benchApi(rows: Row[]): Promise<boolean> {
  const size = new Intl.NumberFormat('en', { notation: 'compact' }).format(EXTRA_SNAPSHOTS).toLowerCase();
  console.log(`API: unpaged ReadSnapshots of ${EXTRA_SNAPSHOTS.toLocaleString('en')} extra snapshots, alone and 4 at once, with small reads beside them`);
  try {
    const big = await measureBigReads(EXTRA_SNAPSHOTS);
    const aloneMedian = percentile(big.aloneMs, 50);
    const p99 = percentile(big.smallMs, 99);
    console.log(`  ${big.snapshots.toLocaleString('en')} snapshots, ${(big.bytes / 2 ** 20).toFixed(1)} MiB; alone (ms): ${big.aloneMs.map(Math.round).join(' ')}`);
    console.log(`  4 at once (ms, 2 rounds): ${big.concurrentMs.map(Math.round).join(' ')}; ${big.errors} error(s)`);
    console.log(`  small reads by ID meanwhile: ${big.smallMs.length}, p50 ${ms(percentile(big.smallMs, 50))}, p99 ${ms(p99)}, max ${ms(Math.max(...big.smallMs))}; server RSS ${mib(big.rssBefore)} → ${mib(big.rssAfter)}`);
    rows.push({ metric: `unpaged ReadSnapshots (${size}), median of 3`, value: `${ms(aloneMedian)}, ${(big.bytes / 2 ** 20).toFixed(1)} MiB` });
    rows.push({
      metric: `small ReadSnapshots p99 during 4 unpaged (n=${big.smallMs.length})`,
      value: ms(p99),
      target: `≤ ${SMALL_DURING_BIG_P99_TARGET_MS} ms`,
      ratio: p99 / SMALL_DURING_BIG_P99_TARGET_MS,
      ...(big.errors ? { note: `${big.errors} failed` } : {}),
    });
    const fcu = big.fcu;
    const fcuP99 = percentile(fcu.smallMs, 99);
    console.log(`FCU: unpaged DescribeSnapshots of the same snapshots, alone and 2 at once, with small DescribeSnapshots by ID beside them`);
    console.log(`  ${(fcu.bytes / 2 ** 20).toFixed(1)} MiB; alone ${ms(fcu.aloneMs)}; 2 at once (ms, 2 rounds): ${fcu.concurrentMs.map(Math.round).join(' ')}; ${fcu.errors} error(s)`);
    console.log(`  small DescribeSnapshots by ID meanwhile: ${fcu.smallMs.length}, p50 ${ms(percentile(fcu.smallMs, 50))}, p99 ${ms(fcuP99)}, max ${ms(Math.max(...fcu.smallMs))}`);
    rows.push({ metric: `unpaged FCU DescribeSnapshots (${size}), alone`, value: `${ms(fcu.aloneMs)}, ${(fcu.bytes / 2 ** 20).toFixed(1)} MiB` });
    rows.push({
      metric: `small FCU DescribeSnapshots p99 during 2 unpaged (n=${fcu.smallMs.length})`,
      value: ms(fcuP99),
      target: `≤ ${SMALL_DURING_BIG_P99_TARGET_MS} ms`,
      ratio: fcuP99 / SMALL_DURING_BIG_P99_TARGET_MS,
      ...(fcu.errors ? { note: `${fcu.errors} failed` } : {}),
    });
  } catch (error) {
    console.error(`  API big reads: the bench could not run: ${describe(error)}`);
    return false;
  }
  const apiSize = new Intl.NumberFormat('en', { notation: 'compact' }).format(API_SNAPSHOTS).toLowerCase();
  console.log(`API: ReadSnapshots by 5 IDs, 32 clients, ${API_SNAPSHOTS.toLocaleString('en')} extra snapshots, against a bare node:http server (pre-signed requests)`);
  try {
    const t = await measureThroughput(API_SNAPSHOTS, API_SECONDS);
    const ratio = t.sandbox.rps / t.bare.rps;
    for (const [name, run] of [['sandbox', t.sandbox], ['bare node:http', t.bare]] as const) {
      console.log(
        `  ${name}: ${Math.round(run.rps)} req/s (${run.requests} in ${t.rounds} × ${t.seconds} s), p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, ` +
          `server CPU ${run.cpuMsPerRequest.toFixed(3)} ms/request, ${run.errors} error(s)`,
      );
    }
    console.log(`  sandbox RSS ${mib(t.rssBefore)} before, ${mib(t.rssAfter)} after; answer ${t.answerBytes} bytes`);
    rows.push({ metric: `ReadSnapshots by 5 IDs, 32 clients (${apiSize})`, value: `${Math.round(t.sandbox.rps)} req/s` });
    rows.push({ metric: '  bare node:http, same answer, same run', value: `${Math.round(t.bare.rps)} req/s` });
    // The target is a floor: the ratio column shows target / value, so 1.00 or less still meets it.
    rows.push({
      metric: '  sandbox / bare',
      value: ratio.toFixed(2),
      target: `≥ ${THROUGHPUT_RATIO_TARGET.toFixed(2)}`,
      ratio: THROUGHPUT_RATIO_TARGET / ratio,
      ...(t.sandbox.errors ? { note: `${t.sandbox.errors} failed` } : {}),
    });
    rows.push({ metric: '  sandbox RSS before → after', value: `${mib(t.rssBefore)} → ${mib(t.rssAfter)}` });
    return true;
  } catch (error) {
    console.error(`  API throughput: the bench could not run: ${describe(error)}`);
    return false;
  }
}

async function benchPolling(rows: Row[]): Promise<boolean> {
  console.log('Polling: API requests while 1, 10 and 100 copies are in flight (each against its own sandbox)');
  const path = executablePath();
  const browser = await chromium.launch(path ? { executablePath: path } : {});
  try {
    for (const f of await measurePolling(browser)) {
      const gaps = [...f.gapsMs].sort((a, b) => a - b);
      console.log(`  ${f.copies} in flight: poll gaps (s) ${gaps.map((g) => (g / 1000).toFixed(1)).join(' ')}`);
      const onePerInterval = f.polls > 0 && f.apiRequests === f.polls && f.idsPerPoll[0] === f.copies && (gaps[0] ?? Infinity) >= 1900;
      rows.push({
        metric: `${f.copies} in flight: requests in ${Math.round(Number(process.env.BENCH_POLL_SECONDS ?? 60))} s`,
        value: `${f.apiRequests} (${f.polls} polls × ${f.idsPerPoll[0]}–${f.idsPerPoll[1]} IDs)`,
        target: '1 ReadSnapshots / interval',
        note: onePerInterval ? 'ok' : 'over',
      });
      rows.push({ metric: `${f.copies} in flight: tab hidden 20 s / idle 20 s`, value: `${f.hiddenRequests} / ${f.idleRequests}`, target: '0 / 0', note: f.hiddenRequests + f.idleRequests === 0 ? 'ok' : 'over' });
    }
    return true;
  } catch (error) {
    console.error(`  polling: the bench could not run: ${describe(error)}`);
    return false;
  } finally {
    await browser.close();
  }
}

if (!Number.isInteger(API_SNAPSHOTS) || API_SNAPSHOTS < 5 || !(API_SECONDS > 0)) {
  console.error('BENCH_API_SNAPSHOTS must be a whole number ≥ 5 and BENCH_API_SECONDS a positive number');
  process.exit(2);
}
if (!Number.isInteger(LATENCY_MS) || LATENCY_MS < 0) {
  console.error(`BENCH_LATENCY_MS must be a whole number of milliseconds, not '${process.env.BENCH_LATENCY_MS}'`);
  process.exit(2);
}
if (!Number.isInteger(EXTRA_SNAPSHOTS) || EXTRA_SNAPSHOTS < 0) {
  console.error(`BENCH_SNAPSHOTS must be a whole number, not '${process.env.BENCH_SNAPSHOTS}'`);
  process.exit(2);
}
const started = Date.now();
const rows: Row[] = [];
const bundleRan = await benchBundle(rows);
const pageRan = await benchPage(rows);
const latencyRan = process.env.BENCH_SKIP_LATENCY ? true : await benchLatency(rows);
const apiRan = process.env.BENCH_SKIP_API ? true : await benchApi(rows);
const pollingRan = process.env.BENCH_SKIP_POLLING ? true : await benchPolling(rows);
const bulkRan = process.env.BENCH_SKIP_BULK ? true : await benchBulk(rows);
const routeRan = process.env.BENCH_SKIP_ROUTE ? true : await benchCrossRegion(rows);
const routePollingRan = process.env.BENCH_SKIP_ROUTE_POLLING ? true : await benchRoutePolling(rows);
const overviewRan = process.env.BENCH_SKIP_OVERVIEW ? true : await benchOverview(rows);
console.log('');
printTable(rows);
console.log(`\nratio = value / target, or target / value for a floor (≥): ≤ 1.00 meets it. Bench took ${Math.round((Date.now() - started) / 1000)} s.`);
if (!bundleRan || !pageRan || !latencyRan || !apiRan || !pollingRan || !bulkRan || !routeRan || !routePollingRan || !overviewRan) process.exitCode = 1;
