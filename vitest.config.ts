/**
 * `vitest run`: vite.config.ts's `test` block, plus how many test files run at once and in what order.
 * - Two at once. Vitest's default on a 2-core CI machine is one (cores − 1), but the slowest suites mostly wait:
 *   on the AWS CLI and s3cmd (child processes), on a sandbox child process started, killed with SIGKILL and
 *   restarted, on copies and exports progressing in real time. Two files side by side fill that waiting.
 *   (Vitest's own VITEST_MAX_WORKERS overrides the number.)
 * - The slowest first. Without Vitest's results cache (a clean clone) files go largest first, and these small but
 *   slow ones came last: one of them then ran alone while the other worker had nothing left to do.
 */
import { relative } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vite.config';

/** Slowest first, as measured on the clean-clone CI run (34, 34, 33, 28, 23, 22, 8, 7, 6 s); the rest after them. */
const SLOW_FIRST = [
  'server/fcu/aws-cli.test.ts',
  'server/fcu/aws-cli-operator.test.ts',
  'server/fuzz/fuzz.test.ts',
  'server/oos/clients.test.ts',
  'server/durability.test.ts',
  'server/export-durability.test.ts',
  'server/export-import.test.ts',
  'server/security.test.ts',
  'server/cloud/cloud.test.ts',
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = SLOW_FIRST.indexOf(relative(file.project.config.root, file.moduleId).split('\\').join('/'));
      return index < 0 ? SLOW_FIRST.length : index;
    };
    // A stable sort: the other files keep Vitest's order (failed first, then longest or largest first).
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default mergeConfig(
  base,
  defineConfig({
    test: {
      maxWorkers: 2,
      sequence: { sequencer: SlowFirst },
    },
  }),
);
