/**
 * Issue 15 against the sandbox: the Overview page's numbers equal counts taken through the API (own and shared
 * with the operator, ReadVolumes for the orphans, the copied-from tag for copies); "Orphaned" opens the list with
 * exactly those rows, and so does an age bucket; axe in light and dark; the page at 390 px.
 */
import type { Page } from '@playwright/test';
import type { Snapshot } from '../src/api/schemas';
import { expect, expectNoSeriousA11yViolations, test, type OscApi } from './fixtures';

async function expected(api: OscApi) {
  const me = api.account.AccountId;
  const own = await api.snapshots({ AccountIds: [me] });
  const shared = (await api.snapshots({ PermissionsToCreateVolumeAccountIds: [me] })).filter((s) => s.AccountId !== me);
  const volumes = new Set((await api.call('ReadVolumes', {})).Volumes.map((v) => v.VolumeId));
  const orphans = own.filter((s) => s.VolumeId && !volumes.has(s.VolumeId));
  const all: Snapshot[] = [...own, ...shared];
  return {
    total: all.length,
    own: own.length,
    shared: shared.length,
    error: all.filter((s) => s.State === 'error').length,
    orphans,
    copies: all.filter((s) => s.Tags.some((t) => t.Key === 'copied-from')).length,
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
