/**
 * "navigation → first rows" of two builds, paired: two sandboxes side by side (this project and another copy,
 * e.g. an older commit unpacked with `git archive` and built there), loaded in turn, A B A B …, each load in a
 * fresh browser context, so a change in the machine's load falls on both. For comparing a change on a shared,
 * noisy machine; `npm run bench` gives the figure of one build.
 *
 *   node --import tsx bench/first-rows-compare.ts OTHER_DIR [latencyMs=100] [pairs=8]
 *
 * BENCH_CPU=1 also traces each load and prints the renderer main thread's CPU (thread) time from navigation to
 * the first rows painted: on a loaded machine wall-clock pairs swing by hundreds of ms, thread time much less.
 */
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { executablePath } from './page';
import { percentile } from './report';
import type { TraceEvent } from './trace-kit';
import { startSandbox } from './sandbox';

const other = process.argv[2];
if (!other) {
  console.error('usage: first-rows-compare.ts OTHER_DIR [latencyMs] [pairs]');
  process.exit(2);
}
const latency = Number(process.argv[3] ?? 100);
const pairs = Number(process.argv[4] ?? 8);
const snapshots = Number(process.env.BENCH_SNAPSHOTS ?? 50_000);
const flags = latency ? ['--latency', String(latency)] : [];

const sandboxes = await Promise.all([startSandbox(snapshots, flags, resolve(other)), startSandbox(snapshots, flags)]);
const names = [`A ${resolve(other)}`, 'B this project'];
const path = executablePath();
const browser = await chromium.launch(path ? { executablePath: path } : {});
/** Per load: navigation → first rows; the first ReadSnapshots answered (last byte); first page in the cache → its rows painted. */
interface Load {
  firstRows: number;
  answered: number;
  render: number;
  /** Main-thread CPU, navigation → first rows painted (BENCH_CPU=1), ms. */
  cpu?: number;
}
const traced = process.env.BENCH_CPU === '1';

/** The renderer main thread's CPU time (its tasks' thread time) from navigationStart to the rows-painted mark at `at`. */
function mainThreadCpu(events: TraceEvent[], at: number): number {
  const marks = events.filter((e) => e.name === 'snapshots:rows-painted');
  const navigation = events.find((e) => e.name === 'navigationStart' && marks.some((m) => m.pid === e.pid));
  if (!navigation || !marks.length) throw new Error('no navigationStart or rows-painted mark in the trace');
  const to = navigation.ts + at * 1000;
  const tasks = events.filter((e) => e.pid === marks[0]!.pid && e.tid === marks[0]!.tid && e.ph === 'X' && e.name === 'RunTask');
  return tasks.filter((e) => e.ts >= navigation.ts && e.ts < to).reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0), 0) / 1000;
}
const figures: Load[][] = [[], []];
try {
  for (let pair = 0; pair < pairs; pair++) {
    for (const [index, sandbox] of sandboxes.entries()) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      if (traced) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink.user_timing', 'loading'] });
      await page.goto(`${sandbox.url}/`);
      const firstRows = await page.waitForFunction(
        () => {
          const first = performance.getEntriesByName('snapshots:first-page')[0]?.startTime;
          if (first === undefined) return null;
          return performance.getEntriesByName('snapshots:rows-painted').find((m) => m.startTime >= first)?.startTime ?? null;
        },
        undefined,
        { timeout: 60_000 },
      );
      const first = Number(await firstRows.jsonValue());
      const { answered, firstPage } = await page.evaluate(() => ({
        answered: Math.min(...performance.getEntriesByType('resource').filter((r) => r.name.includes('/ReadSnapshots')).map((r) => (r as PerformanceResourceTiming).responseEnd)),
        firstPage: performance.getEntriesByName('snapshots:first-page')[0]!.startTime,
      }));
      const cpu = traced ? mainThreadCpu((JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents, first) : undefined;
      figures[index]!.push({ firstRows: first, answered, render: first - firstPage, cpu });
      await context.close();
    }
  }
} finally {
  await browser.close();
  await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
}
console.log(`navigation → first rows, ${snapshots.toLocaleString('en')} extra snapshots, --latency ${latency}, ${pairs} pairs`);
const median = (values: number[]) => Math.round(percentile(values, 50));
for (const [index, name] of names.entries()) {
  const loads = figures[index]!;
  const values = loads.map((load) => load.firstRows);
  console.log(`  ${name}: median ${median(values)} ms (${values.map(Math.round).join(' ')})`);
  console.log(`    first ReadSnapshots answered: median ${median(loads.map((l) => l.answered))} ms; first page → its rows painted: median ${median(loads.map((l) => l.render))} ms`);
}
if (traced) {
  for (const [index, name] of names.entries()) {
    const cpu = figures[index]!.map((load) => load.cpu!);
    console.log(`  ${name}: main-thread CPU to first rows, median ${median(cpu)} ms (${cpu.map(Math.round).join(' ')})`);
  }
  const cpuDifferences = figures[1]!.map((load, i) => load.cpu! - figures[0]![i]!.cpu!);
  console.log(`  CPU B − A per pair: median ${median(cpuDifferences)} ms (${cpuDifferences.map(Math.round).join(' ')})`);
}
// Each pair's difference: the load of the machine falls on both loads of a pair alike.
const differences = figures[1]!.map((load, i) => load.firstRows - figures[0]![i]!.firstRows);
console.log(`  B − A per pair: median ${median(differences)} ms (${differences.map(Math.round).join(' ')})`);
