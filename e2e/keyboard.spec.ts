import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, test } from './fixtures';

/** What has focus: a row of the table (its snapshot ID), a link, a button, a field. */
async function focused(page: Page): Promise<{ row?: string; tag: string; type?: string; name: string; href?: string; inDialog: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const row = el?.matches('tr[data-row]') ? el.querySelector('a')?.textContent ?? undefined : undefined;
    return {
      row,
      tag: el?.tagName.toLowerCase() ?? '',
      type: el instanceof HTMLInputElement ? el.type : undefined,
      name: (el?.getAttribute('aria-label') ?? el?.innerText ?? '').trim(),
      href: el instanceof HTMLAnchorElement ? el.getAttribute('href') ?? undefined : undefined,
      inDialog: Boolean(el?.closest('[role="dialog"], dialog')),
    };
  });
}

test('the table is one Tab stop with roving focus; / ? Enter and c work', async ({ page, snapshotsPage: list }) => {
  await list.open();
  const rows = list.table.locator('tbody tr[data-row]');
  const count = Number(await list.table.getAttribute('aria-rowcount')) - 1;
  expect(count).toBeGreaterThan(12);

  // `/` focuses the search, ↓ goes into the table on the first row
  await page.keyboard.press('/');
  await expect(list.search).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const first = await list.firstSnapshotId();
  expect((await focused(page)).row).toBe(first);
  // one Tab stop: exactly one row takes Tab, and Tab leaves the table
  await expect(list.table.locator('tbody [tabindex="0"]')).toHaveCount(1);
  await expect(list.table.locator('tbody a[tabindex="0"], tbody button:not([tabindex="-1"])')).toHaveCount(0);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('table')))).toBe(false);
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).row).toBe(first);

  // arrows, PageDown, End, Home move the focus and the tab stop, rendering the row first when it was off screen
  await page.keyboard.press('ArrowDown');
  await expect(list.table.locator('tbody tr:focus')).toHaveAttribute('aria-rowindex', '3');
  await page.keyboard.press('PageDown');
  await expect(list.table.locator('tbody tr:focus')).toHaveAttribute('aria-rowindex', '13');
  await page.keyboard.press('End');
  await expect(list.table.locator('tbody tr:focus')).toHaveAttribute('aria-rowindex', String(count + 1));
  await expect(list.table.locator('tbody tr:focus')).toBeInViewport();
  await page.keyboard.press('Home');
  await expect(list.table.locator('tbody tr:focus')).toHaveAttribute('aria-rowindex', '2');
  // → walks through the row's links and buttons, ← comes back
  await page.keyboard.press('ArrowRight');
  expect((await focused(page)).name).toBe(first);
  await page.keyboard.press('ArrowRight');
  expect((await focused(page)).name).toBe(`Copy ID ${first}`);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect((await focused(page)).row).toBe(first);
  await expect(rows.first()).toBeFocused();

  // `?` lists the shortcuts; Escape closes the list and focus comes back to the row
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('cell', { name: 'Open the snapshot' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  expect((await focused(page)).row).toBe(first);

  // Enter opens the focused snapshot
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Snapshot ${first}` })).toBeVisible();
});

test('journey A (list → copy → watch → detail) by keyboard, key presses counted', async ({ page, snapshotsPage: list, copyDialog: copy }) => {
  await list.open();
  let presses = 0;
  const press = async (key: string) => {
    presses += 1;
    await page.keyboard.press(key);
  };

  // to the first snapshot that can be copied
  await press('/');
  await press('ArrowDown');
  for (let i = 0; i < 20; i++) {
    const row = (await focused(page)).row ?? '';
    if (await list.table.getByRole('button', { name: `Copy ${row}`, exact: true }).count()) break;
    await press('ArrowDown');
  }
  const source = (await focused(page)).row;
  expect(source).toMatch(/^snap-/);

  // copy it: `c` opens the dialog for the row, then to the submit
  await press('c');
  await copy.expectOpen();
  await expect(copy.source).toHaveValue(source!);
  const started = page.getByRole('status').filter({ hasText: 'Copy started' });
  const toDialog = presses;
  // the dialog places focus itself (its own part): wait for it to settle inside before counting on
  await expect.poll(async () => (await focused(page)).inDialog).toBe(true);
  const now = await focused(page);
  // Enter in a text field submits the form (the description is one line); else Tab to the submit button and press Enter, once
  if (now.tag === 'input' && now.type === 'text') await press('Enter');
  else {
    for (let i = 0; i < 40; i++) {
      const at = await focused(page);
      if (at.tag === 'button' && at.name === 'Copy snapshot' && at.inDialog) break;
      await press('Tab');
    }
    await press('Enter');
  }
  await expect(copy.dialog).toBeHidden();
  await expect(started).toBeVisible();
  const toSubmit = presses;
  // after submit the dialog sends focus somewhere sensible (the new copy's link): let it land
  await expect.poll(async () => (await focused(page)).tag).not.toBe('body');

  // watch, then the new copy's detail page: from where focus landed to the new copy's link
  for (let i = 0; i < 60; i++) {
    const at = await focused(page);
    if (at.href && /^\/snapshots\/snap-/.test(at.href) && !at.href.endsWith(source!)) break;
    await press('Tab');
  }
  const link = await focused(page);
  expect(link.href).toMatch(/^\/snapshots\/snap-/);
  await press('Enter');
  await expect(page.getByRole('heading', { name: `Snapshot ${link.href!.slice('/snapshots/'.length)}` })).toBeVisible();
  await expect(page.getByText(`Copied from ${source}`)).toBeVisible();

  test.info().annotations.push({ type: 'key presses', description: String(presses) });
  console.log(`journey A: ${presses} key presses (${toDialog} to the open dialog, ${toSubmit - toDialog} to submit, ${presses - toSubmit} to the new copy's page)`);
  expect(presses).toBeLessThanOrEqual(15);
});
