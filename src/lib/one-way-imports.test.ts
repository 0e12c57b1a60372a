/**
 * The layer rule of eslint.config.js (`layers/one-way-imports`, and the no-React/DOM/Node rule of src/api), run
 * by ESLint itself on snippets placed in the tree: a wrong import fails `npm run check`.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** Every problem ESLint finds in `code` as if it were the file at `path` (from the repository root). */
async function lint(path: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return result!.messages.map((m) => ({ rule: m.ruleId, line: m.line, message: m.message }));
}

describe('one-way imports in src/', () => {
  it('refuses a feature importing another feature, app/, or anything outside src/, however it imports it', async () => {
    const problems = await lint(
      'src/features/copy/bad.ts',
      [
        "export { SnapshotsPage } from '../snapshots/snapshots-page';",
        "export * from '../../app/header';",
        "import '../../../server/app';",
        "export const table = () => import('../snapshots/snapshot-table');",
      ].join('\n'),
    );
    expect(problems).toEqual([
      { rule: 'layers/one-way-imports', line: 1, message: expect.stringContaining('src/features/copy may not import src/features/snapshots: a feature imports no other feature') },
      { rule: 'layers/one-way-imports', line: 2, message: expect.stringContaining('src/features/copy may not import src/app: imports go down the layers') },
      { rule: 'layers/one-way-imports', line: 3, message: expect.stringContaining('src/features/copy may not import ../../../server/app') },
      { rule: 'layers/one-way-imports', line: 4, message: expect.stringContaining('may not import src/features/snapshots') },
    ]);
  });

  it('refuses the shared layer importing a feature or app/, and src/api importing the UI layers', async () => {
    expect(await lint('src/lib/bad.ts', "export { jobsStore } from '../features/copy/jobs-store';")).toEqual([
      { rule: 'layers/one-way-imports', line: 1, message: expect.stringContaining('src/lib may not import src/features/copy') },
    ]);
    expect(await lint('src/components/ui/bad.ts', "export { App } from '../../app/app';")).toEqual([
      { rule: 'layers/one-way-imports', line: 1, message: expect.stringContaining('src/components may not import src/app') },
    ]);
    expect(await lint('src/api/bad.ts', "export { navigate } from '../lib/router';")).toEqual([
      { rule: 'layers/one-way-imports', line: 1, message: expect.stringContaining('src/api may not import src/lib') },
    ]);
  });

  it('refuses React, Node modules and DOM globals in src/api (tests apart)', async () => {
    const problems = await lint(
      'src/api/bad.ts',
      ["export { useState } from 'react';", "export { readFileSync } from 'node:fs';", "export { join } from 'path';", 'export const here = () => window.location.href;'].join('\n'),
    );
    expect(problems.map((p) => [p.rule, p.line])).toEqual([
      ['no-restricted-imports', 1],
      ['no-restricted-imports', 2],
      ['no-restricted-imports', 3],
      ['no-restricted-globals', 4],
    ]);
    expect(await lint('src/api/ok.test.ts', "export { execFileSync } from 'node:child_process';")).toEqual([]);
  });

  it('accepts imports that go down, or stay inside one feature or the shared layer', async () => {
    const down = [
      "export { navigate } from '../../lib/router';",
      "export { Button } from '../../components/ui/button';",
      "export { isOscApiError } from '../../api/errors';",
      "export { jobsStore } from './jobs-store';",
      "export const dialog = () => import('./copy-dialog');",
    ].join('\n');
    expect(await lint('src/features/copy/good.ts', down)).toEqual([]);
    expect(await lint('src/app/good.ts', "export { SnapshotsPage } from '../features/snapshots/snapshots-page';\nexport { Link } from '../lib/link';")).toEqual([]);
    expect(await lint('src/lib/good.ts', "export { Button } from '../components/ui/button';\nexport { OscApiError } from '../api/errors';")).toEqual([]);
    expect(await lint('src/features/copy/good.test.ts', "import '../../../server/app';")).toEqual([]);
  });
});
