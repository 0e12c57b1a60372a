/**
 * Timings of the snapshots page in Chromium: the page's own performance marks for the load, and an in-page
 * probe for keystroke latency. A page that does not (yet) behave as the bench expects raises PageNotReady,
 * which the bench reports instead of figures; anything else (no browser, no server) is a bench failure.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type ElementHandle, type Page } from '@playwright/test';
import { eventTimings, installKeystrokeProbe, type EventTimingSample, type KeystrokeSample, type ProbeWindow } from './keystroke-probe';

const MARKS_TIMEOUT_MS = 120_000;
const ELEMENT_TIMEOUT_MS = 10_000;

export class PageNotReady extends Error {}

export interface LoadFigures {
  snapshots: number;
  /** Navigation → the rows painted once every page has arrived. */
  loadMs: number;
  dataToRowsMs: number;
  /** Navigation → the first page's rows painted (the list streams in behind them); null if the page has no such mark. */
  firstRowsMs: number | null;
}

interface Marks {
  data: number | null;
  rows: number | null;
  firstRows: number | null;
}

export function executablePath(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((path): path is string => !!path && existsSync(path));
}

/**
 * The first data-arrived mark (every page received), and the first rows-painted mark at or after it; the first
 * rows-painted mark at or after the first page was shown (snapshots:first-page).
 */
async function readMarks(page: Page): Promise<Marks> {
  return page.evaluate(() => {
    const data = performance.getEntriesByName('snapshots:data-arrived', 'mark')[0]?.startTime ?? null;
    const first = performance.getEntriesByName('snapshots:first-page', 'mark')[0]?.startTime ?? null;
    const painted = performance.getEntriesByName('snapshots:rows-painted', 'mark').map((mark) => mark.startTime);
    const after = (time: number | null) => (time === null ? null : (painted.find((at) => at >= time) ?? null));
    return { data, rows: after(data), firstRows: after(first) };
  });
}

async function waitForLoad(page: Page, problems: string[], timeoutMs: number): Promise<LoadFigures> {
  const deadline = Date.now() + timeoutMs;
  let marks = await readMarks(page);
  while (marks.rows === null && Date.now() < deadline) {
    await page.waitForTimeout(250);
    marks = await readMarks(page);
  }
  if (marks.data === null || marks.rows === null) {
    const missing = marks.data === null ? 'snapshots:data-arrived' : 'snapshots:rows-painted (after data-arrived)';
    const seen = problems.length ? `; page errors: ${problems.slice(0, 3).join(' | ')}` : '';
    throw new PageNotReady(`no performance mark ${missing} within ${timeoutMs / 1000} s${seen}`);
  }
  const status = page.getByRole('status').filter({ hasText: /snapshots/ });
  const text = await status.first().innerText({ timeout: ELEMENT_TIMEOUT_MS }).catch(() => '');
  const total = /of ([\d,]+) snapshots/.exec(text)?.[1];
  if (!total) throw new PageNotReady(`no status "Showing … of N snapshots" (found "${text}")`);
  return { snapshots: Number(total.replace(/,/g, '')), loadMs: marks.rows, dataToRowsMs: marks.rows - marks.data, firstRowsMs: marks.firstRows };
}

/** The probe's samples and, when the browser has Event Timing, each keystroke's entries (see keystroke-probe.ts). */
export interface Keystrokes {
  samples: KeystrokeSample[];
  events: EventTimingSample[] | null;
}

export async function readKeystrokes(page: Page): Promise<Keystrokes> {
  // Event Timing entries are delivered after the frame they wait for: give the last ones time to arrive.
  await page.waitForTimeout(300);
  const { samples, events } = await page.evaluate(() => ({
    samples: (window as ProbeWindow).__benchKeystrokes ?? [],
    events: (window as ProbeWindow).__benchEvents ?? null,
  }));
  return { samples, events: events && eventTimings(samples, events) };
}

async function measureKeystrokes(page: Page, keys: string[]): Promise<Keystrokes> {
  const search = page.getByRole('searchbox', { name: 'Search snapshots' });
  const table = page.getByRole('table', { name: 'Snapshots' });
  const [input, tableElement] = await Promise.all([
    search.elementHandle({ timeout: ELEMENT_TIMEOUT_MS }),
    table.elementHandle({ timeout: ELEMENT_TIMEOUT_MS }),
  ]).catch((error: Error) => {
    throw new PageNotReady(`no searchbox "Search snapshots" or table "Snapshots": ${error.message.split('\n')[0]}`);
  });
  return probeKeys(page, input, tableElement, keys, { quietMs: 150, noChangeMs: 2_000 });
}

/**
 * `keys` typed into `input`, each settled before the next, timed by the keystroke probe on `table` (keystroke-probe.ts:
 * `quietMs`, `noChangeMs`): the app's search box, and each floor's.
 */
export async function probeKeys(page: Page, input: ElementHandle<Element>, table: ElementHandle<Element>, keys: string[], timing: { quietMs: number; noChangeMs: number }): Promise<Keystrokes> {
  await page.evaluate(installKeystrokeProbe, { input, table, ...timing });
  await input.focus();
  for (const [index, key] of keys.entries()) {
    await page.keyboard.press(key);
    await page
      .waitForFunction((count) => ((window as ProbeWindow).__benchKeystrokes?.length ?? 0) > count, index, {
        timeout: 10_000,
      })
      .catch(() => {
        throw new PageNotReady(`keystroke ${index + 1} (${key}) was not seen by the input within 10 s`);
      });
  }
  return readKeystrokes(page);
}

/**
 * Each method's own floor: the same probe on a blank page whose keystrokes change nothing, so each sample is
 * keydown → double rAF with no work in between (about two frames at 60 Hz), and Event Timing sees only the
 * browser's own handling of a keystroke in an input (usually under its 16 ms reporting threshold).
 */
async function measureFloor(context: BrowserContext, keys: number): Promise<Keystrokes> {
  const page = await context.newPage();
  try {
    await page.setContent('<section><input aria-label="floor"><table aria-label="floor"><tbody></tbody></table></section>');
    const input = await page.locator('input').elementHandle();
    const table = await page.locator('table').elementHandle();
    return await probeKeys(page, input, table, Array<string>(keys).fill('x'), { quietMs: 50, noChangeMs: 100 });
  } finally {
    await page.close();
  }
}

/** Each stage's figures, or why the page was not ready for it; other errors (no browser, no server) throw. */
export interface PageResult {
  load: LoadFigures | PageNotReady;
  keystrokes: Keystrokes | PageNotReady;
  floor: Keystrokes;
}

const orNotReady = <T>(work: Promise<T>): Promise<T | PageNotReady> =>
  work.catch((error: unknown) => {
    if (error instanceof PageNotReady) return error;
    throw error;
  });

/**
 * Chromium at 1280×800 on `url`, collecting page errors (and, with `consoleErrors`, console errors) in `problems`.
 * tsx compiles this file with esbuild's keepNames, which wraps named functions (the keystroke probe's) in
 * __name(); page.evaluate ships their source to the page, where __name must exist.
 */
export async function openPage(url: string, consoleErrors: boolean) {
  const path = executablePath();
  const browser = await chromium.launch(path ? { executablePath: path } : {});
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript('globalThis.__name ??= (target) => target;');
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    if (consoleErrors) page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    await page.goto(url);
    return { browser, context, page, problems };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Only the load (no keystrokes): e.g. against a sandbox started with --latency. */
export async function measureLoad(url: string, marksTimeoutMs = MARKS_TIMEOUT_MS): Promise<LoadFigures | PageNotReady> {
  const { browser, page, problems } = await openPage(url, false);
  try {
    return await orNotReady(waitForLoad(page, problems, marksTimeoutMs));
  } finally {
    await browser.close();
  }
}

/**
 * Navigation → first contentful paint of `url` in a fresh browser, as measureLoad opens it: with the bare React
 * page, the least "navigation → first rows" could be on this machine (its script fetched, evaluated, rendered
 * and painted; no data, no round trip).
 */
export const measureFirstPaint = (url: string): Promise<number> => measureEntry(url, 'first-contentful-paint');

/** Navigation → the first performance entry named `name` (a paint, a mark) of `url`, in a fresh browser as measureLoad opens it. */
export async function measureEntry(url: string, name: string): Promise<number> {
  const { browser, page } = await openPage(url, false);
  try {
    const handle = await page.waitForFunction((entry) => performance.getEntriesByName(entry)[0]?.startTime, name, { timeout: ELEMENT_TIMEOUT_MS });
    return Number(await handle.jsonValue());
  } finally {
    await browser.close();
  }
}

export async function measurePage(url: string, keys: string[], marksTimeoutMs = MARKS_TIMEOUT_MS): Promise<PageResult> {
  const { browser, context, page, problems } = await openPage(url, true);
  try {
    const load = await orNotReady(waitForLoad(page, problems, marksTimeoutMs));
    if (load instanceof PageNotReady) return { load, keystrokes: new PageNotReady('the page did not load'), floor: { samples: [], events: null } };
    const keystrokes = await orNotReady(measureKeystrokes(page, keys));
    await page.close();
    return { load, keystrokes, floor: await measureFloor(context, keys.length) };
  } finally {
    await browser.close();
  }
}
