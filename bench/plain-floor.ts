/**
 * Plain-DOM floors for the page's two time budgets: what each figure reads when the page is nothing but its own
 * markup, CSS and requests, with no React, no zod and no app code at all. A budget under its plain floor cannot be
 * met by any renderer on this machine; the gap between a figure and its floor is what the app's code costs.
 *
 * Both start from the dashboard itself: it is loaded once in Chromium 1280×800 and its first screen (`#root`, the
 * `<html>` element's class and style) captured, so the floors follow the markup as it changes.
 * - First rows: bench/plain-floor/main.ts built now, and the dashboard's own dist/index.html (its preloads,
 *   stylesheet and icon) with that script instead of the dashboard's and the captured first screen (its first rows
 *   included) in a `<template>`, served as the dashboard by a sandbox seeded and delayed as the figure's: the same
 *   requests (demo accounts, the view's first pages signed by src/api/signer.ts), both answers parsed, then the
 *   captured screen put in place. Navigation → its `snapshots:rows-painted` mark.
 * - Keystroke: the captured screen with every row loaded (search box, table), the dashboard's CSS inlined, and a
 *   search box whose input handler writes the text of another row into each row in view (each text node that
 *   differs, by plain DOM: no element made, no highlight): the least work that shows 14 new rows. The bench's own
 *   probe and keys (page.ts), so both of its methods (rAF + task, Event Timing) get a floor.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'vite';
import { initialScripts } from './bundle';
import { measureEntry, openPage, probeKeys, type Keystrokes } from './page';
import { startSandbox } from './sandbox';
import { rowsPaintedAfter } from './trace-kit';

const TIMEOUT_MS = 60_000;

interface Screen {
  root: string;
  className: string;
  style: string;
}

/** The dashboard at `url` once its rows after `mark` are painted: its #root and `<html>` attributes. */
async function captureScreen(url: string, mark: 'snapshots:first-page' | 'snapshots:data-arrived'): Promise<Screen> {
  const { browser, page } = await openPage(url, false);
  try {
    await rowsPaintedAfter(page, mark, TIMEOUT_MS);
    return await page.evaluate(() => ({
      root: document.getElementById('root')!.innerHTML,
      className: document.documentElement.className,
      style: document.documentElement.getAttribute('style') ?? '',
    }));
  } finally {
    await browser.close();
  }
}

/** The dashboard's stylesheet in `dist` (index.html's `<link rel="stylesheet">`). */
function appCss(dist: string): string {
  const href = /<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/.exec(readFileSync(join(dist, 'index.html'), 'utf8'))?.[1];
  if (!href) throw new Error(`${dist}/index.html links no stylesheet`);
  return join(dist, href.replace(/^\//, ''));
}

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * Navigation → first rows of the plain page, `loads` times, each in a freshly launched browser (as the figure's
 * loads): the dashboard at `appUrl` is captured first, and the plain page is served by its own sandbox started
 * with `extraSnapshots` and `flags` (the figure's seed and --latency).
 */
export async function plainFirstRows(appUrl: string, extraSnapshots: number, flags: string[], loads: number): Promise<number[]> {
  const screen = await captureScreen(appUrl, 'snapshots:first-page');
  const out = mkdtempSync(join(tmpdir(), 'bench-plain-'));
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  try {
    const dist = resolve('dist');
    await build({
      configFile: false,
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true, modulePreload: false, rollupOptions: { input: resolve('bench/plain-floor/main.ts'), output: { entryFileNames: 'assets/plain-floor.js' } } },
    });
    const css = appCss(dist);
    mkdirSync(join(out, 'assets'), { recursive: true });
    copyFileSync(css, join(out, 'assets', basename(css)));
    // The dashboard's own index.html (its preloads, stylesheet, icon), its scripts replaced by the plain page's.
    const html = readFileSync(join(dist, 'index.html'), 'utf8')
      .replace(/<script\b[^>]*><\/script>\s*/g, '')
      .replace(/<link\b[^>]*rel="(?:modulepreload|prefetch)"[^>]*>\s*/g, '')
      .replace('</head>', '  <script type="module" crossorigin src="/assets/plain-floor.js"></script>\n  </head>')
      .replace(/<html lang="en">/, `<html lang="en" class="${attribute(screen.className)}" style="${attribute(screen.style)}">`)
      .replace('<div id="root"></div>', `<div id="root"></div>\n    <template id="page">${screen.root}</template>`);
    if (initialScripts(html).join() !== '/assets/plain-floor.js') throw new Error(`the plain page's index.html should load only its own script: ${initialScripts(html).join(', ')}`);
    writeFileSync(join(out, 'index.html'), html);
    sandbox = await startSandbox(extraSnapshots, flags, undefined, out);
    const times: number[] = [];
    for (let load = 0; load < loads; load++) times.push(await measureEntry(`${sandbox.url}/`, 'snapshots:rows-painted'));
    return times;
  } finally {
    await sandbox?.stop();
    rmSync(out, { recursive: true, force: true });
  }
}

/** The bench's keys on the plain copy of the dashboard at `appUrl` (all rows loaded), each rewriting the 14 rows in view. */
export async function plainKeystrokes(appUrl: string, keys: string[]): Promise<Keystrokes> {
  const screen = await captureScreen(appUrl, 'snapshots:data-arrived');
  const css = readFileSync(appCss(resolve('dist')), 'utf8');
  const { browser, page } = await openPage('about:blank', false);
  try {
    await page.setContent(
      `<!doctype html><html lang="en" class="${attribute(screen.className)}" style="${attribute(screen.style)}"><head><style>${css}</style></head><body><div id="root">${screen.root}</div></body></html>`,
    );
    const search = page.getByRole('searchbox', { name: 'Search snapshots' });
    const table = page.getByRole('table', { name: 'Snapshots' });
    const [input, tableElement] = await Promise.all([search.elementHandle(), table.elementHandle()]);
    await page.evaluate((element) => {
      const textsOf = (row: Element) => {
        const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
        const nodes: Text[] = [];
        while (walker.nextNode()) nodes.push(walker.currentNode as Text);
        return nodes;
      };
      const rows = Array.from((element as HTMLTableElement).tBodies[0]!.rows).filter((row) => row.dataset.row !== undefined);
      const nodes = rows.map(textsOf);
      const texts = nodes.map((list) => list.map((node) => node.data));
      let shift = 0;
      document.querySelector('input[type="search"]')!.addEventListener('input', () => {
        shift++;
        nodes.forEach((list, i) => {
          const from = texts[(i + shift) % texts.length]!;
          list.forEach((node, j) => {
            // Only what differs, as React writes.
            const text = from[j] ?? '';
            if (node.data !== text) node.data = text;
          });
        });
      });
    }, tableElement);
    // The rows' first cell is a checkbox (no text): the probe times each key to the frame after it (its fallback),
    // which holds the change, as the handler writes it at once.
    return await probeKeys(page, input!, tableElement!, keys, { quietMs: 50, noChangeMs: 100 });
  } finally {
    await browser.close();
  }
}
