import { expect, expectNoSeriousA11yViolations, found, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

test('the table at 1280 px: every column readable, Name, copy ID, volume link, highlighted search, remembered columns', async ({ page, context, sandbox, snapshotsPage: list }) => {
  const operator = await sandbox.account('operator');
  const visible = await (await sandbox.api('operator')).snapshots();
  const named = found(visible.find((s) => s.AccountId === operator.AccountId && s.VolumeId && s.Tags.some((t) => t.Key === 'Name')), 'own snapshot with a Name tag');
  const name = found(named.Tags.find((t) => t.Key === 'Name'), 'Name tag').Value;
  await list.open();

  // every column is at least as wide as its header's text needs, Description not squeezed, no sideways scroll
  const region = page.getByRole('region', { name: 'Snapshot list' });
  const overflow = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const widths = await list.table.getByRole('columnheader').evaluateAll((cells) => cells.map((c) => [c.textContent?.trim() ?? '', c.getBoundingClientRect().width] as const));
  const description = found(widths.find(([text]) => text.startsWith('Description')), 'Description header');
  expect(description[1]).toBeGreaterThanOrEqual(200);
  // (the selection's checkbox column has no text: a checkbox needs 28 px)
  for (const [text, width] of widths) if (text) expect(width, `width of ${text}`).toBeGreaterThanOrEqual(60);
  // the snapshot IDs are shown whole, not cut with an ellipsis
  const cut = await list.table.getByRole('link', { name: /^snap-[0-9a-f]{8}$/ }).evaluateAll((links) =>
    links.filter((link) => link.scrollWidth > link.clientWidth).map((link) => link.textContent),
  );
  expect(cut, 'snapshot IDs cut short').toEqual([]);
  // nor are the short values: volume, size, state, progress, creation time (the Description may end with an ellipsis)
  const cutCells = await list.table.evaluate((table) => {
    const headers = Array.from(table.querySelectorAll('thead th'), (th) => th.textContent?.trim() ?? '');
    const whole = headers.map((text, i) => [text, i] as const).filter(([text]) => /^(Volume|Size|State|Progress|Created)/.test(text));
    const cut: string[] = [];
    for (const row of Array.from(table.querySelectorAll('tbody tr[data-row]'))) {
      for (const [text, i] of whole) {
        const cell = row.children[i] as HTMLElement | undefined;
        if (cell && cell.scrollWidth > cell.clientWidth + 1) cut.push(`${text}: ${cell.textContent}`);
      }
    }
    return cut;
  });
  expect(cutCells, 'short values cut short').toEqual([]);
  await expect(list.header(/^Created \(UTC/)).toBeVisible();
  await expect(list.header('Name')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // the Name tag is a column; the search highlights where it matched
  await list.search.fill(name);
  const row = list.row(named.SnapshotId);
  await expect(row.getByRole('cell', { name, exact: true })).toBeVisible();
  await expect(row.locator('mark').first()).toHaveText(new RegExp(`^${name}$`, 'i'));
  const word = found(named.SnapshotId.slice(5, 9), 'ID part');
  await list.search.fill(word);
  await expect(row.getByRole('link', { name: named.SnapshotId }).locator('mark')).toHaveText(word);

  // copy the ID to the clipboard
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await row.getByRole('button', { name: `Copy ID ${named.SnapshotId}` }).click();
  await expect(row.getByRole('button', { name: `Copied ${named.SnapshotId}` })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(named.SnapshotId);

  // the volume links to that volume's snapshots
  const volumeId = found(named.VolumeId, 'volume ID');
  const ofVolume = await (await sandbox.api('operator')).snapshots({ VolumeIds: [volumeId] });
  await list.search.fill('');
  await list.table.getByRole('link', { name: volumeId }).first().click();
  await expect(page).toHaveURL(new RegExp(`[?&]volume=${volumeId}`));
  await list.expectShowing(ofVolume.length, ofVolume.length);

  // hide a column and widen another; both survive a reload
  await list.openColumnsMenu();
  await expectNoSeriousA11yViolations(page);
  await list.columnsMenu().getByRole('checkbox', { name: 'Owner' }).uncheck();
  await expect(list.header(/^Owner/)).toHaveCount(0);
  await list.columnsMenu().getByRole('checkbox', { name: 'Tags' }).check();
  await expect(list.header('Tags')).toBeVisible();
  await list.columnsMenu().getByRole('spinbutton', { name: 'Width of Name' }).fill('260');
  await expect.poll(() => list.header('Name').evaluate((c) => c.getBoundingClientRect().width)).toBeGreaterThanOrEqual(259);
  await page.keyboard.press('Escape');
  await expect(list.columnsMenu()).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Columns' })).toBeFocused();
  await page.reload();
  await list.table.waitFor();
  await expect(list.header(/^Owner/)).toHaveCount(0);
  await expect(list.header('Tags')).toBeVisible();
  expect(await list.header('Name').evaluate((c) => c.getBoundingClientRect().width)).toBeGreaterThanOrEqual(259);
  // the Snapshot ID column cannot be hidden
  await list.openColumnsMenu();
  await expect(list.columnsMenu().getByRole('checkbox', { name: 'Snapshot ID' })).toBeDisabled();
});
