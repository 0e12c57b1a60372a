/** Timings of the snapshots page in Chromium, read from the page's own performance marks. */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export interface PageFigures {
  rows: number;
  loadMs: number;
  dataToRowsMs: number;
  keystrokeMs: number[];
}

const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((path) => path && existsSync(path));

export async function measurePage(url: string, keys: string[]): Promise<PageFigures> {
  const browser = await chromium.launch(chromiumPath ? { executablePath: chromiumPath } : {});
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    const status = page.getByRole('status').filter({ hasText: /^Showing/ });
    await status.waitFor({ timeout: 180_000 });
    await page.waitForFunction(() => performance.getEntriesByName('snapshots:rows-painted').length > 0, null, { timeout: 60_000 });
    const marks = await page.evaluate(() => ({
      data: performance.getEntriesByName('snapshots:data-arrived').at(-1)?.startTime ?? NaN,
      rows: performance.getEntriesByName('snapshots:rows-painted')[0]?.startTime ?? NaN,
    }));
    const total = Number(/of ([\d,]+) snapshots/.exec(await status.innerText())?.[1]?.replace(/,/g, '') ?? 0);

    const search = page.getByRole('searchbox', { name: 'Search snapshots' });
    await search.focus();
    // Time from keydown to the first frame painted after the list has been filtered.
    await page.evaluate(() => {
      const w = window as unknown as { __samples: number[] };
      w.__samples = [];
      document.addEventListener(
        'keydown',
        () => {
          const start = performance.now();
          requestAnimationFrame(() => setTimeout(() => w.__samples.push(performance.now() - start), 0));
        },
        true,
      );
    });
    for (const [index, key] of keys.entries()) {
      await page.keyboard.press(key);
      await page.waitForFunction((n) => (window as unknown as { __samples: number[] }).__samples.length > n, index);
      await page.waitForTimeout(50);
    }
    const keystrokeMs = await page.evaluate(() => (window as unknown as { __samples: number[] }).__samples);
    return { rows: total, loadMs: marks.rows, dataToRowsMs: marks.rows - marks.data, keystrokeMs };
  } finally {
    await browser.close();
  }
}
