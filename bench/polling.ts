/**
 * How many API requests the page makes while copies are in flight: with 1, 10 and 100 copies over 60 s, then
 * with the tab hidden, then with nothing in flight. Target: one ReadSnapshots per poll interval, carrying every
 * in-flight ID, and zero requests when hidden or idle. Each case runs against its own sandbox, in parallel.
 */
import type { Browser, Page } from '@playwright/test';
import { createOscClient } from '../src/api/client';
import { demoAccountsResponseSchema } from '../src/api/sandbox';
import { startSandbox } from './sandbox';

export interface PollingFigures {
  copies: number;
  apiRequests: number;
  polls: number;
  idsPerPoll: [number, number];
  gapsMs: number[];
  hiddenRequests: number;
  idleRequests: number;
}

const WATCH_MS = Number(process.env.BENCH_POLL_SECONDS ?? 60) * 1000;
const QUIET_MS = 20_000;

interface Recorded {
  at: number;
  ids: number | null;
}

function record(page: Page): Recorded[] {
  const seen: Recorded[] = [];
  page.on('request', (request) => {
    if (!/\/api\/v1\//.test(request.url())) return;
    let ids: number | null = null;
    if (request.url().endsWith('/ReadSnapshots')) {
      const body = request.postDataJSON() as { Filters?: { SnapshotIds?: string[] } } | null;
      ids = body?.Filters?.SnapshotIds?.length ?? null;
    }
    seen.push({ at: Date.now(), ids });
  });
  return seen;
}

async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

async function runCase(browser: Browser, copies: number): Promise<PollingFigures> {
  // Slow copies (speed 0.2): every copy stays in flight for the whole minute.
  const sandbox = await startSandbox(0, ['--speed', '0.2', '--throttle', '1000']);
  try {
    const accounts = demoAccountsResponseSchema.parse(await (await fetch(`${sandbox.url}/sandbox/accounts`)).json()).Accounts;
    const partner = accounts.find((a) => a.Role === 'partner')!;
    const api = createOscClient({ endpoint: sandbox.url, region: partner.Region, accessKey: partner.AccessKey, secretKey: partner.SecretKey });
    const own = (await api.call('ReadSnapshots', { Filters: { AccountIds: [partner.AccountId], States: ['completed'] } })).Snapshots;
    for (let i = 0; i < copies; i++) {
      await api.call('CreateSnapshot', { SourceSnapshotId: own[i % own.length]!.SnapshotId, SourceRegionName: partner.Region });
    }
    const context = await browser.newContext();
    // tsx names functions with a __name() helper that pages do not have.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    await context.addInitScript((id) => sessionStorage.setItem('snapshot-console.demo-account', id), partner.AccountId);
    const page = await context.newPage();
    const seen = record(page);
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('table', { name: 'Snapshots' }).waitFor({ timeout: 60_000 });
    const start = Date.now();
    seen.length = 0;
    await page.waitForTimeout(WATCH_MS);
    const watched = seen.filter((r) => r.at - start <= WATCH_MS);
    const polls = watched.filter((r) => r.ids !== null);
    await setHidden(page, true);
    const hiddenFrom = seen.length;
    await page.waitForTimeout(QUIET_MS);
    const hiddenRequests = seen.length - hiddenFrom;
    await context.close();

    // Nothing in flight: the partner's own view once the copies are gone is what idle means; a fresh
    // sandbox account with no copies shows it without waiting for them to finish.
    const idleContext = await browser.newContext();
    const idleSandbox = await startSandbox(0, ['--throttle', '1000']);
    try {
      await idleContext.addInitScript((id) => sessionStorage.setItem('snapshot-console.demo-account', id), partner.AccountId);
      const idlePage = await idleContext.newPage();
      const idleSeen = record(idlePage);
      await idlePage.goto(`${idleSandbox.url}/`);
      await idlePage.getByRole('table', { name: 'Snapshots' }).waitFor({ timeout: 60_000 });
      idleSeen.length = 0;
      await idlePage.waitForTimeout(QUIET_MS);
      return {
        copies,
        apiRequests: watched.length,
        polls: polls.length,
        idsPerPoll: [Math.min(...polls.map((p) => p.ids!)), Math.max(...polls.map((p) => p.ids!))],
        gapsMs: polls.slice(1).map((p, i) => p.at - polls[i]!.at),
        hiddenRequests,
        idleRequests: idleSeen.length,
      };
    } finally {
      await idleContext.close();
      await idleSandbox.stop();
    }
  } finally {
    await sandbox.stop();
  }
}

export async function measurePolling(browser: Browser): Promise<PollingFigures[]> {
  return Promise.all([1, 10, 100].map((copies) => runCase(browser, copies)));
}
