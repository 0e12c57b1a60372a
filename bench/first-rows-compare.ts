/**
 * "navigation → first rows" of two builds, paired: two sandboxes side by side (this project and another copy,
 * e.g. an older commit unpacked with `git archive` and built there), loaded in turn, A B A B …, each load in a
 * fresh browser context, so a change in the machine's load falls on both. For comparing a change on a shared,
 * noisy machine; `npm run bench` gives the figure of one build.
 *
 *   node --import tsx bench/first-rows-compare.ts OTHER_DIR [latencyMs=100] [pairs=8]
 */
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { executablePath } from './page';
import { percentile } from './report';
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
}
const figures: Load[][] = [[], []];
try {
  for (let pair = 0; pair < pairs; pair++) {
    for (const [index, sandbox] of sandboxes.entries()) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
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
      figures[index]!.push({ firstRows: first, answered, render: first - firstPage });
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
// Each pair's difference: the load of the machine falls on both loads of a pair alike.
const differences = figures[1]!.map((load, i) => load.firstRows - figures[0]![i]!.firstRows);
console.log(`  B − A per pair: median ${median(differences)} ms (${differences.map(Math.round).join(' ')})`);
