import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { E2E_BASE_URL, E2E_WORKERS, sandboxPort } from './e2e/config';

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((path) => path && existsSync(path));

export default defineConfig({
  testDir: 'e2e',
  // Files are shared among the workers; a file's tests run in order in one worker. Each worker has its own sandbox
  // (e2e/config.ts), so the workers never see each other's data.
  fullyParallel: false,
  workers: E2E_WORKERS,
  // No test may need a retry to pass: a flaky test is a defect to fix, not to hide.
  retries: 0,
  // A hang detector, not a speed check: two journeys run at once on two cores, so one can take twice its time alone.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    // Debian's chromium where present; otherwise Playwright's own (see scripts/bootstrap.mjs).
    launchOptions: chromium ? { executablePath: chromium } : {},
  },
  webServer: Array.from({ length: E2E_WORKERS }, (_, index) => ({
    command: `node --import tsx server/main.ts --memory --quiet --port ${sandboxPort(index)} --speed 20`,
    url: `http://127.0.0.1:${sandboxPort(index)}/`,
    reuseExistingServer: false,
    // A hang detector, not a speed check: two journeys run at once on two cores, so one can take twice its time alone.
  timeout: 120_000,
    // The first sandbox's banner (its accounts, its endpoints) is enough.
    stdout: index === 0 ? ('pipe' as const) : ('ignore' as const),
  })),
});
