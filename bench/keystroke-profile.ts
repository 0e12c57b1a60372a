/**
 * Where a search keystroke's time goes, at 50,000 snapshots: one page load, then the bench's keys (page.ts's
 * probe waits for each to settle) under a Chromium trace and a V8 CPU profile. For each keystroke, from its
 * keydown to the next keydown (at most `windowMs`): the trace's phases on the renderer main thread (the key's
 * events' handlers, script in later tasks, style, layout, paint) and the profile's self time by source file and
 * by function (mapped through the build's source maps: src/…, or the npm package). Totals are per keystroke
 * (mean over the keys). For people, not for the summary table.
 *
 * It also gives the renderer main thread's CPU time per keystroke (the trace's thread time of its tasks, from the
 * first keydown to the last key's window end, over the keys): on a machine shared with other work, wall-clock
 * figures (keystroke-compare.ts) swing with the load, thread time much less. With OTHER_DIR, the two builds are
 * measured in turn (A = OTHER_DIR, B = DIR, A B A B …, a fresh browser context each) and compared per round.
 *
 *   node --import tsx bench/keystroke-profile.ts [DIR=.] [rounds=1] [OTHER_DIR]
 *
 * DIR: a copy of the project (its server/ and dist/), as keystroke-compare.ts takes. BENCH_SNAPSHOTS sets the seed;
 * BENCH_QUIET=1 prints only the CPU figures. BENCH_FOCUS=<text> adds, on each key's line, the inclusive profile time
 * of the functions whose label contains <text> (e.g. `searchRows`, `SnapshotTableBody`, `commitRoot`).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
// source-map-js comes with Vite and Tailwind (not a dependency of its own): this tool is for people, not CI.
import { SourceMapConsumer } from 'source-map-js';
import { installKeystrokeProbe, type ProbeWindow } from './keystroke-probe';
import { executablePath } from './page';
import { startSandbox } from './sandbox';
import { eachSample, rowsPaintedAfter, type Profile, type ProfileNode, type TraceEvent } from './trace-kit';

const dir = resolve(process.argv[2] ?? '.');
const rounds = Number(process.argv[3] ?? 1);
const snapshots = Number(process.env.BENCH_SNAPSHOTS ?? 50_000);
let distOf = join(dir, 'dist');
const windowMs = 400;
const KEYS = [...'#12', ...Array<string>(3).fill('Backspace'), ...'weekly', ...Array<string>(6).fill('Backspace'), ...'#4'];

const maps = new Map<string, SourceMapConsumer | null>();
function place(url: string, line: number, column: number): { source: string; name: string } {
  if (!url) return { source: '(native)', name: '' };
  const file = /\/assets\/[^?#]+\.js/.exec(url)?.[0];
  if (!file) return { source: url.replace(/^https?:\/\/[^/]+/, ''), name: '' };
  if (!maps.has(`${distOf}${file}`)) {
    try {
      maps.set(`${distOf}${file}`, new SourceMapConsumer(JSON.parse(readFileSync(join(distOf, `${file}.map`), 'utf8'))));
    } catch {
      maps.set(`${distOf}${file}`, null);
    }
  }
  const position = maps.get(`${distOf}${file}`)?.originalPositionFor({ line: line + 1, column });
  if (!position?.source) return { source: file, name: '' };
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(position.source)?.[1];
  return { source: pkg ? `npm:${pkg}` : position.source.replace(/^(\.\.\/)+/, ''), name: `${position.name ?? ''}:${position.line}` };
}

/** React's own phases, by their names in react-dom's source, for the inclusive figures. */
const REACT_PHASES = new Set(['renderRootSync', 'renderRootConcurrent', 'commitRoot', 'commitRootImpl', 'flushPassiveEffects', 'commitMutationEffects', 'commitLayoutEffects', 'commitPassiveMountEffects', 'commitPassiveUnmountEffects', 'dispatchDiscreteEvent', 'performWorkOnRoot', 'flushSyncWorkAcrossRoots_impl']);
const parents = new WeakMap<Profile, Map<number, number>>();
/** Each function on the sample's stack that is the project's (src/) or one of React's phases, once. */
function inclusive(profile: Profile, byId: Map<number, ProfileNode>, id: number, ms: number, into: Map<string, number>) {
  let parent = parents.get(profile);
  if (!parent) {
    parent = new Map();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    parents.set(profile, parent);
  }
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)!.callFrame;
    const { source, name } = place(frame.url, frame.lineNumber, frame.columnNumber);
    const original = name.split(':')[0] ?? '';
    const label = source.startsWith('src/') ? `${source} ${original || frame.functionName || '(anonymous)'}:${name.split(':')[1]}` : source === 'npm:react-dom' && REACT_PHASES.has(original) ? `react-dom ${original}` : undefined;
    if (label && !seen.has(label)) {
      seen.add(label);
      into.set(label, (into.get(label) ?? 0) + ms);
    }
  }
}

/** Self time (ms) in [from, to) (trace clock, µs), by source file and by function; inclusive time by function. */
function selfTime(profile: Profile, from: number, to: number, bySource: Map<string, number>, byFunction: Map<string, number>, total: Map<string, number>) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  eachSample(profile, from, to, (frame, ms, node) => {
    inclusive(profile, byId, node, ms, total);
    if (frame.functionName === '(garbage collector)') {
      bySource.set('(gc)', (bySource.get('(gc)') ?? 0) + ms);
      return;
    }
    const { source, name } = place(frame.url, frame.lineNumber, frame.columnNumber);
    bySource.set(source, (bySource.get(source) ?? 0) + ms);
    const fn = `${source} ${frame.functionName || '(anonymous)'}${name ? ` [${name}]` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  });
}

const PHASES: Record<string, string> = {
  FunctionCall: 'js',
  TimerFire: 'js',
  FireAnimationFrame: 'js',
  EventDispatch: 'event',
  RunMicrotasks: 'js',
  'v8.compile': 'compile',
  Layout: 'layout',
  UpdateLayoutTree: 'style',
  PrePaint: 'prepaint',
  Paint: 'paint',
  Layerize: 'layerize',
  MajorGC: 'gc',
  MinorGC: 'gc',
};

const other = process.argv[4] ? resolve(process.argv[4]) : undefined;
const quiet = process.env.BENCH_QUIET === '1';
const focus = process.env.BENCH_FOCUS;
const builds = other ? [other, dir] : [dir];
const sandboxes = await Promise.all(builds.map((cwd) => startSandbox(snapshots, [], cwd)));
const path = executablePath();
const browser = await chromium.launch(path ? { executablePath: path } : {});
const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
/** Per build: each round's CPU ms per keystroke, and the profile's maps summed over its rounds. */
const results = builds.map(() => ({ cpu: [] as number[], handlers: [] as number[], bySource: new Map<string, number>(), byFunction: new Map<string, number>(), total: new Map<string, number>(), phases: new Map<string, number>() }));

async function measure(build: number, round: number) {
  const { bySource, byFunction, total, phases: phaseTotals } = results[build]!;
  distOf = join(builds[build]!, 'dist');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript('globalThis.__name ??= (target) => target;');
    const page = await context.newPage();
    await page.goto(`${sandboxes[build]!.url}/`);
    await rowsPaintedAfter(page, 'snapshots:data-arrived', 120_000);
    const search = page.getByRole('searchbox', { name: 'Search snapshots' });
    const input = await search.elementHandle();
    const table = await page.getByRole('table', { name: 'Snapshots' }).elementHandle();
    await page.evaluate(installKeystrokeProbe, { input: input!, table: table!, quietMs: 150, noChangeMs: 2_000 });
    await search.focus();
    await page.waitForTimeout(500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await browser.startTracing(page, { categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline'] });
    await cdp.send('Profiler.start');
    for (const [index, key] of KEYS.entries()) {
      await page.keyboard.press(key);
      await page.waitForFunction((count) => ((window as ProbeWindow).__benchKeystrokes?.length ?? 0) > count, index, { timeout: 10_000 });
    }
    await page.waitForTimeout(300);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    const samples = await page.evaluate(() => (window as ProbeWindow).__benchKeystrokes ?? []);
    const events = trace.traceEvents;
    const keydowns = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
    const main = keydowns[0];
    if (!main || keydowns.length !== KEYS.length) throw new Error(`found ${keydowns.length} keydowns in the trace, expected ${KEYS.length}`);
    const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
    const tasks = onMain.filter((e) => e.name === 'RunTask');
    let cpu = 0;
    let handlers = 0;
    if (!quiet) {
      console.log(`\n${builds[build]} round ${round + 1}: ${snapshots.toLocaleString('en')} extra snapshots`);
      console.log('  key  rows painted (rAF+task)  input handler  main-thread phases from keydown to next keydown (ms)');
    }
    for (const [i, keydown] of keydowns.entries()) {
      const from = keydown.ts;
      const to = Math.min(keydowns[i + 1]?.ts ?? Infinity, from + windowMs * 1000);
      cpu += tasks.filter((e) => e.ts >= from && e.ts < to).reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0), 0) / 1000;
      const phases = new Map<string, number>();
      const inWindow = onMain.filter((e) => e.ts >= from && e.ts < to && PHASES[e.name]);
      for (const e of inWindow) {
        // Top-level phases only: one nested in another phase is counted by its parent.
        const nested = inWindow.some((p) => p !== e && p.ts <= e.ts && p.ts + p.dur! >= e.ts + e.dur! && (p.dur! > e.dur! || p.ts < e.ts));
        if (nested) continue;
        const phase = PHASES[e.name] === 'event' ? `event:${e.args?.data?.type}` : PHASES[e.name]!;
        add(phases, phase, (e.tdur ?? e.dur!) / 1000);
        add(phaseTotals, phase, (e.tdur ?? e.dur!) / 1000);
      }
      selfTime(profile, from, to, bySource, byFunction, total);
      // The key's own events (keydown, keypress, input, keyup: the text is inserted and React renders inside them).
      const own = onMain.filter((e) => e.name === 'EventDispatch' && e.ts >= from && e.ts < to && ['keydown', 'keypress', 'input', 'keyup'].includes(e.args?.data?.type ?? ''));
      const outer = own.filter((e) => !own.some((p) => p !== e && p.ts <= e.ts && p.ts + p.dur! >= e.ts + e.dur!));
      handlers += outer.reduce((sum, e) => sum + (e.tdur ?? e.dur!), 0) / 1000;
      if (quiet) continue;
      const inputEvent = own.find((e) => e.args?.data?.type === 'input');
      const label = KEYS[i] === 'Backspace' ? '⌫' : KEYS[i]!;
      const text = [...phases].filter(([, d]) => d >= 0.5).sort((a, b) => b[1] - a[1]).map(([p, d]) => `${p} ${d.toFixed(1)}`).join(', ');
      let focused = '';
      if (focus) {
        const mine = new Map<string, number>();
        selfTime(profile, from, to, new Map(), new Map(), mine);
        focused = ` | ${[...mine].filter(([fn]) => fn.includes(focus)).map(([fn, d]) => `${fn.split(' ').pop()} ${d.toFixed(1)}`).join(', ')}`;
      }
      console.log(`  ${label.padEnd(3)}  ${samples[i]?.frameMs.toFixed(0).padStart(4)}${samples[i]?.changed ? '' : '*'}                    ${((inputEvent?.dur ?? 0) / 1000).toFixed(1).padStart(5)}          ${text}${focused}`);
    }
    results[build]!.cpu.push(cpu / KEYS.length);
    results[build]!.handlers.push(handlers / KEYS.length);
  } finally {
    await context.close();
  }
}

const per = (ms: number, n: number) => (ms / (KEYS.length * n)).toFixed(1);
/** The middle value; for an even count, the mean of the two middle ones (4 rounds are common here). */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
};
const fixed = (values: number[]) => values.map((v) => v.toFixed(1)).join(' ');
try {
  for (let round = 0; round < rounds; round++) {
    for (let build = 0; build < builds.length; build++) await measure(build, round);
  }
  for (const [build, r] of results.entries()) {
    const n = r.cpu.length;
    console.log(`\n${other ? (build === 0 ? 'A ' : 'B ') : ''}${builds[build]}: ${rounds} round(s) of ${KEYS.length} keys, ${snapshots.toLocaleString('en')} extra snapshots`);
    console.log(`  main-thread CPU per keystroke (thread time of its tasks): median ${median(r.cpu).toFixed(1)} ms (${fixed(r.cpu)})`);
    console.log(`  of which the key's own events (keydown/keypress/input/keyup): median ${median(r.handlers).toFixed(1)} ms (${fixed(r.handlers)})`);
    if (quiet) continue;
    console.log(`  phases (thread time): ${[...r.phases].sort((a, b) => b[1] - a[1]).filter(([, d]) => d / (KEYS.length * n) >= 0.2).map(([p, d]) => `${p} ${per(d, n)}`).join(' · ')}`);
    console.log(`  self time by source (profile): ${[...r.bySource].sort((a, b) => b[1] - a[1]).slice(0, 16).filter(([, d]) => d / (KEYS.length * n) >= 0.1).map(([s, d]) => `${s} ${per(d, n)}`).join(' · ')}`);
    console.log('  top functions (self ms per keystroke):');
    for (const [fn, d] of [...r.byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`    ${per(d, n).padStart(5)}  ${fn}`);
    console.log("  inclusive (ms per keystroke): React's phases and the project's functions:");
    for (const [fn, d] of [...r.total].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`    ${per(d, n).padStart(5)}  ${fn}`);
  }
  if (other) {
    for (const [label, key] of [['CPU per keystroke', 'cpu'], ["key's own events", 'handlers']] as const) {
      const differences = results[1]![key].map((b, i) => b - results[0]![key][i]!);
      console.log(`B − A per round, ${label}: median ${median(differences).toFixed(1)} ms (${fixed(differences)})`);
    }
  }
} finally {
  await browser.close();
  await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
}
