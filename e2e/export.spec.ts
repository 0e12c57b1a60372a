import { readFile } from 'node:fs/promises';
import type { Snapshot } from '../src/api/schemas';
import { expect, expectNoSeriousA11yViolations, found, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

test('export the view: exactly the rows the filters show, as CSV with the visible columns and as raw JSON', async ({ page, sandbox, snapshotsPage: list }) => {
  const api = await sandbox.api('operator');
  const me = api.account.AccountId;
  const own = await api.snapshots({ AccountIds: [me] });
  const volume = found(own.find((s) => s.VolumeId && own.filter((o) => o.VolumeId === s.VolumeId).length > 1)?.VolumeId, 'own volume with several snapshots');
  const expected = (await api.snapshots({ VolumeIds: [volume] })).filter((s) => s.AccountId === me || s.PermissionsToCreateVolume.AccountIds.includes(me));
  // the operator hid the Description column: the CSV leaves it out too
  await page.addInitScript(() => localStorage.setItem('snapshot-console:columns', JSON.stringify({ hidden: ['description', 'tags'], widths: {} })));
  await page.goto(`/?volume=${volume}`);
  await expect(page.getByRole('status').filter({ hasText: `Showing ${expected.length} of ${expected.length} snapshots` })).toBeVisible();

  const exportButton = page.getByRole('button', { name: 'Export' });
  await exportButton.click();
  const panel = page.getByRole('group', { name: 'Export the view' });
  await expectNoSeriousA11yViolations(page);
  const csvDownload = page.waitForEvent('download');
  await panel.getByRole('button', { name: `CSV: ${expected.length} rows, the visible columns` }).click();
  const csvFile = await csvDownload;
  expect(csvFile.suggestedFilename()).toMatch(new RegExp(`^snapshots-${me}-\\d{8}-\\d{4}\\.csv$`));
  const csv = (await readFile(found((await csvFile.path()) ?? undefined, 'downloaded CSV'), 'utf8')).replace(/^\uFEFF/, '');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('SnapshotId,Name,VolumeId,VolumeSize (GiB),State,Progress (%),AccountId,CreationDate (UTC)');
  expect(lines.slice(1).map((line) => line.split(',')[0]).sort()).toEqual(expected.map((s) => s.SnapshotId).sort());
  await expect(exportButton).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: /^Exported \d+ snapshots to snapshots-/ })).toHaveText(new RegExp(`^Exported ${expected.length} snapshots`));

  // JSON, by keyboard: the raw OUTSCALE objects, as the API gives them
  await page.keyboard.press('Enter');
  await expect(panel).toBeVisible();
  const jsonDownload = page.waitForEvent('download');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: /^JSON/ })).toBeFocused();
  await page.keyboard.press('Enter');
  const json = JSON.parse(await readFile(found((await (await jsonDownload).path()) ?? undefined, 'downloaded JSON'), 'utf8')) as Snapshot[];
  const byId = new Map(json.map((s) => [s.SnapshotId, s]));
  expect([...byId.keys()].sort()).toEqual(expected.map((s) => s.SnapshotId).sort());
  const settled = found(expected.find((s) => s.State === 'completed'), 'completed snapshot of that volume');
  expect(byId.get(settled.SnapshotId)).toEqual(settled);

  // Escape closes the panel and gives focus back
  await exportButton.click();
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(exportButton).toBeFocused();
  await list.search.fill('no-such-snapshot-anywhere');
  await expect(exportButton).toBeHidden();
});
