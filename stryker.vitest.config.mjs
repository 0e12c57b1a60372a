// The unit tests that `npm run mutation` runs against each mutant: those of vite.config.ts, less the suites
// that drive external processes or thousands of requests (the AWS CLI, the fuzz suite, kill -9 durability,
// the cloud pass-through), which would add seconds to every mutant and run in `npm test` anyway. Modules are
// shared between test files (no isolation) to save their import for each mutant: Stryker switches mutants
// at run time, so no module needs reloading. A longer test timeout: the machine is shared while mutants run.
// STRYKER_TESTS (space-separated globs) narrows the tests for a quick partial run, e.g. the model's own tests
// for `--mutate server/backends/snapshots.ts`: its scores are then a lower bound.
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vite.config.ts';

export const slowSuites = ['server/fcu/aws-cli.test.ts', 'server/fuzz/**', 'server/**/durability*.test.ts', 'server/cloud/**'];
const only = process.env.STRYKER_TESTS?.split(/\s+/).filter(Boolean);

export default mergeConfig(
  only ? { ...base, test: { ...base.test, include: [] } } : base,
  defineConfig({
    test: {
      ...(only ? { include: only } : {}),
      exclude: [...configDefaults.exclude, ...slowSuites],
      isolate: false,
      testTimeout: 30_000,
    },
  }),
);
