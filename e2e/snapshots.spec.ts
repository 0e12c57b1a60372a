import { randomUUID } from 'node:crypto';
import type { Request } from '@playwright/test';
import type { FiltersSnapshot } from '../src/api/requests';
import type { Snapshot } from '../src/api/schemas';
import { expect, expectNoSeriousA11yViolations, found, test, type OscApi } from './fixtures';

/** The page's instant search as README states it: the word appears in the ID, the description or a tag `KEY=VALUE`, in any case. */
function matchesSearch(snapshot: Snapshot, word: string): boolean {
  const haystack = [snapshot.SnapshotId, snapshot.Description ?? '', ...snapshot.Tags.map((tag) => `${tag.Key}=${tag.Value}`)];
  return haystack.some((text) => text.toLowerCase().includes(word.toLowerCase()));
}

/** A word of the descriptions that some, not all, of these snapshots match: a search that narrows the list. */
function narrowingWord(snapshots: Snapshot[]): { word: string; matches: Snapshot[] } {
  const words = [...new Set(snapshots.flatMap((s) => (s.Description ?? '').toLowerCase().split(/[^a-z]+/)))].filter((w) => w.length >= 5).sort();
  for (const word of words) {
    const matches = snapshots.filter((s) => matchesSearch(s, word));
    if (matches.length > 0 && matches.length < snapshots.length) return { word, matches };
  }
  throw new Error('no description word narrows the list: the sandbox data cannot show a search');
}

/** A tag that some, not all, of these snapshots carry: a tag filter that narrows the list. */
function narrowingTag(snapshots: Snapshot[]): { tag: string; matches: Snapshot[] } {
  const tags = [...new Set(snapshots.flatMap((s) => s.Tags.map((t) => `${t.Key}=${t.Value}`)))].sort();
  for (const tag of tags) {
    const matches = snapshots.filter((s) => s.Tags.some((t) => `${t.Key}=${t.Value}` === tag));
    if (matches.length < snapshots.length) return { tag, matches };
  }
  throw new Error('no tag narrows the list: the sandbox data cannot show a tag filter');
}

/**
 * What the default view lists: the account's own snapshots and those shared with it (each once), not the
 * public crowd; `filters` are the other server-side filters of the view.
 */
async function ownAndShared(api: OscApi, filters: FiltersSnapshot = {}): Promise<Snapshot[]> {
  const me = api.account.AccountId;
  const [own, shared] = await Promise.all([
    api.snapshots({ ...filters, AccountIds: [me] }),
    api.snapshots({ ...filters, PermissionsToCreateVolumeAccountIds: [me] }),
  ]);
  return [...new Map([...own, ...shared].map((s) => [s.SnapshotId, s])).values()];
}

/** The order of Size ascending: size, then creation date, then ID (the table's stable sort). */
const bySizeAscending = (a: Snapshot, b: Snapshot) =>
  a.VolumeSize - b.VolumeSize || Date.parse(a.CreationDate) - Date.parse(b.CreationDate) || a.SnapshotId.localeCompare(b.SnapshotId);

test('browse, filter, reload, inspect and switch accounts on the snapshots page', async ({ page, sandbox, snapshotsPage: list }) => {
  const operator = await sandbox.account('operator');
  const partner = await sandbox.account('partner');
  const api = await sandbox.api('operator');
  const visible = await ownAndShared(api);

  // The first pages are sent once, by src/early-read.ts before the app's scripts ran, and taken by the app: a
  // ReadSnapshots sent again by the first read would be a third and fourth first page here.
  const firstPages: string[] = [];
  const recordFirstPage = (request: Request) => {
    if (request.url().endsWith('/api/v1/ReadSnapshots') && /"ResultsPerPage":100\b/.test(request.postData() ?? '')) firstPages.push(request.postData()!);
  };
  page.on('request', recordFirstPage);
  await list.open();
  page.off('request', recordFirstPage);
  expect(firstPages.sort()).toEqual(
    [{ AccountIds: [operator.AccountId] }, { PermissionsToCreateVolumeAccountIds: [operator.AccountId] }].map((Filters) => JSON.stringify({ Filters, ResultsPerPage: 100 })).sort(),
  );
  await expect(page.getByLabel('Connected account')).toContainText(operator.AccountId);
  await expect(page.getByLabel('Connected account')).toContainText(operator.Region);
  await list.expectShowing(visible.length, visible.length);
  await expectNoSeriousA11yViolations(page);

  // the public crowd (the publisher's OS images) only on request: Owner = Public, or All
  const everything = await api.snapshots();
  const publicOnly = everything.filter((s) => s.AccountId !== operator.AccountId && !s.PermissionsToCreateVolume.AccountIds.includes(operator.AccountId));
  expect(publicOnly.length, 'public snapshots of other accounts in the demo data').toBeGreaterThan(1000);
  expect(visible.some((s) => publicOnly.includes(s))).toBe(false);
  const ownerFilter = page.getByLabel('Owner', { exact: true });
  await ownerFilter.selectOption({ label: 'All, with public' });
  await expect(page).toHaveURL(/[?&]owner=all/);
  await list.expectShowing(everything.length, everything.length);
  await list.search.fill(publicOnly[0]!.Tags.find((t) => t.Key === 'Name')!.Value);
  await list.expectShowing(1, everything.length);
  await list.search.fill('');
  await ownerFilter.selectOption({ label: 'Public' });
  await list.expectShowing(publicOnly.length, publicOnly.length);
  await ownerFilter.selectOption({ label: 'Mine and shared' });
  await expect(page).not.toHaveURL(/owner=/);
  await list.expectShowing(visible.length, visible.length);

  // every state the sandbox holds has its badge (one snapshot of each, found by the instant search on its ID);
  // a copy in flight may move on meanwhile: the badge shows the state the API gives now
  const oneOfEachState = new Map(visible.map((s) => [s.State, s]));
  expect(oneOfEachState.size, 'states in the demo data').toBeGreaterThan(1);
  for (const snapshot of oneOfEachState.values()) {
    await list.search.fill(snapshot.SnapshotId);
    await list.expectShowing(1, visible.length);
    await expect(async () => {
      const [now] = await api.snapshots({ SnapshotIds: [snapshot.SnapshotId] });
      await expect(list.table.getByText(found(now, snapshot.SnapshotId).State, { exact: true })).toBeVisible({ timeout: 1000 });
    }).toPass();
  }
  await list.search.fill('');

  // a snapshot made through the API shows up on Refresh
  const volumes = (await api.call('ReadVolumes')).Volumes.sort((a, b) => a.Size - b.Size);
  const made = found((await api.call('CreateSnapshot', { VolumeId: found(volumes[0], 'volume').VolumeId, Description: 'Made by the end-to-end test' })).Snapshot, 'created snapshot');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await list.expectShowing(visible.length + 1, visible.length + 1);
  // it is the smallest volume's: it completes in seconds; the counts below are compared once it has settled
  await expect.poll(async () => (await api.snapshots({ SnapshotIds: [made.SnapshotId] }))[0]?.State, { timeout: 30_000 }).toBe('completed');

  // server-side filters live in the URL
  await list.filterByState('completed');
  await expect(page).toHaveURL(/[?&]state=completed/);
  const completed = await ownAndShared(api, { States: ['completed'] });
  await list.expectShowing(completed.length, completed.length);
  const tagged = narrowingTag(completed);
  await list.filterByTag(tagged.tag);
  await expect(page).toHaveURL(new RegExp(`tag=${encodeURIComponent(tagged.tag)}`));
  await list.expectShowing(tagged.matches.length, tagged.matches.length);
  await expect(list.table.getByText('pending', { exact: true })).toHaveCount(0);

  await page.reload();
  await expect(list.stateFilter).toHaveValue('completed');
  await expect(list.tagFilter).toHaveValue(tagged.tag);
  await list.expectShowing(tagged.matches.length, tagged.matches.length);

  // Back undoes the last filter
  await page.goBack();
  await expect(page).not.toHaveURL(/tag=/);
  await list.expectShowing(completed.length, completed.length);

  // a bad tag gets a field message, not a request (a key alone is a filter: any value)
  await list.tagFilter.fill('=prod');
  await list.tagFilter.press('Enter');
  await expect(page.getByText('Write the tag as KEY=VALUE')).toBeVisible();
  await expect(page).not.toHaveURL(/tag=/);

  // instant search, then sort by size: the smallest match comes first
  const searched = narrowingWord(completed);
  await list.search.fill(searched.word);
  await expect(page).toHaveURL(new RegExp(`q=${searched.word}`));
  await list.expectShowing(searched.matches.length, completed.length);
  await list.sortBy('Size (GiB)');
  await expect(page.getByRole('columnheader', { name: /Size/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page).toHaveURL(/sort=size&dir=asc/);
  const smallest = [...searched.matches].sort(bySizeAscending)[0]!;
  await expect(list.table.getByRole('link').first()).toHaveText(smallest.SnapshotId);

  // detail page and back
  await page.goto('/');
  // Every page read first: the demo list is more than one page, and a later page can bring a newer first row.
  await expect(list.status).toHaveText(/^Showing ([\d,]+) of \1 snapshots$/);
  const firstId = await list.firstSnapshotId();
  await list.table.getByRole('link', { name: firstId }).click();
  await expect(page).toHaveURL(new RegExp(`/snapshots/${firstId}$`));
  await expect(page.getByRole('heading', { name: `Snapshot ${firstId}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Who may create volumes from it' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: 'Back to snapshots' }).click();
  await expect(list.table).toBeVisible();

  // deep links: an unknown and a malformed ID get a clear page
  const unknownId = 'snap-00000000';
  expect(visible.map((s) => s.SnapshotId)).not.toContain(unknownId);
  await page.goto(`/snapshots/${unknownId}`);
  await expect(page.getByRole('heading', { name: `Snapshot ${unknownId} not found` })).toBeVisible();
  await expect(page.getByText(/has not shared it with/)).toBeVisible();
  await page.goto('/snapshots/not-an-id');
  await expect(page.getByText('This is not a snapshot ID')).toBeVisible();

  // the partner's side of the share
  const partnerSees = await (await sandbox.api('partner')).snapshots();
  const partnerOwn = partnerSees.filter((s) => s.AccountId === partner.AccountId);
  const sharedWithPartner = partnerSees.filter((s) => s.AccountId !== partner.AccountId && s.PermissionsToCreateVolume.AccountIds.includes(partner.AccountId));
  await page.goto('/?owner=mine');
  await page.getByLabel('Act as').selectOption({ label: `${partner.AccountAlias ?? partner.AccountId} (partner, sandbox)` });
  await expect(page.getByLabel('Connected account')).toContainText(partner.AccountId);
  await list.expectShowing(partnerOwn.length, partnerOwn.length);
  await page.goto('/?owner=shared');
  await list.expectShowing(sharedWithPartner.length, sharedWithPartner.length);
  // a tag no snapshot has: the empty state says what to do
  await list.filterByTag(`absent=${randomUUID()}`);
  await list.expectShowing(0, 0);
  await expect(page.getByText('No snapshot matches these filters.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Clear filters and search' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('connect to an OUTSCALE endpoint by hand, see a rejected key explained, and disconnect', async ({ page, sandbox }) => {
  const operator = await sandbox.account('operator');
  await page.goto('/');
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByRole('heading', { name: 'Connect to OUTSCALE' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByText('Enter your access key.')).toBeVisible();

  await page.getByLabel('Region', { exact: true }).selectOption('custom');
  await page.getByLabel('Endpoint URL').fill(sandbox.baseURL);
  await page.getByLabel('Region name').fill(operator.Region);
  await page.getByLabel('Access key').fill(operator.AccessKey);
  await page.getByLabel('Secret key').fill('not-the-secret');
  await page.getByRole('button', { name: 'Connect' }).click();
  const failure = page.getByRole('alert').filter({ hasText: 'Could not connect' });
  await expect(failure).toContainText('access key or secret key was rejected');
  await expect(failure).toContainText('AccessDenied');
  await expect(failure.getByText(/^[0-9a-f-]{36}$/)).toBeVisible();

  await page.getByLabel('Secret key').fill(operator.SecretKey);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByLabel('Connected account')).toContainText(`OUTSCALE · account ${operator.AccountId}`);
  await expect(page.getByRole('table', { name: 'Snapshots' })).toBeVisible();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(operator.SecretKey);
  expect(page.url()).not.toContain(operator.SecretKey);

  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByRole('heading', { name: 'Connect to OUTSCALE' })).toBeVisible();
});

test('dark mode follows the system and can be toggled', async ({ page, snapshotsPage: list }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.getByRole('button', { name: /Theme: system/ }).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.getByRole('button', { name: /Theme: light/ }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(list.table).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('the list works by keyboard alone and on a narrow window', async ({ page, sandbox, snapshotsPage: list }) => {
  const visible = await ownAndShared(await sandbox.api('operator'));
  const failed = found(visible.find((s) => s.State === 'error' && s.Description), 'snapshot in error with a description');
  await page.setViewportSize({ width: 390, height: 800 });
  await list.open();
  const bodyWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(bodyWidth).toBeLessThanOrEqual(390);
  await expectNoSeriousA11yViolations(page);

  await list.search.focus();
  await page.keyboard.type(failed.SnapshotId);
  await list.expectShowing(1, visible.length);
  // Tab to the list's row, a card on a phone (one Tab stop), open it with Enter
  let focusedLink = '';
  for (let i = 0; i < 20 && !focusedLink.startsWith('snap-'); i++) {
    await page.keyboard.press('Tab');
    focusedLink = await page.evaluate(() => (document.activeElement?.matches('[data-row]') ? (document.activeElement.querySelector('a')?.innerText ?? '') : ''));
  }
  expect(focusedLink).toBe(failed.SnapshotId);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Snapshot ${failed.SnapshotId}` })).toBeVisible();
  await expect(page.getByText(failed.Description!).first()).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'This snapshot is in error' })).toBeVisible();
});
