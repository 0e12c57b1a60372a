// Mutation testing (`npm run mutation`, tens of minutes on 2 cores; not part of `npm test`): Stryker changes the rules in
// the security, model, client and polling files one at a time and checks that some unit test fails.
// scripts/mutation-gate.mjs then holds the core files to their threshold.
// STRYKER_REPORT_DIR (default reports/mutation) lets a partial run (`npx stryker run --mutate FILE`) keep its
// own report and incremental file.
const reportDir = process.env.STRYKER_REPORT_DIR ?? 'reports/mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // The unit tests of vite.config.ts less the slow integration suites (see that file), in Stryker's sandbox.
  vitest: { configFile: 'stryker.vitest.config.mjs' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'server/osc/auth.ts',
    'server/osc/verify.ts',
    'server/osc/lockout.ts',
    'server/osc/sigv4.ts',
    'server/model/paging.ts',
    'server/backends/snapshots.ts',
    'src/features/copy/jobs-store.ts',
    'src/features/copy/poller.ts',
    'src/api/client.ts',
    'server/model/snapshot-query.ts',
    'server/model/sql-where.ts',
    'server/backends/tags.ts',
  ],
  // Only what the unit tests read is copied into the sandbox; node_modules (better-sqlite3's native addon
  // included) is symlinked, not copied.
  ignorePatterns: ['dist', '.data', 'e2e', 'bench', 'docs', 'public', 'test-results', 'playwright-report', 'reports'],
  coverageAnalysis: 'perTest',
  // Two test runners (2 cores); STRYKER_CONCURRENCY=1 on a busy machine.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  timeoutMS: 15_000,
  timeoutFactor: 2,
  // Reruns only re-test the mutants whose code or tests changed.
  incremental: true,
  incrementalFile: `${reportDir}/stryker-incremental.json`,
  thresholds: { high: 90, low: 85, break: null },
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true },
  htmlReporter: { fileName: `${reportDir}/mutation.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  // Static mutants (module-level constants) would each re-run every test: more than half the time on 2 cores.
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
