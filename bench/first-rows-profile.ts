/**
 * What the main thread does between navigation and the first rows: one page load with a Chromium trace and a
 * V8 CPU profile, printed as the renderer main thread's tasks of 4 ms or more (from navigation start), each with
 * where its time went: the trace's own phases (script evaluation, layout, style, paint, parse) and the CPU
 * profile's self time by source file (mapped through the build's source maps: src/…, or the npm package).
 * For people, not for the summary table; first-rows-trace.ts gives the network side.
 *
 *   node --import tsx bench/first-rows-profile.ts [latencyMs=100] [runs=1]
 *
 * BENCH_SNAPSHOTS sets the seed (default 50,000); SANDBOX_DIST another build (server/main.ts reads it).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
// source-map-js comes with Vite and Tailwind (not a dependency of its own): this tool is for people, not CI.
import { SourceMapConsumer } from 'source-map-js';
import { executablePath } from './page';
import { startSandbox } from './sandbox';
import { eachSample, rowsPaintedAfter, type Profile, type ProfileNode, type TraceEvent } from './trace-kit';

const latency = Number(process.argv[2] ?? 100);
const runs = Number(process.argv[3] ?? 1);
const snapshots = Number(process.env.BENCH_SNAPSHOTS ?? 50_000);
const dist = resolve(process.env.SANDBOX_DIST ?? 'dist');

const maps = new Map<string, SourceMapConsumer | null>();
function sourceOf(url: string, line: number, column: number): string {
  if (!url) return '(native)';
  const file = /\/assets\/[^?#]+\.js/.exec(url)?.[0];
  if (!file) return url.replace(/^https?:\/\/[^/]+/, '');
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMapConsumer(JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8'))));
    } catch {
      maps.set(file, null);
    }
  }
  const source = maps.get(file)?.originalPositionFor({ line: line + 1, column })?.source;
  if (!source) return file;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
  return pkg ? `npm:${pkg}` : source.replace(/^(\.\.\/)+/, '');
}

/** Self time (ms) by source in [from, to) (trace clock, µs); by function and source line with `byFunction`. */
function selfTime(profile: Profile, from: number, to: number, byFunction = false): Map<string, number> {
  const out = new Map<string, number>();
  eachSample(profile, from, to, (frame, ms) => {
    const key = frame.functionName === '(garbage collector)' ? '(gc)' : byFunction ? functionOf(frame) : sourceOf(frame.url, frame.lineNumber, frame.columnNumber);
    out.set(key, (out.get(key) ?? 0) + ms);
  });
  return out;
}

/** "name (src/file.ts:line)" of a profile frame, through the source maps. */
function functionOf(frame: ProfileNode['callFrame']): string {
  const file = /\/assets\/[^?#]+\.js/.exec(frame.url)?.[0];
  const position = file ? maps.get(file)?.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber }) : undefined;
  const where = position?.source ? `${position.source.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'npm:')}:${position.line}` : sourceOf(frame.url, frame.lineNumber, frame.columnNumber);
  return `${position?.name ?? frame.functionName ?? '(anonymous)'} (${where})`;
}

const PHASES: Record<string, string> = {
  EvaluateScript: 'eval',
  'v8.evaluateModule': 'eval',
  FunctionCall: 'js',
  TimerFire: 'js',
  FireAnimationFrame: 'js',
  EventDispatch: 'js',
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  Layout: 'layout',
  UpdateLayoutTree: 'style',
  Paint: 'paint',
  ParseHTML: 'parse-html',
  ParseAuthorStyleSheet: 'parse-css',
  MajorGC: 'gc',
  MinorGC: 'gc',
};

const sandbox = await startSandbox(snapshots, latency ? ['--latency', String(latency)] : []);
const path = executablePath();
const browser = await chromium.launch(path ? { executablePath: path } : {});
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-devtools.timeline', 'loading'] });
    await page.goto(`${sandbox.url}/`);
    await rowsPaintedAfter(page, 'snapshots:first-page');
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const events = trace.traceEvents;
    const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.startsWith(sandbox.url));
    const mainThread = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === nav?.pid);
    if (!nav || !mainThread) throw new Error('no navigationStart or renderer main thread in the trace');
    const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.name.startsWith('snapshots:') && e.pid === nav.pid);
    const firstPage = marks.find((m) => m.name === 'snapshots:first-page');
    const end = marks.find((m) => m.name === 'snapshots:rows-painted' && firstPage && m.ts >= firstPage.ts)?.ts ?? Infinity;
    const ms = (ts: number) => Math.round((ts - nav.ts) / 1000);
    const onMain = events.filter((e) => e.pid === nav.pid && e.tid === mainThread.tid && e.ph === 'X' && e.ts >= nav.ts && e.ts <= end);
    const tasks = onMain.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= 4000);
    console.log(`\nrun ${run + 1}: ${snapshots.toLocaleString('en')} extra snapshots, --latency ${latency}; main-thread tasks ≥ 4 ms, ms from navigation`);
    const lines: [number, string][] = marks.filter((m) => m.ts >= nav.ts && m.ts <= end).map((m) => [m.ts, `${String(ms(m.ts)).padStart(6)}          mark ${m.name}`]);
    let busy = 0;
    for (const task of tasks) {
      const taskEnd = task.ts + task.dur!;
      busy += task.dur!;
      const phases = new Map<string, number>();
      for (const e of onMain) {
        const phase = PHASES[e.name];
        if (!phase || e.ts < task.ts || e.ts >= taskEnd) continue;
        // Top-level phases only: a phase nested in another phase of the same task is counted by its parent.
        const parent = onMain.some((p) => p !== e && PHASES[p.name] && p.ts <= e.ts && p.ts + p.dur! >= e.ts + e.dur! && p.ts >= task.ts && (p.dur! > e.dur! || p.ts < e.ts));
        if (parent) continue;
        phases.set(phase, (phases.get(phase) ?? 0) + e.dur! / 1000);
      }
      const top = [...selfTime(profile, task.ts, taskEnd)].sort((a, b) => b[1] - a[1]).slice(0, 6);
      // FIRST_ROWS_FUNCTIONS=1: the functions of the task that holds the first page (its rows' first render).
      if (process.env.FIRST_ROWS_FUNCTIONS && firstPage && task.ts <= firstPage.ts && firstPage.ts < taskEnd) {
        const functions = [...selfTime(profile, task.ts, taskEnd, true)].sort((a, b) => b[1] - a[1]).slice(0, 25);
        console.log(`  the first page's task, self time by function:\n${functions.map(([f, d]) => `    ${d.toFixed(1).padStart(6)} ms  ${f}`).join('\n')}`);
      }
      const phaseText = [...phases].filter(([, d]) => d >= 1).map(([p, d]) => `${p} ${Math.round(d)}`).join(', ');
      const topText = top.filter(([, d]) => d >= 1).map(([s, d]) => `${s} ${Math.round(d)}`).join(' · ');
      lines.push([task.ts, `${String(ms(task.ts)).padStart(6)} → ${String(ms(taskEnd)).padStart(6)}  task ${Math.round(task.dur! / 1000)} ms [${phaseText}]\n                 ${topText}`]);
    }
    for (const [, line] of lines.sort((a, b) => a[0] - b[0])) console.log(line);
    console.log(`  main thread busy in tasks ≥ 4 ms: ${Math.round(busy / 1000)} ms of ${ms(end)} ms`);
    const total = [...selfTime(profile, nav.ts, end)].sort((a, b) => b[1] - a[1]).slice(0, 15);
    console.log(`  self time by source, navigation → first rows: ${total.map(([s, d]) => `${s} ${Math.round(d)}`).join(' · ')}`);
    await context.close();
  }
} finally {
  await browser.close();
  await sandbox.stop();
}
