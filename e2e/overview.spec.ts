/**
 * Issue 15 against the sandbox: the Overview page's numbers equal counts taken through the API (own and shared
 * with the operator, ReadVolumes for the orphans, the copied-from tag for copies); "Orphaned" opens the list with
 * exactly those rows, and so does an age bucket; axe in light and dark; the page at 390 px. With the demo operator's
 * two Regions (eu-west-2, us-east-2, each its own account): "All connected Regions" equals counts through each
 * Region's API, its numbers open that Region's list (`region=`), and the header's Region switch goes back.
 */
import type { Page } from '@playwright/test';
import type { Snapshot } from '../src/api/schemas';
import type { DemoAccount } from '../src/api/sandbox';
import { expect, expectNoSeriousA11yViolations, found, oscApi, test, type OscApi } from './fixtures';

async function expected(api: OscApi) {
  const me = api.account.AccountId;
  const own = await api.snapshots({ AccountIds: [me] });
  const shared = (await api.snapshots({ PermissionsToCreateVolumeAccountIds: [me] })).filter((s) => s.AccountId !== me);
  const volumes = new Set((await api.call('ReadVolumes', {})).Volumes.map((v) => v.VolumeId));
  const orphans = own.filter((s) => s.VolumeId && !volumes.has(s.VolumeId));
  const all: Snapshot[] = [...own, ...shared];
  const copies = all.filter((s) => s.Tags.some((t) => t.Key === 'copied-from'));
  return {
    all,
    inFlight: { 'in-queue': copies.filter((s) => s.State === 'in-queue').length, pending: copies.filter((s) => s.State === 'pending').length },
    total: all.length,
    own: own.length,
    shared: shared.length,
    error: all.filter((s) => s.State === 'error').length,
    orphans,
    copies: copies.length,
  };
}

async function openOverview(page: Page) {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(page.getByTestId('figure-total')).toBeVisible();
}

const figure = (page: Page, id: string) => page.getByTestId(`figure-${id}`).getByTestId('figure-count');

test('the figures equal the counts taken through the API, and Orphaned opens the list with exactly those rows', async ({ page, sandbox, snapshotsPage }) => {
  const api = await sandbox.api('operator');
  const want = await expected(api);
  expect(want.orphans.length).toBeGreaterThan(0);
  expect(want.copies).toBeGreaterThan(0);
  await openOverview(page);
  await expect(page.getByText('not the bytes it stores')).toBeVisible();
  for (const [id, n] of [['total', want.total], ['own', want.own], ['shared', want.shared], ['error', want.error], ['orphaned', want.orphans.length], ['copies', want.copies]] as const) {
    await expect(figure(page, id), id).toHaveText(n.toLocaleString('en'));
  }

  await page.getByTestId('figure-orphaned').getByRole('link').click();
  await expect(page).toHaveURL(/[?&]volume=/);
  const url = new URL(page.url());
  expect(url.searchParams.get('owner')).toBe('mine');
  expect(new Set(url.searchParams.get('volume')!.split(','))).toEqual(new Set(want.orphans.map((s) => s.VolumeId)));
  await snapshotsPage.expectShowing(want.orphans.length, want.orphans.length);
  const first = [...want.orphans].sort((a, b) => (a.CreationDate < b.CreationDate ? 1 : -1))[0]!;
  await expect(snapshotsPage.row(first.SnapshotId)).toBeVisible();
});

test('an age bucket and a copy source open the list filtered to the rows they count', async ({ page, sandbox, snapshotsPage }) => {
  const api = await sandbox.api('operator');
  const me = api.account.AccountId;
  const all = [...(await api.snapshots({ AccountIds: [me] })), ...(await api.snapshots({ PermissionsToCreateVolumeAccountIds: [me] })).filter((s) => s.AccountId !== me)];
  const cutoff = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const older = all.filter((s) => s.CreationDate.slice(0, 10) <= cutoff).length;
  expect(older).toBeGreaterThan(0);
  await openOverview(page);
  const age = page.getByRole('region', { name: 'Age', exact: true });
  const bucket = age.getByRole('link', { name: /^Older than a year/ });
  await expect(bucket).toContainText(`${older.toLocaleString('en')} snapshots`);
  await bucket.click();
  await expect(page).toHaveURL(new RegExp(`[?&]to=${cutoff}`));
  await snapshotsPage.expectShowing(older, older);

  await page.goBack();
  const copies = page.getByRole('region', { name: 'Copies by source', exact: true });
  const top = copies.getByRole('link').first();
  const source = (await top.locator('span').first().textContent())!;
  const ofSource = all.filter((s) => s.Tags.some((t) => t.Key === 'copied-from' && t.Value === source)).length;
  await expect(top).toContainText(`${ofSource} snapshot`);
  await top.click();
  await snapshotsPage.expectShowing(ofSource, ofSource);
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe: the Overview page, ${theme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await openOverview(page);
    await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    await expectNoSeriousA11yViolations(page);
  });
}

test('390 px: nothing scrolls sideways, every link is reachable by keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openOverview(page);
  const sideways = () => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
  expect(await sideways()).toBeLessThanOrEqual(0);
  const links = await page.locator('main a[href]').count();
  expect(links).toBeGreaterThan(20);
  // Every link in the page takes focus from the keyboard (none hidden, none with a negative tabindex).
  expect(await page.locator('main a[href][tabindex="-1"], main [aria-hidden="true"] a').count()).toBe(0);
  await page.getByRole('region', { name: 'Top 10 volumes by total size of their snapshots' }).getByRole('link').last().focus();
  await page.keyboard.press('Tab');
  await expectNoSeriousA11yViolations(page);
});

/** The demo operator's two accounts: eu-west-2 (its first Region) and us-east-2, each with its own API client. */
async function bothRegions(sandbox: { baseURL: string; accounts(): Promise<DemoAccount[]> }) {
  const accounts = await sandbox.accounts();
  const home = found(accounts.find((a) => a.Role === 'operator'), 'demo operator');
  const abroad = found(accounts.find((a) => a !== home && a.Organisation === home.Organisation && a.Region !== home.Region), "demo operator's other Region");
  return { home: oscApi(sandbox.baseURL, home), abroad: oscApi(sandbox.baseURL, abroad) };
}

const cell = (page: Page, region: string, id: string) => page.getByTestId(`regions-row-${region}`).getByTestId(`cell-${id}`);

test('All connected Regions: each row equals counts through that Region\'s API; us-east-2\'s numbers open its list with exactly those rows; the header switch goes back by keyboard', async ({ page, sandbox, snapshotsPage }) => {
  const { home, abroad } = await bothRegions(sandbox);
  const [eu, us] = [await expected(home), await expected(abroad)];
  expect(us.total).toBeGreaterThan(0);
  expect(us.error).toBeGreaterThan(0);
  await openOverview(page);
  const summary = page.getByRole('table', { name: 'All connected Regions' });
  await expect(summary.getByRole('rowheader')).toHaveText([/^eu-west-2/, /^us-east-2/]);
  for (const [region, want] of [['eu-west-2', eu], ['us-east-2', us]] as const) {
    for (const [id, n] of [['total', want.total], ['own', want.own], ['shared', want.shared], ['error', want.error], ['orphaned', want.orphans.length]] as const) {
      await expect(cell(page, region, id).getByTestId('count'), `${region} ${id}`).toHaveText(n.toLocaleString('en'));
    }
    for (const state of ['in-queue', 'pending'] as const) {
      await expect(cell(page, region, 'in-flight').getByTestId(`in-flight-${state}`)).toContainText(`${want.inFlight[state]} ${state}`);
    }
  }
  // The page below is the Region shown: eu-west-2 (no region= in the URL).
  await expect(page.getByTestId('figure-total').getByTestId('figure-count')).toHaveText(eu.total.toLocaleString('en'));

  // us-east-2's snapshots: its list, exactly its rows (own and shared with its account, through its API).
  await cell(page, 'us-east-2', 'total').getByRole('link').click();
  await expect(page).toHaveURL(/\/\?region=us-east-2$/);
  await snapshotsPage.expectShowing(us.total, us.total);
  for (const s of us.all) await expect(snapshotsPage.row(s.SnapshotId)).toBeVisible();
  const header = page.getByRole('banner');
  await expect(header.getByLabel('Region', { exact: true })).toHaveValue('us-east-2');
  await expect(header.getByLabel('Connected account')).toContainText(`account ${abroad.account.AccountId} · us-east-2 · eu-west-2 (account ${home.account.AccountId})`);

  // Its errors: exactly the rows in error there.
  await page.goBack();
  await cell(page, 'us-east-2', 'error').getByRole('link').click();
  await expect(page).toHaveURL(/[?&]state=error&region=us-east-2$/);
  const usErrors = us.all.filter((s) => s.State === 'error');
  await snapshotsPage.expectShowing(usErrors.length, usErrors.length);
  for (const s of usErrors) await expect(snapshotsPage.row(s.SnapshotId)).toBeVisible();

  // Back to eu-west-2 with the keyboard: the header's Region select, one arrow up.
  const select = header.getByLabel('Region', { exact: true });
  await select.focus();
  await page.keyboard.press('ArrowUp');
  await expect(select).toHaveValue('eu-west-2');
  await expect(page).toHaveURL(/\/$/);
  await snapshotsPage.expectShowing(eu.total, eu.total);
  await expect(header.getByLabel('Connected account')).toContainText(`account ${home.account.AccountId} · eu-west-2 · us-east-2`);
});

test('axe: the Overview of us-east-2 with two Regions, then the Region switch at 390 px', async ({ page, sandbox }) => {
  const { abroad } = await bothRegions(sandbox);
  const us = await expected(abroad);
  await page.goto('/overview?region=us-east-2');
  await expect(page.getByRole('heading', { name: /^us-east-2/, level: 2 })).toBeVisible();
  await expect(page.getByTestId('figure-total').getByTestId('figure-count')).toHaveText(us.total.toLocaleString('en'));
  await expect(cell(page, 'eu-west-2', 'total').getByTestId('count')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.setViewportSize({ width: 390, height: 844 });
  const select = page.getByRole('banner').getByLabel('Region', { exact: true });
  await expect(select).toBeInViewport();
  const box = (await select.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBeLessThanOrEqual(0);
  await select.focus();
  await page.keyboard.press('ArrowUp');
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByRole('heading', { name: /^eu-west-2/, level: 2 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
