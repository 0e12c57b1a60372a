import { expect, test } from './fixtures';

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
