/**
 * `npm run bench`: prints the snapshots page's budgets as figures and ratios, measured in this run.
 * Nothing here fails on a budget: figures are for people, not for assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildHello, initialJsGzip } from './bundle';
import { measurePage } from './page';
import { startSandbox } from './sandbox';

const SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 50_000);
const KEYS = [...'nightly', ...Array(7).fill('Backspace'), ...'snap-1'];
const rows: [string, string, string, string][] = [];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const ms = (value: number) => `${Math.round(value)} ms`;
const ratio = (value: number, target: number) => (value / target).toFixed(2);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

const started = Date.now();
console.log('Bundle: building a bare React 19 page with the same Vite...');
const helloOut = mkdtempSync(join(tmpdir(), 'bench-hello-'));
try {
  await buildHello(resolve('bench/hello'), helloOut);
  const app = initialJsGzip(resolve('dist'));
  const hello = initialJsGzip(helloOut);
  console.log(`  dashboard initial JS: ${app.files.join(', ')}`);
  rows.push(['initial JS gzip (dashboard)', kb(app.bytes), '', '']);
  rows.push(['initial JS gzip (bare React hello)', kb(hello.bytes), '', '']);
  rows.push(['bundle ratio', (app.bytes / hello.bytes).toFixed(2), '≤ 1.50', ratio(app.bytes / hello.bytes, 1.5)]);
} finally {
  rmSync(helloOut, { recursive: true, force: true });
}

console.log(`Page: starting the sandbox with ${SNAPSHOTS.toLocaleString('en')} extra snapshots...`);
const sandbox = await startSandbox(SNAPSHOTS);
try {
  const figures = await measurePage(`${sandbox.url}/`, KEYS);
  const median = percentile(figures.keystrokeMs, 50);
  rows.push([`snapshots listed`, figures.rows.toLocaleString('en'), '', '']);
  rows.push(['navigation → first rows painted', ms(figures.loadMs), '', '']);
  rows.push(['data arrived → first rows painted', ms(figures.dataToRowsMs), '≤ 200 ms', ratio(figures.dataToRowsMs, 200)]);
  rows.push([`keystroke → rows painted, median (${figures.keystrokeMs.length})`, ms(median), '≤ 30 ms', ratio(median, 30)]);
  rows.push(['keystroke → rows painted, p90', ms(percentile(figures.keystrokeMs, 90)), '', '']);
} finally {
  sandbox.stop();
}

console.log(`\n${'metric'.padEnd(44)}${'value'.padStart(12)}${'target'.padStart(12)}${'ratio'.padStart(8)}`);
for (const [name, value, target, r] of rows) {
  console.log(`${name.padEnd(44)}${value.padStart(12)}${target.padStart(12)}${r.padStart(8)}`);
}
console.log(`\n(ratio = value / target; ≤ 1 meets the budget) — bench took ${Math.round((Date.now() - started) / 1000)} s`);
