/**
 * The console on a phone (390 × 844, issue 11 item 6): cards instead of the table, with no sideways scrolling;
 * the filters behind "Filters (n)"; the dock under a tenth of the screen; the copy dialog usable; journey A
 * (list → copy → watch → detail) by touch; the cards keep the table's keyboard model and virtualization; axe on
 * the cards and the sheet in both themes (e2e/a11y.spec.ts scans the rest at this size).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, found, test } from './fixtures';
import { Overlays } from './pages/overlays';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

/** Neither the page nor the element (a scrolling list, a dialog's scroll area) scrolls sideways. */
async function expectNoSidewaysScroll(page: Page, element?: Locator) {
  const pageWidths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
  expect(pageWidths.scroll, 'the page is no wider than the window').toBeLessThanOrEqual(pageWidths.inner);
  if (element) {
    const widths = await element.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(widths.scroll, 'the element has nothing to scroll sideways').toBeLessThanOrEqual(widths.client);
  }
}

/** How much of the window's height the dock (notifications and jobs tray) takes, from its top to the bottom. */
async function dockShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const boxes = Array.from(document.querySelectorAll('[role="region"][aria-label="Notifications"] > *, aside[aria-labelledby="jobs-heading"]'))
      .map((el) => el.getBoundingClientRect())
      .filter((box) => box.height > 0);
    return boxes.length ? (innerHeight - Math.min(...boxes.map((box) => box.top))) / innerHeight : 0;
  });
}

test('journey A on a phone: list → copy → watch → detail, with no sideways scrolling', async ({ page, snapshotsPage: list, copyDialog: copy }) => {
  await list.open('?sort=size&dir=asc');
  const cards = page.getByRole('list', { name: 'Snapshots' });
  await expect(cards).toBeVisible();
  await expect(page.getByRole('table', { name: 'Snapshots' })).toHaveCount(0);
  await expectNoSidewaysScroll(page, page.getByRole('region', { name: 'Snapshot list' }));
  // a card says the ID, the Name, the state and the progress
  const card = cards.getByRole('listitem').first();
  await expect(card.getByRole('link', { name: /^snap-[0-9a-f]{8}$/ })).toBeVisible();
  await expect(card.getByText(/^(in-queue|pending|completed|error|deleting)$/)).toBeVisible();
  await expect(card.getByRole('progressbar')).toBeVisible();
  await expect(card.getByRole('button', { name: /^Copy ID snap-/ })).toBeVisible();
  // no filter fields above the list (they pushed it down to y = 602): three whole cards show at once
  await expect(page.getByRole('search', { name: 'Filter snapshots' })).toHaveCount(0);
  await expect(cards.getByRole('listitem').nth(2)).toBeInViewport({ ratio: 1 });

  // copy: the first card that offers it (the smallest completed snapshot: a quick copy)
  const copyButton = cards.getByRole('button', { name: /^Copy snap-[0-9a-f]{8}$/ }).first();
  const sourceId = (await copyButton.getAttribute('aria-label'))!.slice('Copy '.length);
  await copyButton.click();
  await copy.expectOpen();
  await expect(copy.source).toHaveValue(sourceId);
  await expect(copy.sourceDetails()).toContainText('completed');
  // the dialog fits the window, scrolls inside, and its buttons are in view, even with tags added
  await copy.dialog.getByRole('button', { name: 'Add a tag' }).click();
  await copy.dialog.getByLabel('Tag 1 key').fill('purpose');
  await copy.dialog.getByLabel('Tag 1 value').fill('phone');
  const box = found((await copy.dialog.boundingBox()) ?? undefined, 'copy dialog box');
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
  await expectNoSidewaysScroll(page, copy.dialog.locator(':scope > div'));
  for (const button of [copy.submit, copy.check, copy.dialog.getByRole('button', { name: 'Cancel' })]) await expect(button).toBeInViewport({ ratio: 1 });
  await copy.view('Command').click();
  await expect(copy.command('osc-cli')).toBeVisible();
  await expectNoSidewaysScroll(page, copy.dialog.locator(':scope > div'));
  await copy.view('Form').click();
  await copy.submit.click();
  await expect(copy.dialog).toBeHidden();

  // watch: a notification with the new copy's link, the tray collapsed to one line, the dock under 10 %
  const started = page.getByRole('status').filter({ hasText: 'Copy started' });
  await expect(started).toBeVisible();
  const copyId = (await started.getByRole('link').innerText()).trim();
  expect(copyId).toMatch(/^snap-[0-9a-f]{8}$/);
  const dock = new Overlays(page);
  await expect(dock.trayToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(dock.traySummary).toHaveText(/^(1 running|0 running · 1 completed)/);
  expect(await dockShare(page), 'the dock, a notification and the collapsed tray, covers at most 10 % of the screen').toBeLessThanOrEqual(0.1);
  const tray = found((await dock.tray.boundingBox()) ?? undefined, 'tray box');
  expect(tray.height).toBeLessThanOrEqual(PHONE.height * 0.1);
  // the new copy's card, found by the search, goes to completed
  await list.search.fill(copyId);
  const copyCard = cards.getByRole('listitem').filter({ has: page.getByRole('link', { name: copyId, exact: true }) });
  await expect(copyCard).toHaveCount(1);
  await expect(copyCard.getByText('completed', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(dock.traySummary).toHaveText(/1 completed/);
  await expectNoSidewaysScroll(page);

  // detail: a tap on the card opens the copy's page
  await copyCard.getByRole('progressbar').click();
  await expect(page.getByRole('heading', { name: `Snapshot ${copyId}` })).toBeVisible();
  await expect(page.getByText(`Copied from ${sourceId}`)).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test('on a phone the filters sit behind "Filters (n)", n the filters on; on a desktop the bar shows', async ({ page, sandbox, snapshotsPage: list }) => {
  const api = await sandbox.api('operator');
  const own = await api.snapshots({ AccountIds: [api.account.AccountId] });
  const completed = own.filter((s) => s.State === 'completed');
  const tag = found(completed.flatMap((s) => s.Tags).find((t) => t.Key !== 'Name'), 'tag on a completed snapshot of the operator');
  const matching = completed.filter((s) => s.Tags.some((t) => t.Key === tag.Key && t.Value === tag.Value));

  await list.open();
  await expect(page.getByRole('search', { name: 'Filter snapshots' })).toHaveCount(0);
  const filters = page.getByRole('button', { name: 'Filters (0)' });
  await expect(filters).toBeVisible();
  await filters.click();
  const sheet = page.getByRole('dialog', { name: 'Filters' });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByLabel('State', { exact: true })).toBeFocused();
  await expectNoSidewaysScroll(page, sheet);
  await sheet.getByLabel('State', { exact: true }).selectOption('completed');
  await sheet.getByLabel('Owner', { exact: true }).selectOption('mine');
  // a tag in the wrong format (a value with no key; a key alone is a filter) is refused in the sheet, which stays open
  await sheet.getByLabel('Tag', { exact: true }).fill('=no-key');
  await sheet.getByRole('button', { name: 'Apply' }).click();
  await expect(sheet.getByRole('alert')).toHaveText(/KEY=VALUE/);
  await expect(sheet).toBeVisible();
  await sheet.getByLabel('Tag', { exact: true }).fill(`${tag.Key}=${tag.Value}`);
  await sheet.getByRole('button', { name: 'Apply' }).click();
  await expect(sheet).toBeHidden();
  await expect(page.getByRole('button', { name: 'Filters (3)' })).toBeFocused();
  await expect(page).toHaveURL(/state=completed/);
  await list.expectShowing(matching.length, matching.length);

  // a link's filters are counted; Clear in the sheet turns them all off
  await page.goto('/?state=error&from=2026-01-01&to=2099-12-31');
  await page.getByRole('button', { name: 'Filters (3)' }).click();
  await sheet.getByRole('button', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/(\?sort=created&dir=desc)?$/);
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(page.getByRole('button', { name: 'Filters (0)' })).toBeFocused();

  // wider than a phone: no button, the bar itself, and the table instead of the cards
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByRole('button', { name: /^Filters \(/ })).toBeHidden();
  await expect(page.getByRole('search', { name: 'Filter snapshots' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Snapshots' })).toBeVisible();
});

test('the cards keep the keyboard model (one Tab stop, arrows, Enter, c) and render only those in view', async ({ page, snapshotsPage: list, copyDialog: copy }) => {
  await list.open();
  const cards = page.getByRole('list', { name: 'Snapshots' });
  const total = Number(await cards.getByRole('listitem').first().getAttribute('aria-setsize'));
  expect(total).toBeGreaterThan(12);
  expect(await cards.getByRole('listitem').count()).toBeLessThan(total);
  const focusedCard = cards.locator('li:focus');

  await page.keyboard.press('/');
  await expect(list.search).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(focusedCard).toHaveAttribute('aria-posinset', '1');
  await expect(cards.locator('[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('End');
  await expect(focusedCard).toHaveAttribute('aria-posinset', String(total));
  await expect(focusedCard).toBeInViewport();
  await page.keyboard.press('Home');
  await expect(focusedCard).toHaveAttribute('aria-posinset', '1');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator(':focus')).toHaveAttribute('href', /^\/snapshots\/snap-/);
  await page.keyboard.press('ArrowLeft');
  await expect(focusedCard).toHaveAttribute('aria-posinset', '1');

  // `c` on a card that offers a copy opens the dialog for it; Escape brings focus back to the card
  for (let i = 0; i < 20 && !(await focusedCard.getByRole('button', { name: /^Copy snap-/ }).count()); i++) await page.keyboard.press('ArrowDown');
  const source = (await focusedCard.getByRole('link').first().innerText()).trim();
  await page.keyboard.press('c');
  await copy.expectOpen();
  await expect(copy.source).toHaveValue(source);
  await page.keyboard.press('Escape');
  await expect(copy.dialog).toBeHidden();
  await expect(focusedCard.getByRole('link').first()).toHaveText(source);

  // Enter opens the focused card's snapshot
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Snapshot ${source}` })).toBeVisible();
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing serious on the phone's cards and Filters sheet (${theme})`, async ({ page, snapshotsPage: list }) => {
    await page.emulateMedia({ colorScheme: theme });
    await list.open();
    await expect(page.getByRole('list', { name: 'Snapshots' }).getByRole('link').first()).toBeVisible();
    await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Filters (0)' }).click();
    await expect(page.getByRole('dialog', { name: 'Filters' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });
}
