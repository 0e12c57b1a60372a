import { expect, expectNoSeriousA11yViolations, found, test } from './fixtures';
import { Overlays } from './pages/overlays';

/** The controls no floating layer may cover: every row's Copy button, and the buttons of the page's headers. */
// Every action a row or the header offers: links (ID, volume), the Copy, Copy ID and other buttons, the header's
// controls. Checked once layout has settled: the table's height follows the dock's (a ResizeObserver, one frame later).
const ACTIONS = 'table a, table button, header button, header select, main h1 ~ button, main h1 ~ * button';

test('ten copies started from rows: the dock never covers an action, the tray sums them up and lists them all, and focus follows the dialog', async ({ page, sandbox, snapshotsPage: list, copyDialog: copy }) => {
  test.setTimeout(150_000);
  const api = await sandbox.api('operator');
  const dock = new Overlays(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await list.open('?owner=mine&state=completed&sort=size&dir=asc');
  const own = (await api.snapshots({ AccountIds: [api.account.AccountId], States: ['completed'] })).sort((a, b) => a.VolumeSize - b.VolumeSize);
  expect(own.length, 'own completed snapshots to copy from').toBeGreaterThanOrEqual(10);
  const sources = await list.table.getByRole('button', { name: /^Copy snap-/ }).evaluateAll((buttons) => buttons.slice(0, 10).map((b) => b.getAttribute('aria-label')!.slice('Copy '.length)));
  expect(sources).toHaveLength(10);

  // the dialog opens on the first field that needs input; Escape gives focus back to the row's Copy button
  const firstCopy = list.table.getByRole('button', { name: `Copy ${sources[0]}` });
  await firstCopy.click();
  await copy.expectOpen();
  await expect(copy.description).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(copy.dialog).toBeHidden();
  await expect(firstCopy).toBeFocused();
  // an empty dialog opens on the source ID; Cancel gives focus back to the header's Copy snapshot
  const headerCopy = page.getByRole('button', { name: 'Copy snapshot' });
  await headerCopy.click();
  await copy.expectOpen();
  await expect(copy.source).toBeFocused();
  // a button that cannot be used says why, next to it
  await expect(copy.check).toHaveAttribute('aria-disabled', 'true');
  await expect(copy.check).toHaveAccessibleDescription('Enter a source snapshot ID to check permissions.');
  await copy.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(copy.dialog).toBeHidden();
  await expect(headerCopy).toBeFocused();

  const copies: string[] = [];
  for (const [i, sourceId] of sources.entries()) {
    await expect.poll(() => dock.coveredActions(ACTIONS), { message: `covered before copy ${i + 1}` }).toEqual([]);
    const button = list.table.getByRole('button', { name: `Copy ${sourceId}` });
    await button.click();
    await copy.expectOpen();
    await expect(copy.description).toBeFocused();
    await expect(copy.sourceDetails()).toContainText('completed');
    if (i === 0) {
      // the permission check's answer is announced, and focus stays on its button (never <body>)
      await copy.check.click();
      const answer = copy.dialog.locator('[aria-live="polite"]').getByText(/Permission check passed/);
      await expect(answer).toBeVisible();
      await expect(copy.check).toBeFocused();
    }
    await copy.submit.click();
    await expect(copy.dialog).toBeHidden();
    // focus lands on the new copy's link, in the notification that says it started
    const focused = dock.notifications.locator('a:focus');
    await expect(focused).toHaveText(/^snap-[0-9a-f]{8}$/);
    copies.push((await focused.innerText()).trim());
    await expect(dock.tray).toBeVisible();
  }
  expect(new Set(copies).size).toBe(10);

  // the notifications fold: one entry counts the copies started; none of them is an error
  await expect(dock.notifications.getByRole('status').filter({ hasText: /\d+ copies started/ })).toBeVisible();
  await expect(dock.notifications.getByRole('alert')).toHaveCount(0);
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await expect.poll(() => dock.coveredActions(ACTIONS), { message: `covered at ${width} px` }).toEqual([]);
  }

  // collapsed, the tray is one line that counts every copy
  await expect(dock.trayToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(dock.trayList).toHaveCount(0);
  await expect.poll(async () => {
    const { running, completed, failed } = await dock.counts();
    return running + completed + failed;
  }).toBe(10);
  await expect(dock.traySummary).toHaveText(/^\d+ running( · \d+ completed)?( · about .+ left)?$/);

  // open, it lists all ten; the choice survives a reload, both ways
  await dock.openTray();
  await expect(dock.trayList.getByRole('listitem')).toHaveCount(10);
  for (const id of copies) await expect(dock.trayList.getByRole('link', { name: id })).toBeAttached();
  await page.reload();
  await expect(dock.trayToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(dock.trayList.getByRole('listitem')).toHaveCount(10);
  // open, at 1280 px it still leaves the rows' Copy buttons and the header free
  await expect.poll(() => dock.coveredActions(ACTIONS), { message: 'covered by the open tray' }).toEqual([]);
  await expectNoSeriousA11yViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSeriousA11yViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await dock.closeTray();
  await page.reload();
  await expect(dock.trayToggle).toHaveAttribute('aria-expanded', 'false');

  // the copies complete: the summary says so
  await expect(dock.traySummary).toHaveText('0 running · 10 completed', { timeout: 90_000 });

  // on a phone, the collapsed tray covers at most 10 % of the screen
  await page.setViewportSize({ width: 390, height: 844 });
  const box = found((await dock.tray.boundingBox()) ?? undefined, 'tray box');
  expect((box.width * box.height) / (390 * 844)).toBeLessThanOrEqual(0.1);

  // a notification can be dismissed by a button with a name
  const note = dock.notifications.getByRole('status').first();
  if (await note.count()) {
    await note.getByRole('button', { name: 'Dismiss notification' }).click();
    await expect(note).toHaveCount(0);
  }
});

test('a copy that cannot be made says why next to its disabled buttons', async ({ page, sandbox, copyDialog: copy }) => {
  const api = await sandbox.api('operator');
  const pending = found((await api.snapshots({ States: ['pending'] }))[0], 'pending snapshot');
  await page.goto(`/?copy=${pending.SnapshotId}`);
  await copy.expectOpen();
  await expect(copy.description).toBeFocused();
  await expect(copy.sourceDetails()).toContainText('only a completed snapshot can be copied');
  await expect(copy.submit).toBeDisabled();
  await expect(copy.submit).toHaveAccessibleDescription(/only a completed snapshot can be copied/);
  await expect(copy.check).toHaveAccessibleDescription(/only a completed snapshot can be copied/);
});
