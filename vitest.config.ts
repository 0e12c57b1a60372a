/**
 * `vitest run`: vite.config.ts's `test` block, plus how many test files run at once. Vitest's default on a 2-core
 * CI machine is one (cores − 1), but the slowest suites mostly wait: on the AWS CLI and s3cmd (child processes),
 * on a sandbox child process started, killed with SIGKILL and restarted, on copies and exports progressing in real
 * time. Two files side by side fill that waiting. (Vitest's own VITEST_MAX_WORKERS overrides the number.)
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vite.config';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      maxWorkers: 2,
    },
  }),
);
