// After `stryker run`: the mutation score of each mutated file, from Stryker's JSON report, and a failure
// when a core file (the security, paging, snapshot-rule, jobs and polling code) is under the threshold.
// Score = killed (+ timed out) / (killed + timed out + survived + not covered), as Stryker counts it.
import { readFileSync } from 'node:fs';

const THRESHOLD = 85;
const CORE = [
  'server/osc/auth.ts',
  'server/osc/verify.ts',
  'server/osc/lockout.ts',
  'server/osc/sigv4.ts',
  'server/model/paging.ts',
  'server/backends/snapshots.ts',
  'src/features/copy/jobs-store.ts',
  'src/features/copy/poller.ts',
];

// Reports to read: the arguments (partial runs, later ones win for a file they share), else the default run's.
const reportPaths = process.argv.length > 2 ? process.argv.slice(2) : [`${process.env.STRYKER_REPORT_DIR ?? 'reports/mutation'}/mutation.json`];
const files = {};
for (const reportPath of reportPaths) Object.assign(files, JSON.parse(readFileSync(reportPath, 'utf8')).files);
const rows = Object.entries(files).map(([path, file]) => {
  const count = (status) => file.mutants.filter((m) => m.status === status).length;
  const detected = count('Killed') + count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const valid = detected + survived + noCoverage;
  return { path: path.replace(/\\/g, '/'), detected, survived, noCoverage, valid, score: valid ? (100 * detected) / valid : 100 };
});
rows.sort((a, b) => a.path.localeCompare(b.path));

const pad = (text, width) => String(text).padEnd(width);
console.log(`${pad('file', 36)} ${pad('score', 8)} ${pad('killed', 7)} ${pad('survived', 9)} ${pad('no cover', 9)} core`);
for (const row of rows) {
  const core = CORE.includes(row.path);
  console.log(`${pad(row.path, 36)} ${pad(`${row.score.toFixed(1)} %`, 8)} ${pad(row.detected, 7)} ${pad(row.survived, 9)} ${pad(row.noCoverage, 9)} ${core ? `≥ ${THRESHOLD} %` : ''}`);
}
const failing = CORE.filter((path) => {
  const row = rows.find((r) => r.path === path);
  return row && row.score < THRESHOLD;
});
const missing = CORE.filter((path) => !rows.some((r) => r.path === path));
if (missing.length && !process.env.STRYKER_PARTIAL) {
  console.error(`Not in the report: ${missing.join(', ')} (STRYKER_PARTIAL=1 to allow)`);
  process.exitCode = 1;
}
if (failing.length) {
  console.error(`Under ${THRESHOLD} %: ${failing.join(', ')}`);
  process.exitCode = 1;
} else if (!missing.length) {
  console.log(`Every core file scores at least ${THRESHOLD} %.`);
}
