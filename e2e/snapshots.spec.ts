import { expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { SnapshotsPage } from './pages/snapshots-page';

test('browse, filter, reload, inspect and switch accounts on the snapshots page', async ({ page, sandbox }) => {
  const accounts = await sandbox.accounts();
  const operator = accounts.find((account) => account.Role === 'operator')!;
  const partner = accounts.find((account) => account.Role === 'partner')!;
  const list = new SnapshotsPage(page);

  await list.open();
  await expect(page.getByLabel('Connected account')).toContainText(operator.AccountId);
  await expect(page.getByLabel('Connected account')).toContainText('eu-west-2');
  await expect(list.status).toHaveText(/Showing 41 of 41 snapshots/);
  for (const state of ['in-queue', 'pending', 'completed', 'error']) {
    await expect(list.table.getByText(state, { exact: true }).first()).toBeVisible();
  }
  await expectNoSeriousA11yViolations(page);

  // server-side filters live in the URL
  await list.filterByState('completed');
  await expect(page).toHaveURL(/[?&]state=completed/);
  await expect(list.status).toHaveText(/Showing 38 of 38 snapshots/);
  await list.filterByTag('env=prod');
  await expect(page).toHaveURL(/tag=env%3Dprod/);
  const filtered = await list.rowCount();
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(38);
  await expect(list.table.getByText('pending', { exact: true })).toHaveCount(0);

  await page.reload();
  await expect(list.stateFilter).toHaveValue('completed');
  await expect(list.tagFilter).toHaveValue('env=prod');
  await expect(list.status).toHaveText(new RegExp(`Showing ${filtered} of ${filtered} snapshots`));

  // Back undoes the last filter
  await page.goBack();
  await expect(page).not.toHaveURL(/tag=/);
  await expect(list.status).toHaveText(/Showing 38 of 38 snapshots/);

  // a bad tag gets a field message, not a request
  await list.tagFilter.fill('env');
  await list.tagFilter.press('Enter');
  await expect(page.getByText('Write the tag as KEY=VALUE')).toBeVisible();
  await expect(page).not.toHaveURL(/tag=/);

  // instant search, then sort by size
  await list.search.fill('nightly');
  await expect(page).toHaveURL(/q=nightly/);
  const searched = await list.rowCount();
  expect(searched).toBeGreaterThan(0);
  expect(searched).toBeLessThan(38);
  await list.sortBy('Size (GiB)');
  await expect(page.getByRole('columnheader', { name: /Size/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page).toHaveURL(/sort=size&dir=asc/);

  // detail page and back
  await page.goto('/');
  const firstId = await list.firstSnapshotId();
  await list.table.getByRole('link', { name: firstId }).click();
  await expect(page).toHaveURL(new RegExp(`/snapshots/${firstId}$`));
  await expect(page.getByRole('heading', { name: `Snapshot ${firstId}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Who may create volumes from it' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: 'Back to snapshots' }).click();
  await expect(list.table).toBeVisible();

  // deep links: an unknown and a malformed ID get a clear page
  await page.goto('/snapshots/snap-00000000');
  await expect(page.getByRole('heading', { name: 'Snapshot snap-00000000 not found' })).toBeVisible();
  await expect(page.getByText(/has not shared it with/)).toBeVisible();
  await page.goto('/snapshots/not-an-id');
  await expect(page.getByText('This is not a snapshot ID')).toBeVisible();

  // the partner's side of the share
  await page.goto('/?owner=mine');
  await page.getByLabel('Act as').selectOption({ label: 'demo-partner (partner, sandbox)' });
  await expect(page.getByLabel('Connected account')).toContainText(partner.AccountId);
  await expect(list.status).toHaveText(/Showing 3 of 3 snapshots/);
  await page.goto('/?owner=shared');
  await expect(list.status).toHaveText(/Showing 0 of 0 snapshots|No snapshot matches/);
  await expect(page.getByText('No snapshot matches these filters.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('connect to an OUTSCALE endpoint by hand, see a rejected key explained, and disconnect', async ({ page, sandbox }) => {
  const operator = (await sandbox.accounts()).find((account) => account.Role === 'operator')!;
  await page.goto('/');
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByRole('heading', { name: 'Connect to OUTSCALE' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByText('Enter your access key.')).toBeVisible();

  await page.getByLabel('Region', { exact: true }).selectOption('custom');
  await page.getByLabel('Endpoint URL').fill(sandbox.baseURL);
  await page.getByLabel('Region name').fill('eu-west-2');
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

test('dark mode follows the system and can be toggled', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.getByRole('button', { name: /Theme: system/ }).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.getByRole('button', { name: /Theme: light/ }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByRole('table', { name: 'Snapshots' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('the list works by keyboard alone and on a narrow window', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  const list = new SnapshotsPage(page);
  await list.open();
  const bodyWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(bodyWidth).toBeLessThanOrEqual(390);
  await expectNoSeriousA11yViolations(page);

  await list.search.focus();
  await page.keyboard.type('failed');
  await expect(list.status).toHaveText(/Showing 1 of 41 snapshots/);
  // Tab through the sort buttons to the first snapshot link, open it with Enter
  let focusedLink = '';
  for (let i = 0; i < 20 && !focusedLink.startsWith('snap-'); i++) {
    await page.keyboard.press('Tab');
    focusedLink = await page.evaluate(() => (document.activeElement instanceof HTMLAnchorElement ? document.activeElement.innerText : ''));
  }
  expect(focusedLink).toMatch(/^snap-[0-9a-f]{8}$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Snapshot ${focusedLink}` })).toBeVisible();
  await expect(page.getByText('Copy that failed').first()).toBeVisible();
});
