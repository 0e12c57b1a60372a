/**
 * The cross-Region copy (issue 14 item 9), acting as the demo operator with both its Regions connected
 * (eu-west-2 and us-east-2): to completed, a reload during the export, a shared source's extra step, an expired
 * pre-signed URL explained and retried; axe on the dialog.
 */
import type { Page } from '@playwright/test';
import { AwsClient } from 'aws4fetch';
import type { DemoAccount } from '../src/api/sandbox';
import type { Snapshot } from '../src/api/schemas';
import { E2E_BASE_URL } from './config';
import { expect, expectNoSeriousA11yViolations, found, oscApi, test } from './fixtures';

const DEST = 'us-east-2';

async function destinationApi(accounts: DemoAccount[], operator: DemoAccount) {
  const us = found(accounts.find((a) => a.Organisation && a.Organisation === operator.Organisation && a.Region === DEST), `operator account in ${DEST}`);
  return oscApi(`${E2E_BASE_URL}/${DEST}`, us);
}

/** Opens the copy dialog on a snapshot, chooses the destination Region and continues to the route's dialog. */
async function openRoute(page: Page, snapshot: Snapshot) {
  await page.goto(`/?copy=${snapshot.SnapshotId}`);
  const copy = page.getByRole('dialog', { name: 'Copy snapshot' });
  await expect(copy.getByText(snapshot.State === 'completed' ? 'completed' : snapshot.State).first()).toBeVisible();
  await copy.getByLabel('Destination Region', { exact: true }).selectOption(DEST);
  await copy.getByRole('button', { name: `Continue to ${DEST}…` }).click();
  const route = page.getByRole('dialog', { name: `Copy ${snapshot.SnapshotId} to ${DEST}` });
  await expect(route).toBeVisible();
  return route;
}

const stepItems = (route: ReturnType<Page['getByRole']>) => route.getByRole('list', { name: 'Steps' }).getByRole('listitem');

test('eu-west-2 → us-east-2: every step shown first, then run to completed, with provenance and nothing signed in storage', async ({ page, sandbox }) => {
  test.setTimeout(120_000);
  const operator = await sandbox.api('operator');
  const dest = await destinationApi(await sandbox.accounts(), operator.account);
  const own = (await operator.snapshots({ AccountIds: [operator.account.AccountId], States: ['completed'] })).sort((a, b) => a.VolumeSize - b.VolumeSize);
  const source = found(own[0], 'completed snapshot of the operator');
  const route = await openRoute(page, source);
  await expect(stepItems(route)).toHaveText([/Export to a bucket/, /Make a pre-signed URL/, /Import in the destination Region/, /Watch the import/, /Delete the exported object/]);
  await expect(route.getByText('belongs to another account')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  await route.getByRole('button', { name: 'Check permissions' }).click();
  await expect(route.getByRole('status').filter({ hasText: `Your ${DEST} keys are accepted` })).toBeVisible();

  await route.getByRole('button', { name: 'Start the copy' }).click();
  await expect(route.getByRole('status').filter({ hasText: /Step \d of 5/ })).toBeVisible();
  await expect(route.getByRole('status').filter({ hasText: `Copy to ${DEST} completed` })).toBeVisible({ timeout: 90_000 });
  await expectNoSeriousA11yViolations(page);

  const made = await dest.snapshots({ TagKeys: ['copied-from'] });
  const copy = found(made.find((s) => s.Tags.some((t) => t.Key === 'copied-from' && t.Value === source.SnapshotId)), 'imported snapshot');
  expect(copy.State).toBe('completed');
  expect(copy.Tags).toContainEqual({ Key: 'copied-from-region', Value: operator.account.Region });
  const stored = await page.evaluate(() => Object.values(sessionStorage).join('\n'));
  expect(stored).toContain(copy.SnapshotId);
  expect(stored).not.toMatch(/X-Amz-|Signature|SecretKey/);

  // Lineage both ways: the source's page lists its copy in us-east-2; the copy's page (as the operator's
  // us-east-2 account) names its source in eu-west-2, read there.
  await route.getByRole('button', { name: 'Close' }).click();
  await page.goto(`/snapshots/${source.SnapshotId}`);
  const copies = page.getByRole('region', { name: 'Copies' });
  await expect(copies.getByRole('listitem').filter({ hasText: copy.SnapshotId })).toContainText(`in ${DEST}`);
  await page.evaluate((id) => sessionStorage.setItem('snapshot-console.demo-account', id), dest.account.AccountId);
  await page.goto(`/snapshots/${copy.SnapshotId}`);
  const back = page.getByRole('region', { name: 'Copies' }).getByRole('listitem').filter({ hasText: source.SnapshotId });
  await expect(back).toContainText(`Copied from ${source.SnapshotId} in ${operator.account.Region}`);
  await expect(back).toContainText('completed');
});

test('a reload during the export resumes it: no second export task, one import', async ({ page, sandbox }) => {
  test.setTimeout(120_000);
  const operator = await sandbox.api('operator');
  const dest = await destinationApi(await sandbox.accounts(), operator.account);
  // Big enough for its export to take seconds (10 GiB/s at --speed 20), small enough for the whole route to be quick.
  const own = (await operator.snapshots({ AccountIds: [operator.account.AccountId], States: ['completed'] })).sort((a, b) => Math.abs(a.VolumeSize - 60) - Math.abs(b.VolumeSize - 60));
  const source = found(own[0], 'completed snapshot of the operator');
  const route = await openRoute(page, source);
  await route.getByRole('button', { name: 'Start the copy' }).click();
  await expect(route.getByRole('progressbar', { name: 'Export to a bucket: progress' })).toBeVisible({ timeout: 30_000 });
  await page.reload();
  const resumed = page.getByRole('dialog', { name: `Copy ${source.SnapshotId} to ${DEST}` });
  await expect(resumed.getByRole('status').filter({ hasText: `Copy to ${DEST} completed` })).toBeVisible({ timeout: 100_000 });
  const tasks = await operator.call('ReadSnapshotExportTasks', { Filters: { SnapshotIds: [source.SnapshotId] } });
  expect(tasks.SnapshotExportTasks).toHaveLength(1);
  const made = (await dest.snapshots({ TagKeys: ['copied-from'] })).filter((s) => s.Tags.some((t) => t.Value === source.SnapshotId));
  expect(made).toHaveLength(1);
});

test('a shared source takes the extra first step: copied into the account, and that copy exported', async ({ page, sandbox }) => {
  test.setTimeout(120_000);
  const operator = await sandbox.api('operator');
  const partner = await sandbox.api('partner');
  const shared = (await partner.snapshots({ AccountIds: [partner.account.AccountId], States: ['completed'] }))
    .filter((s) => s.PermissionsToCreateVolume.AccountIds.includes(operator.account.AccountId))
    .sort((a, b) => a.VolumeSize - b.VolumeSize);
  const source = found(shared[0], 'completed snapshot the partner shares with the operator');
  const route = await openRoute(page, source);
  await expect(stepItems(route)).toHaveCount(6);
  await expect(stepItems(route).first()).toContainText('Copy the shared snapshot into your account');
  await route.getByRole('button', { name: 'Start the copy' }).click();
  await expect(route.getByRole('status').filter({ hasText: `Copy to ${DEST} completed` })).toBeVisible({ timeout: 100_000 });
  const tasks = await operator.call('ReadSnapshotExportTasks', {});
  expect(tasks.SnapshotExportTasks).toHaveLength(1);
  const exported = found(tasks.SnapshotExportTasks[0], 'export task');
  expect(exported.SnapshotId).not.toBe(source.SnapshotId);
  const ownCopy = (await operator.snapshots({ SnapshotIds: [exported.SnapshotId] }))[0];
  expect(ownCopy?.AccountId).toBe(operator.account.AccountId);
});

test('an expired pre-signed URL is explained, and retrying the import makes a fresh one', async ({ page, sandbox }) => {
  test.setTimeout(120_000);
  const operator = await sandbox.api('operator');
  const own = (await operator.snapshots({ AccountIds: [operator.account.AccountId], States: ['completed'] })).sort((a, b) => a.VolumeSize - b.VolumeSize);
  const source = found(own[0], 'completed snapshot of the operator');
  const us = found((await sandbox.accounts()).find((a) => a.Organisation === operator.account.Organisation && a.Region === DEST), `operator account in ${DEST}`);
  const signer = new AwsClient({ accessKeyId: us.AccessKey, secretAccessKey: us.SecretKey, service: 'oapi', region: DEST, retries: 0 });
  // The first import goes out with its URL dated yesterday, as a URL made long ago would be: the test sends it to the
  // sandbox itself (signed again, the body changed) and hands the page the sandbox's own answer.
  let expiredOnce = false;
  await page.route(`**/${DEST}/api/v1/CreateSnapshot`, async (request) => {
    const body = JSON.parse(request.request().postData() ?? '{}') as { FileLocation?: string };
    if (expiredOnce || !body.FileLocation) return request.continue();
    expiredOnce = true;
    const url = new URL(body.FileLocation);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
    url.searchParams.set('X-Amz-Date', yesterday);
    url.searchParams.set('X-Amz-Credential', url.searchParams.get('X-Amz-Credential')!.replace(/\/\d{8}\//, `/${yesterday.slice(0, 8)}/`));
    const answer = await signer.fetch(`${E2E_BASE_URL}/${DEST}/api/v1/CreateSnapshot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, FileLocation: url.toString() }),
    });
    await request.fulfill({ status: answer.status, contentType: 'application/json', body: await answer.text() });
  });
  const route = await openRoute(page, source);
  await route.getByRole('button', { name: 'Start the copy' }).click();
  const failed = route.getByRole('alert').filter({ hasText: 'Step “Import in the destination Region” failed' });
  await expect(failed).toBeVisible({ timeout: 60_000 });
  await expect(failed).toContainText('has expired');
  await expect(route.getByRole('status').filter({ hasText: /Import in the destination Region, failed/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await failed.getByRole('button', { name: /Retry/ }).click();
  await expect(route.getByRole('status').filter({ hasText: `Copy to ${DEST} completed` })).toBeVisible({ timeout: 90_000 });
});

test('on a phone (390 px) and in the dark theme the route dialog fits, keeps its buttons in reach and passes axe', async ({ page, sandbox }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const operator = await sandbox.api('operator');
  const source = found((await operator.snapshots({ AccountIds: [operator.account.AccountId], States: ['completed'] }))[0], 'completed snapshot of the operator');
  const route = await openRoute(page, source);
  const sideways = await route.evaluate((el) => {
    const inner = el.firstElementChild as HTMLElement;
    return { dialog: el.getBoundingClientRect().width, scroll: inner.scrollWidth, client: inner.clientWidth };
  });
  expect(sideways.dialog).toBeLessThanOrEqual(390);
  expect(sideways.scroll).toBeLessThanOrEqual(sideways.client);
  await route.getByRole('button', { name: 'Start the copy' }).scrollIntoViewIfNeeded();
  await expect(route.getByRole('button', { name: 'Start the copy' })).toBeInViewport();
  await route.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Command' }).click();
  const commands = route.getByLabel('Commands for the whole route');
  await expect(commands).toContainText('osc-cli api CreateSnapshotExportTask');
  await expect(commands).toContainText('aws s3 presign');
  await expect(commands).toContainText('--FileLocation "\\"$URL\\""');
  await expect(commands).not.toContainText(operator.account.SecretKey);
  await expectNoSeriousA11yViolations(page);
  // Keyboard: Escape closes it, nothing started.
  await page.keyboard.press('Escape');
  await expect(route).toBeHidden();
  expect((await operator.call('ReadSnapshotExportTasks', {})).SnapshotExportTasks).toHaveLength(0);
});
