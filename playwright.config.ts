import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { E2E_BASE_URL, E2E_PORT } from './e2e/config';

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((path) => path && existsSync(path));

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  // No test may need a retry to pass: a flaky test is a defect to fix, not to hide.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    // Debian's chromium where present; otherwise Playwright's own (see scripts/bootstrap.mjs).
    launchOptions: chromium ? { executablePath: chromium } : {},
  },
  webServer: {
    command: `node --import tsx server/main.ts --memory --quiet --port ${E2E_PORT} --speed 20`,
    url: `${E2E_BASE_URL}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
