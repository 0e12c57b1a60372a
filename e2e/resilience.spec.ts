import { expect, expectNoSeriousA11yViolations, found, oscApi, test } from './fixtures';

test('a dialog whose code cannot be fetched says so and offers a reload; the list stays, and the reload opens the dialog', async ({ page, snapshotsPage: list, copyDialog: copy }) => {
  await list.open();
  // the network drops (or a new deploy removed the old files) just when the copy dialog's chunk is asked for
  await page.route(/\/assets\/copy-dialog-[^/]*\.js$/, (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Copy snapshot' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The dialog could not be loaded' });
  await expect(alert).toBeVisible();
  await expect(list.table).toBeVisible();
  await page.unroute(/\/assets\/copy-dialog-[^/]*\.js$/);
  await alert.getByRole('button', { name: 'Reload' }).click();
  await copy.expectOpen();
  await expect(alert).toBeHidden();
});

test('an account with no snapshot of its own nor shared sees what to do, and the way to its volumes', async ({ page, sandbox }) => {
  const abroad = found((await sandbox.accounts()).find((a) => a.Role === 'abroad'), 'demo account in another Region');
  const api = oscApi(sandbox.baseURL, abroad);
  expect(await api.snapshots({ AccountIds: [abroad.AccountId] })).toEqual([]);
  expect(await api.snapshots({ PermissionsToCreateVolumeAccountIds: [abroad.AccountId] })).toEqual([]);
  await page.goto('/');
  await page.getByLabel('Act as').selectOption({ label: `${abroad.AccountAlias ?? abroad.AccountId} (abroad, sandbox)` });
  await expect(page.getByLabel('Connected account')).toContainText(abroad.AccountId);
  await expect(page.getByText('No snapshots yet.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: 'Snapshot one of your volumes' }).click();
  await expect(page).toHaveURL(/\/volumes$/);
});
