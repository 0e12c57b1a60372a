/**
 * Where "navigation → first rows" goes: one page load against a sandbox seeded like the bench's, printed as a
 * timeline from navigation start (the page's marks, every resource fetched with its request start / first byte /
 * last byte, and the main thread's long tasks). For people, not for the summary table.
 *
 *   npx vite build --logLevel warn && node --import tsx bench/first-rows-trace.ts [latencyMs] [runs]
 *
 * BENCH_SNAPSHOTS sets the seed (default 50,000), as for the bench.
 */
import { chromium, type Page } from '@playwright/test';
import { executablePath } from './page';
import { startSandbox } from './sandbox';
import { rowsPaintedAfter } from './trace-kit';

const latency = Number(process.argv[2] ?? 100);
const runs = Number(process.argv[3] ?? 1);
const snapshots = Number(process.env.BENCH_SNAPSHOTS ?? 50_000);

interface Entry {
  at: number;
  end: number;
  what: string;
}

// Runs in the page before its own scripts: long tasks are not buffered, so they are collected from the start.
const OBSERVE_LONG_TASKS = `
  globalThis.__name ??= (target) => target;
  globalThis.__longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.__longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
`;

/**
 * One line: the steps between navigation and the first rows, each at its time (ms): the entry script in, the first
 * read handed to fetch (early-read.ts's mark, or first-read.ts's when the app sent it) and sent on the wire (its requestStart: later when it queued behind
 * other requests for the browser's six connections), answered, the first page in the cache, its rows painted; how
 * many script chunks were asked for before the answer, and how many ReadSnapshots pages had come back before the
 * first rows were painted (the two first pages of the default view's two reads, more when pages behind them competed).
 */
async function criticalPath(page: Page): Promise<string> {
  const steps = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const mark = (name: string) => performance.getEntriesByName(name, 'mark')[0]?.startTime;
    const entry = resources.find((r) => /\/assets\/index-[^/]+\.js$/.test(r.name));
    const reads = resources.filter((r) => r.name.includes('/ReadSnapshots'));
    const read = reads[0];
    const answered = Math.min(...reads.map((r) => r.responseEnd));
    const firstPage = mark('snapshots:first-page');
    const painted = performance.getEntriesByName('snapshots:rows-painted', 'mark').find((m) => firstPage !== undefined && m.startTime >= firstPage)?.startTime;
    const chunks = resources.filter((r) => r.initiatorType === 'script' && r.startTime < answered).length;
    const before = reads.filter((r) => painted !== undefined && r.responseEnd < painted).length;
    return { entry: entry?.responseEnd, handed: mark('first-read:sent'), wire: read?.requestStart, answered, firstPage, painted, chunks, before };
  });
  const at = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '?' : String(Math.round(value)));
  return `entry script in ${at(steps.entry)} · read handed to fetch ${at(steps.handed)} · on the wire ${at(steps.wire)} · answered ${at(steps.answered)} · first page ${at(steps.firstPage)} · rows painted ${at(steps.painted)} · ${steps.chunks} chunks asked before the answer · ${steps.before} ReadSnapshots answered before the rows were painted`;
}

const sandbox = await startSandbox(snapshots, latency ? ['--latency', String(latency)] : []);
const path = executablePath();
const browser = await chromium.launch(path ? { executablePath: path } : {});
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(OBSERVE_LONG_TASKS);
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/`);
    await rowsPaintedAfter(page, 'snapshots:first-page');
    const entries: Entry[] = await page.evaluate(() => {
      const out: { at: number; end: number; what: string }[] = [];
      const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      if (nav) {
        out.push({ at: nav.requestStart, end: nav.responseEnd, what: `document (first byte ${Math.round(nav.responseStart)})` });
        out.push({ at: nav.domInteractive, end: nav.domContentLoadedEventEnd, what: 'domInteractive → DOMContentLoaded end' });
      }
      const firstPage = performance.getEntriesByName('snapshots:first-page')[0]?.startTime ?? Infinity;
      for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
        if (r.startTime > firstPage + 50) continue;
        const name = r.name.replace(location.origin, '');
        out.push({ at: r.startTime, end: r.responseEnd, what: `${r.initiatorType} ${name} (request ${Math.round(r.requestStart)}, first byte ${Math.round(r.responseStart)})` });
      }
      for (const m of performance.getEntriesByType('mark')) {
        if (m.startTime > firstPage + 200) continue;
        out.push({ at: m.startTime, end: m.startTime, what: `mark ${m.name}` });
      }
      for (const p of performance.getEntriesByType('paint')) out.push({ at: p.startTime, end: p.startTime, what: p.name });
      for (const [start, duration] of (globalThis as unknown as { __longTasks: [number, number][] }).__longTasks) {
        if (start > firstPage + 200) continue;
        out.push({ at: start, end: start + duration, what: 'long task' });
      }
      return out;
    });
    console.log(`\nrun ${run + 1}: ${snapshots.toLocaleString('en')} extra snapshots, --latency ${latency}`);
    for (const entry of entries.sort((a, b) => a.at - b.at)) {
      console.log(`${String(Math.round(entry.at)).padStart(6)} → ${String(Math.round(entry.end)).padStart(6)}  ${entry.what}`);
    }
    console.log(`  critical path: ${await criticalPath(page)}`);
    await context.close();
  }
} finally {
  await browser.close();
  await sandbox.stop();
}
