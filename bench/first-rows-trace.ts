/**
 * Where "navigation → first rows" goes: one page load against a sandbox seeded like the bench's, printed as a
 * timeline from navigation start (the page's marks, every resource fetched with its request start / first byte /
 * last byte, and the main thread's long tasks). For people, not for the summary table.
 *
 *   npx vite build --logLevel warn && node --import tsx bench/first-rows-trace.ts [latencyMs] [runs]
 *
 * BENCH_SNAPSHOTS sets the seed (default 50,000), as for the bench.
 */
import { chromium } from '@playwright/test';
import { executablePath } from './page';
import { startSandbox } from './sandbox';

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

const sandbox = await startSandbox(snapshots, latency ? ['--latency', String(latency)] : []);
const path = executablePath();
const browser = await chromium.launch(path ? { executablePath: path } : {});
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(OBSERVE_LONG_TASKS);
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/`);
    await page.waitForFunction(
      () => {
        const first = performance.getEntriesByName('snapshots:first-page')[0]?.startTime;
        return first !== undefined && performance.getEntriesByName('snapshots:rows-painted').some((m) => m.startTime >= first);
      },
      undefined,
      { timeout: 60_000 },
    );
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
    await context.close();
  }
} finally {
  await browser.close();
  await sandbox.stop();
}
