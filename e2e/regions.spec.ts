/**
 * Two Regions, two accounts (issue 14 item 2): the demo operator has an account in eu-west-2 and one in us-east-2,
 * and acting as it connects both; by hand, the Connect screen takes a further Region with that Region's own keys
 * (the sandbox's Region endpoint `/{region}/api/v1` refuses another Region's keys, as OUTSCALE does), and explains
 * a refusal. What the page should show comes from GET /sandbox/accounts and the sandbox's API.
 */
import type { Page } from '@playwright/test';
import type { DemoAccount } from '../src/api/sandbox';
import { expect, expectNoSeriousA11yViolations, found, oscApi, test } from './fixtures';

/** The demo operator's accounts: the one of its own Region (eu-west-2) first, and its other Region's. */
async function operatorAccounts(accounts: DemoAccount[]): Promise<{ home: DemoAccount; abroad: DemoAccount }> {
  const home = found(accounts.find((a) => a.Role === 'operator'), 'demo operator');
  const abroad = found(
    accounts.find((a) => a !== home && a.Organisation === home.Organisation && a.Region !== home.Region),
    "demo operator's account in another Region",
  );
  return { home, abroad };
}

async function connectHomeByHand(page: Page, baseURL: string, home: DemoAccount) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByRole('heading', { name: 'Connect to OUTSCALE' })).toBeVisible();
  await page.getByLabel('Region', { exact: true }).selectOption('custom');
  await page.getByLabel('Endpoint URL').fill(baseURL);
  await page.getByLabel('Region name').fill(home.Region);
  await page.getByLabel('Access key').fill(home.AccessKey);
  await page.getByLabel('Secret key').fill(home.SecretKey);
}

async function fillOtherRegion(page: Page, baseURL: string, region: string, keys: { AccessKey: string; SecretKey: string }) {
  const other = page.getByRole('group', { name: /Another Region/ });
  await other.getByLabel('Region', { exact: true }).selectOption('custom');
  // The sandbox's endpoint of that Region, as https://api.{region}.outscale.com is OUTSCALE's.
  await other.getByLabel('Endpoint URL').fill(`${baseURL}/${region}`);
  await other.getByLabel('Region name').fill(region);
  await other.getByLabel('Access key').fill(keys.AccessKey);
  await other.getByLabel('Secret key').fill(keys.SecretKey);
  return other;
}

test('acting as the demo operator connects both of its Regions, each with its account', async ({ page, sandbox }) => {
  const { home, abroad } = await operatorAccounts(await sandbox.accounts());
  expect([home.Region, abroad.Region]).toEqual(['eu-west-2', 'us-east-2']);
  await page.goto('/');
  const header = page.getByLabel('Connected account');
  await expect(header).toContainText(`Sandbox · account ${home.AccountId} · ${home.Region} · ${abroad.Region} (account ${abroad.AccountId})`);
  await expect(page.getByRole('table', { name: 'Snapshots' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Acting as the us-east-2 account: its Region first, its own snapshots listed, eu-west-2 beside it.
  const usOwn = await oscApi(sandbox.baseURL, abroad).snapshots({ AccountIds: [abroad.AccountId] });
  expect(usOwn.length).toBeGreaterThan(0);
  await page.getByLabel('Act as').selectOption({ label: `${abroad.AccountAlias} (operator, sandbox)` });
  await expect(header).toContainText(`Sandbox · account ${abroad.AccountId} · ${abroad.Region} · ${home.Region} (account ${home.AccountId})`);
  await expect(page.getByRole('link', { name: usOwn[0]!.SnapshotId })).toBeVisible();

  // An account of one Region only (the partner) connects that Region alone.
  const partner = await sandbox.account('partner');
  await page.getByLabel('Act as').selectOption({ label: `${partner.AccountAlias} (partner, sandbox)` });
  await expect(header).toContainText(`account ${partner.AccountId} · ${partner.Region}`);
  await expect(header).not.toContainText(abroad.Region);
});

test('connect by hand to two Regions; a key of the wrong Region for the second is explained, then fixed', async ({ page, sandbox }) => {
  const { home, abroad } = await operatorAccounts(await sandbox.accounts());
  await connectHomeByHand(page, sandbox.baseURL, home);

  await page.getByRole('button', { name: 'Add a Region' }).click();
  const other = page.getByRole('group', { name: /Another Region/ });
  await expect(other.getByLabel('Region', { exact: true })).toHaveValue('us-east-2');
  // The eu-west-2 account's keys at the us-east-2 endpoint: refused there, as OUTSCALE refuses another Region's keys.
  await fillOtherRegion(page, sandbox.baseURL, abroad.Region, home);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'An OUTSCALE account lives in one Region' })).toContainText(
    `The ${abroad.Region} endpoint refused these keys. An OUTSCALE account lives in one Region: for ${abroad.Region}, enter the access key and secret key of your account in ${abroad.Region} (the keys of your ${home.Region} account are not valid there).`,
  );
  const failure = page.getByRole('alert').filter({ hasText: `Could not connect to ${abroad.Region}` });
  await expect(failure).toContainText('AccessDenied');
  await expect(failure).toContainText(`belongs to an account of ${home.Region}, not of ${abroad.Region}`);
  await expect(failure).not.toContainText(home.SecretKey);
  await expect(page.getByRole('heading', { name: 'Connect to OUTSCALE' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // A wrong secret key for the second Region is refused too, and explained the same way.
  await other.getByLabel('Access key').fill(abroad.AccessKey);
  await other.getByLabel('Secret key').fill('not-the-secret');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `Could not connect to ${abroad.Region}` })).toContainText('AccessDenied');

  await other.getByLabel('Secret key').fill(abroad.SecretKey);
  await page.getByRole('button', { name: 'Connect' }).click();
  const header = page.getByLabel('Connected account');
  await expect(header).toContainText(`OUTSCALE · account ${home.AccountId} · ${home.Region} · ${abroad.Region} (account ${abroad.AccountId})`);
  await expect(page.getByRole('table', { name: 'Snapshots' })).toBeVisible();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  for (const secret of [home.SecretKey, abroad.SecretKey]) {
    expect(stored).not.toContain(secret);
    expect(page.url()).not.toContain(secret);
  }
});

test('a further Region is checked before any call: one account per Region, and its own keys', async ({ page, sandbox }) => {
  const { home } = await operatorAccounts(await sandbox.accounts());
  await connectHomeByHand(page, sandbox.baseURL, home);
  await page.getByRole('button', { name: 'Add a Region' }).click();
  const other = page.getByRole('group', { name: /Another Region/ });
  await other.getByLabel('Region', { exact: true }).selectOption('custom');
  await other.getByLabel('Endpoint URL').fill(`${sandbox.baseURL}/${home.Region}`);
  await other.getByLabel('Region name').fill(home.Region);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(other.getByText(`${home.Region} is already connected: one account per Region.`)).toBeVisible();
  await expect(other.getByText('Enter the access key of your account in this Region.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // Removed, the first Region connects alone.
  await other.getByRole('button', { name: 'Remove this Region' }).click();
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByLabel('Connected account')).toContainText(`OUTSCALE · account ${home.AccountId} · ${home.Region}`);
  await expect(page.getByLabel('Connected account')).not.toContainText('us-east-2');
});

test('the Region shown is in the URL: every link keeps it, a copy there is a direct copy from it, a Region not connected is explained', async ({ page, sandbox, snapshotsPage: list, copyDialog: copy }) => {
  const { home, abroad } = await operatorAccounts(await sandbox.accounts());
  const us = oscApi(sandbox.baseURL, abroad);
  const eu = oscApi(sandbox.baseURL, home);
  const source = found((await us.snapshots({ AccountIds: [abroad.AccountId] })).find((s) => s.State === 'completed'), 'a completed us-east-2 snapshot');

  // A link into us-east-2: its rows, and every link of the page stays there.
  await page.goto('/?region=us-east-2');
  await expect(list.row(source.SnapshotId)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Region', exact: true })).toHaveValue('us-east-2');
  await list.row(source.SnapshotId).getByRole('link', { name: source.SnapshotId, exact: true }).click();
  await expect(page).toHaveURL(`/snapshots/${source.SnapshotId}?region=us-east-2`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(source.SnapshotId);
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await nav.getByRole('link', { name: 'Volumes' }).click();
  await expect(page).toHaveURL('/volumes?region=us-east-2');
  const usVolume = found((await us.call('ReadVolumes', {})).Volumes[0], 'a us-east-2 volume');
  await expect(page.getByText(usVolume.VolumeId, { exact: true }).first()).toBeVisible();

  // A copy from the list of us-east-2: a direct copy there (its SourceRegionName), the other Region through the route.
  await nav.getByRole('link', { name: 'Snapshots' }).click();
  await expect(page).toHaveURL('/?region=us-east-2');
  await list.table.getByRole('button', { name: `Copy ${source.SnapshotId}` }).click();
  await copy.expectOpen();
  await expect(page).toHaveURL(/[?&]region=us-east-2(&|$)/);
  await expect(copy.region).toHaveValue('us-east-2');
  await expect(copy.region.locator('option[value="us-east-2"]')).toContainText('your Region: a direct copy');
  await expect(copy.region.locator('option[value="eu-west-2"]')).toContainText('connected: export and import');
  await copy.view('Command').click();
  await expect(copy.command('osc-cli')).toContainText('--SourceRegionName us-east-2');
  await copy.view('Form').click();
  const token = copy.token();
  await copy.submit.click();
  await expect(copy.dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Copy started' })).toBeVisible();
  await expect.poll(async () => (await us.call('ReadSnapshots', { Filters: { ClientTokens: [token] } })).Snapshots.map((s) => s.AccountId)).toEqual([abroad.AccountId]);
  expect((await eu.call('ReadSnapshots', { Filters: { ClientTokens: [token] } })).Snapshots).toEqual([]);

  // A Region that is not connected: said plainly, dropped from the URL, the first Region shown.
  await page.goto('/?region=ap-northeast-1');
  await expect(page.getByRole('status').filter({ hasText: 'ap-northeast-1' })).toContainText('not connected');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('combobox', { name: 'Region', exact: true })).toHaveValue('eu-west-2');
  await expect(page.getByLabel('Connected account')).toContainText(`account ${home.AccountId} · eu-west-2`);
  await expect(list.row(source.SnapshotId)).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});
