/**
 * `node --import tsx scripts/screenshots.ts`: the README's screenshots, re-taken from the built dashboard (`npm run
 * build` first) on a fresh in-memory sandbox: desktop light and dark at 1440 × 900, phone at 390 × 844, the Overview at 1440 × 900.
 */
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';

const PORT = 4466;
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--memory', '--quiet', '--port', String(PORT)], { stdio: 'inherit' });
try {
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/sandbox/accounts`).catch(() => undefined))?.ok) break;
    if (i > 120) throw new Error('the sandbox did not start');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const shots = [
    { file: 'docs/screenshot-light.png', width: 1440, height: 900, colorScheme: 'light' as const },
    { file: 'docs/screenshot-dark.png', width: 1440, height: 900, colorScheme: 'dark' as const },
    { file: 'docs/screenshot-phone.png', width: 390, height: 844, colorScheme: 'light' as const },
    { file: 'docs/screenshot-overview.png', width: 1440, height: 900, colorScheme: 'light' as const, path: '/overview' },
  ];
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: shot.width, height: shot.height }, colorScheme: shot.colorScheme });
    await page.goto(`${base}${shot.path ?? ''}`);
    if (shot.path) await page.getByRole('heading', { level: 1 }).first().waitFor();
    else await page.getByRole('link', { name: /^snap-/ }).first().waitFor();
    // the dock's first poll and the relative times settle
    await page.waitForTimeout(1500);
    await page.screenshot({ path: shot.file });
    await page.close();
    console.log(`wrote ${shot.file}`);
  }
  await browser.close();
} finally {
  server.kill();
}
