/**
 * Issue 15 item 5: the Overview page at 50,000 extra snapshots (the sandbox's crowd seed, --seed-extra), from
 * the moment its data is there to the first frame drawn with the figures and charts: the page's own measure
 * `overview:compute-and-draw` (mark `overview:compute` as the computation starts, `overview:drawn` in the
 * animation frame after the commit). Three samples: the first load, then two refreshes (Refresh button), each
 * computed again from the whole list. `node --import tsx bench/overview.ts` runs it alone (after `vite build`).
 */
import { chromium } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import { executablePath } from './page';
import { ms, printTable, type Row } from './report';
import { startSandbox } from './sandbox';

const TARGET_MS = 200;
const EXTRA_SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 50_000);
const TIMEOUT_MS = 180_000;

async function samples(url: string): Promise<{ durations: number[]; total: string }> {
  const path = executablePath();
  const browser = await chromium.launch(path ? { executablePath: path } : {});
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript('globalThis.__name ??= (target) => target;');
    await page.goto(url);
    const measures = () => page.evaluate(() => performance.getEntriesByName('overview:compute-and-draw', 'measure').map((m) => m.duration));
    const durations: number[] = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForFunction((n) => performance.getEntriesByName('overview:compute-and-draw', 'measure').length > n, durations.length, { timeout: TIMEOUT_MS });
      durations.push((await measures()).at(-1)!);
      // The Refresh button is enabled again once both reads are done.
      await page.getByRole('button', { name: 'Refresh' }).and(page.locator(':enabled')).waitFor({ timeout: TIMEOUT_MS });
    }
    const total = await page.getByTestId('figure-total').getByTestId('figure-count').innerText();
    return { durations, total };
  } finally {
    await browser.close();
  }
}

export async function benchOverview(rows: Row[]): Promise<boolean> {
  console.log(`Overview page: ${EXTRA_SNAPSHOTS.toLocaleString('en')} extra snapshots, data there → figures and charts drawn`);
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  try {
    sandbox = await startSandbox(EXTRA_SNAPSHOTS);
    const { durations, total } = await samples(`${sandbox.url}/overview`);
    const worst = Math.max(...durations);
    console.log(`  ${total} snapshots counted; compute and draw: ${durations.map(ms).join(', ')} (load, refresh, refresh)`);
    rows.push({ metric: `overview compute and draw (${total} snapshots, worst of 3)`, value: ms(worst), target: `≤ ${TARGET_MS} ms`, ratio: worst / TARGET_MS });
    return true;
  } catch (error) {
    console.error(`  overview: the bench could not run: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    rows.push({ metric: 'overview compute and draw', value: 'failed' });
    return false;
  } finally {
    await sandbox?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows: Row[] = [];
  const ran = await benchOverview(rows);
  printTable(rows);
  process.exitCode = ran ? 0 : 1;
}
