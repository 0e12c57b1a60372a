import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
await page.goto(process.argv[2]);
await page.getByRole('table', { name: 'Snapshots' }).waitFor({ timeout: 10000 }).catch((e) => console.log('no table', e.message));
await page.screenshot({ path: process.argv[3] });
await browser.close();
