/**
 * Issue 12 items 4 and 5 against the sandbox: the Volumes page (counts checked against the API), *Snapshot this
 * volume* with a Name tag (DryRun, Command view, tray, live in the page and the list), the per-volume throttle
 * with when to try again, *Import from a bucket* (validation, commands, watched to completion), axe on the page and
 * both dialogs in light and dark, and the page at 390 px.
 */
import type { Page } from '@playwright/test';
import { AwsClient } from 'aws4fetch';
import type { Snapshot, Volume } from '../src/api/schemas';
import { E2E_PORT } from './config';
import { expect, expectNoSeriousA11yViolations, found, test, type OscApi } from './fixtures';

interface Known {
  volumes: Volume[];
  /** The operator's own snapshots of each volume, as the API lists them. */
  snapshotsOf: Map<string, Snapshot[]>;
}

async function known(api: OscApi): Promise<Known> {
  const volumes = (await api.call('ReadVolumes', {})).Volumes;
  const all = await api.snapshots({ AccountIds: [api.account.AccountId], VolumeIds: volumes.map((v) => v.VolumeId) });
  const snapshotsOf = new Map(volumes.map((v) => [v.VolumeId, all.filter((s) => s.VolumeId === v.VolumeId)]));
  return { volumes, snapshotsOf };
}

const countName = (id: string, n: number) => `${n} snapshot${n === 1 ? '' : 's'} of ${id}`;
const latestOf = (list: Snapshot[]) => [...list].sort((a, b) => (a.CreationDate < b.CreationDate ? 1 : a.CreationDate > b.CreationDate ? -1 : a.SnapshotId < b.SnapshotId ? 1 : -1))[0];

/**
 * An exported snapshot and a pre-signed URL for it, made as an operator makes them: a bucket in the sandbox's OOS
 * (its own port, E2E_PORT + 1), CreateSnapshotExportTask watched to `completed`, and a URL query-signed as
 * `aws s3 presign` signs one, for the OOS endpoint the sandbox stands in for (https://oos.eu-west-2.outscale.com).
 * The import checks that URL against the sandbox's OOS: signature, expiry, object, size.
 */
async function exportedObject(api: OscApi): Promise<{ key: string; url: string; localUrl: string }> {
  const { account } = api;
  const s3 = new AwsClient({ accessKeyId: account.AccessKey, secretAccessKey: account.SecretKey, service: 's3', region: account.Region, retries: 0 });
  expect((await s3.fetch(`http://127.0.0.1:${E2E_PORT + 1}/e2e-bucket`, { method: 'PUT' })).status).toBe(200);
  const own = await api.snapshots({ AccountIds: [account.AccountId], States: ['completed'] });
  const source = found(own.find((s) => s.VolumeSize <= 10), 'a completed snapshot of at most 10 GiB');
  const created = await api.call('CreateSnapshotExportTask', {
    SnapshotId: source.SnapshotId,
    OsuExport: { DiskImageFormat: 'raw', OsuBucket: 'e2e-bucket', OsuPrefix: 'restore/' },
  });
  const taskId = found(created.SnapshotExportTask, 'export task').TaskId;
  await expect
    .poll(async () => (await api.call('ReadSnapshotExportTasks', { Filters: { TaskIds: [taskId] } })).SnapshotExportTasks[0]?.State, { timeout: 30_000 })
    .toBe('completed');
  const key = `restore/${source.SnapshotId}-${taskId.slice(-8)}.raw.gz`;
  const signed = await s3.sign(`https://oos.eu-west-2.outscale.com/e2e-bucket/${key}?X-Amz-Expires=3600`, { method: 'GET', aws: { signQuery: true } });
  // The same object at the sandbox's own OOS listener, which the page can read (CORS) before the import.
  const local = await s3.sign(`http://127.0.0.1:${E2E_PORT + 1}/e2e-bucket/${key}?X-Amz-Expires=3600`, { method: 'GET', aws: { signQuery: true } });
  return { key, url: signed.url, localUrl: local.url };
}

async function openVolumes(page: Page) {
  await page.goto('/volumes');
  await expect(page.getByRole('heading', { name: 'Volumes', level: 1 })).toBeVisible();
}

const volumesTable = (page: Page) => page.getByRole('table', { name: 'Volumes' }).or(page.getByRole('list', { name: 'Volumes' }));
const rowOf = (page: Page, id: string) => volumesTable(page).locator('[data-row]').filter({ hasText: id });

test('the Volumes page: every volume, its snapshot count and latest snapshot as the API has them; filters in the URL; keyboard', async ({ page, sandbox }) => {
  const api = await sandbox.api('operator');
  const { volumes, snapshotsOf } = await known(api);
  expect(volumes.length).toBeGreaterThan(1);
  await openVolumes(page);
  await expect(page.getByRole('status').filter({ hasText: `Showing ${volumes.length} of ${volumes.length} volumes` })).toBeVisible();
  const table = volumesTable(page);
  await expect(table.locator('[data-row]')).toHaveCount(volumes.length);
  for (const volume of volumes) {
    const list = snapshotsOf.get(volume.VolumeId) ?? [];
    const row = rowOf(page, volume.VolumeId);
    await expect(row.getByRole('link', { name: countName(volume.VolumeId, list.length) })).toBeVisible();
    const latest = latestOf(list);
    if (latest) await expect(row.getByRole('link', { name: `Latest snapshot of ${volume.VolumeId}: ${latest.SnapshotId}` })).toBeVisible();
    else await expect(row).toContainText('none yet');
    await expect(row).toContainText(volume.SubregionName);
  }
  // the seed keeps one volume without any snapshot
  expect(volumes.some((v) => (snapshotsOf.get(v.VolumeId) ?? []).length === 0)).toBe(true);

  // state filter on the server, in the URL; Back undoes it
  const inUse = volumes.filter((v) => v.State === 'in-use');
  await page.getByLabel('State', { exact: true }).selectOption('in-use');
  await expect(page).toHaveURL(/\/volumes\?state=in-use$/);
  await expect(table.locator('[data-row]')).toHaveCount(inUse.length);
  await page.goBack();
  await expect(table.locator('[data-row]')).toHaveCount(volumes.length);

  // search, and sort by the count: a link reproduces the view
  const named = found(volumes.find((v) => v.Tags.some((t) => t.Key === 'Name')), 'volume with a Name tag');
  const name = named.Tags.find((t) => t.Key === 'Name')!.Value;
  await page.getByRole('searchbox', { name: 'Search volumes' }).fill(name);
  await expect(table.locator('[data-row]')).toHaveCount(volumes.filter((v) => v.Tags.some((t) => `${t.Key}=${t.Value}`.toLowerCase().includes(name.toLowerCase()))).length);
  await expect(rowOf(page, named.VolumeId)).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search volumes' }).fill('');
  const countHeader = page.getByRole('columnheader', { name: /^Snapshots/ });
  await countHeader.getByRole('button').click();
  await expect(page).toHaveURL(/sort=snapshots&dir=asc/);
  await expect(countHeader).toHaveAttribute('aria-sort', 'ascending');
  // the volume without snapshots comes first
  await expect(table.locator('[data-row="0"]').getByRole('link', { name: /^0 snapshots of vol-/ })).toBeVisible();
  await expect(table.locator('[data-row="0"]')).toContainText('none yet');
  await page.reload();
  await expect(page.getByRole('columnheader', { name: /^Snapshots/ })).toHaveAttribute('aria-sort', 'ascending');

  // one Tab stop with roving focus; `s` opens the dialog for the focused volume, Escape gives focus back
  await table.locator('[data-row="0"]').focus();
  await page.keyboard.press('ArrowDown');
  await expect(table.locator('[data-row="1"]')).toBeFocused();
  await expect(table.locator('[tabindex="0"][data-row]')).toHaveCount(1);
  const second = (await table.locator('[data-row="1"] td').first().innerText()).trim();
  await page.keyboard.press('s');
  const dialog = page.getByRole('dialog', { name: 'Snapshot this volume' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('definition').first()).toHaveText(second);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(table.locator('[data-row="1"]')).toBeFocused();

  // the count links to the snapshots list filtered by that volume: the same number there
  const most = volumes.reduce((a, b) => ((snapshotsOf.get(b.VolumeId) ?? []).length > (snapshotsOf.get(a.VolumeId) ?? []).length ? b : a));
  const n = (snapshotsOf.get(most.VolumeId) ?? []).length;
  await rowOf(page, most.VolumeId).getByRole('link', { name: countName(most.VolumeId, n) }).click();
  await expect(page).toHaveURL(new RegExp(`/\\?owner=mine&volume=${most.VolumeId}$`));
  await expect(page.getByRole('status').filter({ hasText: `Showing ${n} of ${n} snapshots` })).toBeVisible();
});

test('snapshot a volume with a Name tag: permission check, commands, then the tray, the count and the list show it live', async ({ page, sandbox }) => {
  const api = await sandbox.api('operator');
  const { volumes, snapshotsOf } = await known(api);
  const volume = found(
    volumes.filter((v) => ['available', 'in-use'].includes(v.State)).sort((a, b) => a.Size - b.Size)[0],
    'volume that can be snapshotted',
  );
  const id = volume.VolumeId;
  const before = (snapshotsOf.get(id) ?? []).length;
  // the snapshots list of this volume, cached, then the Volumes page by the header's link (no reload)
  await page.goto(`/?owner=mine&volume=${id}`);
  await expect(page.getByRole('status').filter({ hasText: `Showing ${before} of ${before} snapshots` })).toBeVisible();
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Volumes' }).click();
  await rowOf(page, id).getByRole('button', { name: `Snapshot ${id}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Snapshot this volume' });
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`act=snapshot-volume&id=${id}&token=[0-9a-f-]{36}`));
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(dialog.getByLabel('Volume')).toContainText(`${volume.Size} GiB`);

  await dialog.getByLabel('Name', { exact: true }).fill('e2e-nightly');
  await dialog.getByLabel('Description').fill('Before the upgrade');
  await dialog.getByRole('button', { name: 'Add a tag' }).click();
  await dialog.getByLabel('Tag 1 key').fill('Name');
  await expect(dialog.getByText('Give the Name in its own field above, not as a tag.')).toBeVisible();
  await dialog.getByLabel('Tag 1 key').fill('team');
  await dialog.getByLabel('Tag 1 value').fill('ops');
  await dialog.getByRole('button', { name: 'Check permissions' }).click();
  await expect(dialog.getByText(/Permission check passed/)).toBeVisible();
  expect((await api.snapshots({ VolumeIds: [id], AccountIds: [api.account.AccountId] })).length).toBe(before);

  await dialog.getByRole('button', { name: 'Command' }).click();
  await expect(dialog.getByLabel('osc-cli command text')).toContainText(`--VolumeId ${id}`);
  await expect(dialog.getByLabel('osc-cli command text')).toContainText('osc-cli api CreateTags');
  await expect(dialog.getByLabel('AWS CLI (FCU endpoint) command text')).toContainText(`aws ec2 create-snapshot`);
  await expect(dialog.getByLabel('curl, signed with SigV4 command text')).toContainText('"Key":"Name","Value":"e2e-nightly"');
  await dialog.getByRole('button', { name: 'Form' }).click();

  await dialog.getByRole('button', { name: 'Create snapshot' }).click();
  await expect(dialog).toBeHidden();
  const started = page.getByRole('status').filter({ hasText: `of ${id} started` });
  await expect(started).toBeVisible();
  const newId = (await started.getByRole('link').innerText()).trim();
  expect(newId).toMatch(/^snap-[0-9a-f]{8}$/);
  await expect(started.getByRole('link')).toBeFocused();

  // the count and the latest snapshot change in the page at once
  await expect(rowOf(page, id).getByRole('link', { name: countName(id, before + 1) })).toBeVisible();
  await expect(rowOf(page, id).getByRole('link', { name: `Latest snapshot of ${id}: ${newId}` })).toBeVisible();
  // the tray names the job and watches it to completion
  const tray = page.getByRole('complementary', { name: 'Volume snapshots' });
  await tray.getByRole('button', { name: /^Volume snapshots/ }).click();
  await expect(tray.getByRole('link', { name: newId })).toBeVisible();
  await expect(tray).toContainText(`of ${id}`);
  await expect(page.getByRole('status').filter({ hasText: `Snapshot ${newId} completed.` })).toBeVisible({ timeout: 30_000 });

  // the count's link leads, without a reload, to the list read at the start: the new snapshot is in it, with its Name
  await rowOf(page, id).getByRole('link', { name: countName(id, before + 1) }).click();
  await expect(page).toHaveURL(new RegExp(`/\\?owner=mine&volume=${id}$`));
  await expect(page.getByRole('status').filter({ hasText: `Showing ${before + 1} of ${before + 1} snapshots` })).toBeVisible();
  const table = page.getByRole('table', { name: 'Snapshots' });
  await expect(table.getByRole('link', { name: newId })).toBeVisible();
  await expect(table.locator('[data-row]').filter({ hasText: newId })).toContainText('e2e-nightly');

  const made = found((await api.call('ReadSnapshots', { Filters: { SnapshotIds: [newId] } })).Snapshots[0], 'new snapshot');
  expect(made).toMatchObject({ VolumeId: id, Description: 'Before the upgrade', VolumeSize: volume.Size });
  expect(made.Tags).toEqual(expect.arrayContaining([{ Key: 'Name', Value: 'e2e-nightly' }, { Key: 'team', Value: 'ops' }]));
});

test('the per-volume throttle is explained with when to try again, and the button waits', async ({ page, sandbox }) => {
  const api = await sandbox.api('operator');
  const volume = found((await api.call('ReadVolumes', { Filters: { VolumeStates: ['available'] } })).Volumes[0], 'available volume');
  // the sandbox's default: 5 snapshots of one volume per minute
  for (let i = 0; i < 5; i++) await api.call('CreateSnapshot', { VolumeId: volume.VolumeId });
  await page.goto(`/volumes?act=snapshot-volume&id=${volume.VolumeId}`);
  const dialog = page.getByRole('dialog', { name: 'Snapshot this volume' });
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(/token=[0-9a-f-]{36}/);
  await dialog.getByRole('button', { name: 'Check permissions' }).click();
  const alert = dialog.getByRole('alert').filter({ hasText: 'not taking more snapshots of this volume' });
  await expect(alert).toContainText(/Try again after \d{2}:\d{2}:\d{2} \(in \d+ s\)\. Nothing was created\./);
  await expect(dialog.getByRole('button', { name: 'Create snapshot' })).toHaveAttribute('aria-disabled', 'true');
  await expect(dialog.getByText('Throttled: see the note above for when to try again.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('import from a bucket: the URL and the size are checked, the commands say there is no AWS CLI form, and the import is watched', async ({ page, sandbox }) => {
  const api = await sandbox.api('operator');
  await page.goto('/');
  await page.getByRole('table', { name: 'Snapshots' }).waitFor();
  await page.getByRole('button', { name: 'Import from a bucket' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a snapshot from a bucket' });
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(/act=import&token=[0-9a-f-]{36}/);
  const url = dialog.getByLabel('Pre-signed URL of the file');
  const size = dialog.getByLabel('Size in bytes');
  await expect(url).toBeFocused();

  await url.fill('http://oos.eu-west-2.outscale.com/b/disk.gz?X-Amz-Signature=abc');
  await expect(dialog.getByText('The URL must start with https://')).toBeVisible();
  await url.fill('https://oos.eu-west-2.outscale.com/b/disk.gz');
  await expect(dialog.getByText(/This URL is not pre-signed/)).toBeVisible();
  await url.fill('https://oos.eu-west-2.outscale.com/b/disk.gz?X-Amz-Date=20200101T000000Z&X-Amz-Expires=60&X-Amz-Signature=abc');
  await expect(dialog.getByText(/This pre-signed URL expired on 2020-01-01T00:01:00Z/)).toBeVisible();
  const exported = await exportedObject(api);
  // The page reads one byte of the object: a tampered signature is OOS's refusal, said on the URL's field; the
  // real URL gives the object's size, and a size below it is refused.
  await url.fill(exported.localUrl.replace(/X-Amz-Signature=[0-9a-f]+/, (sig) => sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0')));
  await expect(dialog.getByText(/The URL's signature does not match.*OOS answered 403 SignatureDoesNotMatch/)).toBeVisible();
  await url.fill(exported.localUrl);
  const objectSize = dialog.getByText(/^The object is [\d,]+ bytes \([\d.,]+ GiB\), readable through this URL\.$/);
  await expect(objectSize).toBeVisible();
  const bytes = Number(((await objectSize.textContent()) ?? '').replace(/^The object is ([\d,]+) bytes.*$/s, '$1').replace(/,/g, ''));
  expect(bytes).toBeGreaterThan(1);
  await size.fill(String(bytes - 1));
  await expect(dialog.getByText(`The object itself is ${bytes.toLocaleString('en')} bytes: the size must be at least that`)).toBeVisible();
  await url.fill(exported.url);
  await size.fill('12.5');
  await expect(dialog.getByText(/Give the size in bytes, as a whole number/)).toBeVisible();
  await size.fill('10737418240');
  await expect(dialog.getByText(/10,737,418,240 bytes = 10 GiB; the snapshot will be 10 GiB\. It must be at least the source’s uncompressed size\./)).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill('e2e-import');

  await dialog.getByRole('button', { name: 'Command' }).click();
  await expect(dialog.getByLabel('osc-cli command text')).toContainText('--SnapshotSize 10737418240');
  await expect(dialog.getByLabel('osc-cli command text')).toContainText('--FileLocation');
  await expect(dialog.getByRole('region', { name: 'AWS CLI (FCU endpoint) command' })).toContainText('FCU has no import of a snapshot from a bucket');
  await dialog.getByRole('button', { name: 'Form' }).click();
  await dialog.getByRole('button', { name: 'Check permissions' }).click();
  await expect(dialog.getByText(/Permission check passed/)).toBeVisible();

  await dialog.getByRole('button', { name: 'Import snapshot' }).click();
  await expect(dialog).toBeHidden();
  const started = page.getByRole('status').filter({ hasText: 'import started' });
  const newId = (await started.getByRole('link').innerText()).trim();
  // the list behind shows it at once, and the tray watches it to completion
  await expect(page.getByRole('table', { name: 'Snapshots' }).getByRole('link', { name: newId })).toBeVisible();
  const tray = page.getByRole('complementary', { name: 'Imports' });
  await tray.getByRole('button', { name: /^Imports/ }).click();
  await expect(tray.getByRole('link', { name: newId })).toBeVisible();
  await expect(tray).toContainText(`from https://oos.eu-west-2.outscale.com/e2e-bucket/${exported.key}`);
  await expect(tray).not.toContainText('X-Amz-Signature');
  await expect(page.getByRole('status').filter({ hasText: `Import ${newId} completed.` })).toBeVisible({ timeout: 30_000 });

  const made = found((await api.call('ReadSnapshots', { Filters: { SnapshotIds: [newId] } })).Snapshots[0], 'imported snapshot');
  expect(made).toMatchObject({ VolumeSize: 10, State: 'completed' });
  expect(made.VolumeId).toBeUndefined();
  expect(made.Tags).toContainEqual({ Key: 'Name', Value: 'e2e-import' });
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe: the Volumes page and both dialogs (form and command views), ${theme}`, async ({ page, sandbox }) => {
    const api = await sandbox.api('operator');
    const volume = found((await api.call('ReadVolumes', {})).Volumes[0], 'volume');
    await page.emulateMedia({ colorScheme: theme });
    await openVolumes(page);
    await expect(volumesTable(page).locator('[data-row]').first()).toBeVisible();
    await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    await expectNoSeriousA11yViolations(page);
    await rowOf(page, volume.VolumeId).getByRole('button', { name: `Snapshot ${volume.VolumeId}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Snapshot this volume' });
    await expect(dialog.getByLabel('Volume')).toBeVisible();
    await dialog.getByRole('button', { name: 'Add a tag' }).click();
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole('button', { name: 'Command' }).click();
    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press('Escape');
    await page.goto('/?act=import');
    const importDialog = page.getByRole('dialog', { name: 'Import a snapshot from a bucket' });
    await importDialog.getByLabel('Pre-signed URL of the file').fill('http://not-signed.example/');
    await importDialog.getByLabel('Size in bytes').fill('1');
    await expect(importDialog.getByText('The URL must start with https://')).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await importDialog.getByRole('button', { name: 'Command' }).click();
    await expectNoSeriousA11yViolations(page);
  });
}

test('390 px: the volumes are cards, nothing scrolls sideways, and a card snapshots its volume', async ({ page, sandbox }) => {
  const api = await sandbox.api('operator');
  const volumes = (await api.call('ReadVolumes', {})).Volumes;
  await page.setViewportSize({ width: 390, height: 844 });
  await openVolumes(page);
  const cards = page.getByRole('list', { name: 'Volumes' });
  await expect(cards.locator('[data-row]')).toHaveCount(volumes.length);
  const sideways = () => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
  expect(await sideways()).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);
  const id = volumes[0]!.VolumeId;
  await rowOf(page, id).getByRole('button', { name: `Snapshot ${id}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Snapshot this volume' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Create snapshot' })).toBeInViewport();
  expect(await dialog.evaluate((d) => d.scrollWidth - d.clientWidth)).toBeLessThanOrEqual(0);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSeriousA11yViolations(page);
});
