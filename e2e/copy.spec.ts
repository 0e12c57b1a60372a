import type { Snapshot } from '../src/api/schemas';
import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, found, test, type OscApi } from './fixtures';
import { Overlays } from './pages/overlays';

const OWN_COMPLETED = '?owner=mine&state=completed&sort=size&dir=asc';

/** A public OUTSCALE Region other than this one: a copy may not come from there. */
const anotherRegion = (home: string) => (home === 'us-east-2' ? 'eu-west-2' : 'us-east-2');

/** The caller's own snapshots, as the API lists them. */
async function ownSnapshots(api: OscApi): Promise<Snapshot[]> {
  return api.snapshots({ AccountIds: [api.account.AccountId] });
}

test('copy from a row: check permissions, submit, and watch the copy complete in the tray and the list', async ({ page, sandbox, snapshotsPage: list, copyDialog: copy }) => {
  const api = await sandbox.api('operator');
  await list.open(OWN_COMPLETED);
  const sourceId = await list.firstSnapshotId();
  await list.table.getByRole('button', { name: `Copy ${sourceId}` }).click();
  await copy.expectOpen();
  await expect(page).toHaveURL(new RegExp(`copy=${sourceId}&token=[0-9a-f-]{36}`));
  await expect(copy.source).toHaveValue(sourceId);
  await expect(copy.sourceDetails()).toContainText('completed');
  await expect(copy.description).toHaveValue(new RegExp(`^Copy of ${sourceId}`));
  await expectNoSeriousA11yViolations(page);

  const before = (await ownSnapshots(api)).length;
  await copy.check.click();
  await expect(copy.dialog.getByText(/Permission check passed/)).toBeVisible();
  expect((await ownSnapshots(api)).length).toBe(before);

  await copy.description.fill('Copied by the end-to-end test');
  await copy.dialog.getByRole('button', { name: 'Add a tag' }).click();
  await copy.dialog.getByLabel('Tag 1 key').fill('purpose');
  await copy.dialog.getByLabel('Tag 1 value').fill('e2e');
  await copy.submit.click();
  await expect(copy.dialog).toBeHidden();
  const started = page.getByRole('status').filter({ hasText: 'Copy started' });
  await expect(started).toBeVisible();
  const copyId = (await started.getByRole('link').innerText()).trim();
  expect(copyId).toMatch(/^snap-[0-9a-f]{8}$/);

  const tray = page.getByRole('complementary', { name: 'Copies' });
  await new Overlays(page).openTray();
  await expect(tray.getByRole('link', { name: copyId })).toBeVisible();
  await expect(tray).toContainText('1 running');
  await expect(page.getByRole('status').filter({ hasText: `Copy ${copyId} completed.` })).toBeVisible({ timeout: 30_000 });
  await expect(tray.getByText('completed', { exact: true })).toBeVisible();
  // the heading never counts finished copies as in flight
  await expect(tray).toContainText('0 running · 1 completed');

  // the list shows the copy without a reload
  await page.goto(`/?q=${copyId}`);
  await expect(list.table.getByRole('link', { name: copyId })).toBeVisible();
  await expect(list.table.getByText('completed')).toBeVisible();
  await list.table.getByRole('link', { name: copyId }).click();
  await expect(page.getByText(`Copied from ${sourceId}`)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'purpose', exact: true })).toBeVisible();
  // the source lists its copies, and the dialog opens from a detail page too
  await page.getByRole('link', { name: sourceId }).click();
  await expect(page.getByRole('heading', { name: `Snapshot ${sourceId}` })).toBeVisible();
  await expect(page.getByText(`Copied to ${copyId}`)).toBeVisible();
  await page.getByRole('button', { name: 'Copy this snapshot' }).click();
  await copy.expectOpen();
  await expect(copy.source).toHaveValue(sourceId);
  await copy.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(copy.dialog).toBeHidden();

  const made = (await api.call('ReadSnapshots', { Filters: { SnapshotIds: [copyId] } })).Snapshots[0]!;
  expect(made).toMatchObject({ Description: 'Copied by the end-to-end test', State: 'completed' });
  expect(made.Tags).toContainEqual({ Key: 'copied-from', Value: sourceId });
});

test('a double click and a reload-and-resubmit make exactly one copy; the tray resumes after a reload', async ({ page, sandbox, snapshotsPage: list, copyDialog: copy }) => {
  const api = await sandbox.api('operator');
  // the biggest own snapshot: its copy stays in flight long enough to reload mid-copy
  await list.open('?owner=mine&state=completed&sort=size&dir=desc');
  const sourceId = await list.firstSnapshotId();
  await list.table.getByRole('button', { name: `Copy ${sourceId}` }).click();
  await copy.expectOpen();
  const token = copy.token();
  await expect(copy.sourceDetails()).toContainText('completed');
  await copy.submit.dblclick();
  await expect(copy.dialog).toBeHidden();
  const byToken = await api.call('ReadSnapshots', { Filters: { ClientTokens: [token] } });
  expect(byToken.Snapshots).toHaveLength(1);
  const copyId = byToken.Snapshots[0]!.SnapshotId;

  const tray = page.getByRole('complementary', { name: 'Copies' });
  await new Overlays(page).openTray();
  await expect(tray.getByRole('link', { name: copyId })).toBeVisible();
  await page.reload();
  await expect(tray.getByRole('link', { name: copyId })).toBeVisible();
  await expect(tray.getByRole('progressbar', { name: `Copy progress of ${copyId}` })).toBeVisible();

  // a link back to the same dialog (same token): it says the copy was already made, never "Copy started"
  await page.goto(`/?copy=${sourceId}&token=${token}`);
  await copy.expectOpen();
  await expect(copy.sourceDetails()).toContainText('completed');
  const made = copy.dialog.getByRole('status').filter({ hasText: 'This copy was already made' });
  await expect(made).toBeVisible();
  await expect(made.getByRole('link', { name: copyId })).toBeVisible();
  await expect(copy.submit).toBeDisabled();
  await copy.view('Command').click();
  await expect(copy.noCommand()).toContainText(`already made ${copyId}`);
  await copy.view('Form').click();
  await expect(page.getByRole('status').filter({ hasText: 'Copy started' })).toHaveCount(0);
  expect((await api.call('ReadSnapshots', { Filters: { ClientTokens: [token] } })).Snapshots).toHaveLength(1);
  // another copy takes a new dialog, with a new token
  await made.getByRole('button', { name: 'Make another copy' }).click();
  await expect(made).toBeHidden();
  expect(copy.token()).not.toBe(token);
  await expect(copy.submit).toBeEnabled();
});

test('every error of the flow is explained where it belongs', async ({ page, sandbox, copyDialog: copy }) => {
  const partnerApi = await sandbox.api('partner');
  const operatorApi = await sandbox.api('operator');
  const home = operatorApi.account.Region;
  const partnerOwn = await ownSnapshots(partnerApi);
  const privateOne = found(partnerOwn.find((s) => !s.PermissionsToCreateVolume.GlobalPermission && s.PermissionsToCreateVolume.AccountIds.length === 0), 'private partner snapshot');
  const sharedOne = found(partnerOwn.find((s) => s.PermissionsToCreateVolume.AccountIds.includes(operatorApi.account.AccountId)), 'partner snapshot shared with the operator');
  const inFlight = found((await operatorApi.snapshots({ States: ['pending'] }))[0], 'pending snapshot');

  // a list with nothing in flight: no poll competes with the submit for the one throttled call below
  await page.goto('/?state=completed');
  await page.getByRole('button', { name: 'Copy snapshot' }).click();
  await copy.expectOpen();
  await expect(copy.source).toHaveValue('');

  await copy.source.fill('snap-zz');
  await expect(copy.dialog.getByText('A snapshot ID looks like snap-1a2b3c4d.')).toBeVisible();

  await copy.source.fill(privateOne.SnapshotId);
  await expect(copy.sourceDetails()).toContainText('has not shared it with you');
  await expect(copy.submit).toBeDisabled();

  await copy.source.fill(inFlight.SnapshotId);
  await expect(copy.sourceDetails()).toContainText('only a completed snapshot can be copied');
  await expect(copy.submit).toBeDisabled();

  // a partner's shared snapshot can be copied; another (connected) Region hands over to the cross-Region route
  await copy.source.fill(sharedOne.SnapshotId);
  await expect(copy.sourceDetails()).toContainText('shared with you');
  await copy.region.selectOption(anotherRegion(home));
  await expect(copy.dialog.getByRole('note')).toContainText(`A copy from ${home} to ${anotherRegion(home)} goes through a bucket`);
  await expect(copy.dialog.getByRole('button', { name: `Continue to ${anotherRegion(home)}…` })).toBeVisible();
  await copy.region.selectOption(home);

  // throttled by the API: the plain words, Code and RequestId; then it recovers
  await sandbox.throttleNext(1);
  await copy.submit.click();
  const refused = copy.dialog.getByRole('alert').filter({ hasText: 'The copy was not started' });
  await expect(refused).toContainText('throttling');
  await expect(refused).toContainText('24');
  await expect(refused.getByText(/^[0-9a-f-]{36}$/)).toBeVisible();
  await copy.submit.click();
  await expect(copy.dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Copy started' })).toBeVisible();

  // the poller is throttled too: it says so and keeps going
  await sandbox.throttleNext(2);
  const tray = page.getByRole('complementary', { name: 'Copies' });
  await new Overlays(page).openTray();
  await expect(tray.getByText(/Throttled by the API, retrying in \d+ s/)).toBeVisible({ timeout: 20_000 });
  // while throttled, no time left is claimed from stale progress
  await expect(tray.getByText(/about .* left/)).toHaveCount(0);
  await expect(tray.getByText('completed', { exact: true })).toBeVisible({ timeout: 60_000 });
});

/** Presses Tab until the focused element has this accessible text (aria-label or text), or fails. */
async function tabTo(page: Page, name: RegExp | string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? (el.getAttribute('aria-label') ?? el.innerText ?? '').trim() : '';
    });
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

test('the whole copy flow by keyboard only, with the command view', async ({ page, sandbox, snapshotsPage: list, copyDialog: copy }) => {
  const accounts = await sandbox.accounts();
  const operator = await sandbox.account('operator');
  await list.open(OWN_COMPLETED);
  const sourceId = await list.firstSnapshotId();
  // the table is one Tab stop: Tab to the row, `c` copies it
  await tabTo(page, new RegExp(`^${sourceId}\\s`));
  await page.keyboard.press('c');
  await copy.expectOpen();

  await tabTo(page, 'Command');
  await page.keyboard.press('Enter');
  const aws = copy.dialog.getByRole('region', { name: 'AWS CLI (FCU endpoint) command' });
  await expect(aws).toContainText('aws ec2 copy-snapshot');
  await expect(aws).toContainText(`--source-snapshot-id ${sourceId}`);
  await expect(aws).toContainText(`--endpoint https://fcu.${operator.Region}.outscale.com`);
  const dialogText = await copy.dialog.innerText();
  for (const account of accounts) expect(dialogText).not.toContain(account.SecretKey);
  await expectNoSeriousA11yViolations(page);

  await tabTo(page, 'Form');
  await page.keyboard.press('Enter');
  await expect(copy.source).toBeVisible();
  await tabTo(page, 'Check permissions');
  await page.keyboard.press('Enter');
  await expect(copy.dialog.getByText(/Permission check passed/)).toBeVisible();
  await tabTo(page, 'Copy snapshot');
  await page.keyboard.press('Enter');
  await expect(copy.dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Copy started' })).toBeVisible();

  // Escape closes the dialog without copying
  await page.goto(`/${OWN_COMPLETED}`);
  await list.table.waitFor();
  // the table is one Tab stop: Tab to the row, `c` copies it
  await tabTo(page, new RegExp(`^${sourceId}\\s`));
  await page.keyboard.press('c');
  await copy.expectOpen();
  await page.keyboard.press('Escape');
  await expect(copy.dialog).toBeHidden();
  await expect(page).not.toHaveURL(/copy=/);
});

test('a pre-filled description follows its source until edited, and the copy is made with exactly what the form and the Command view showed', async ({ page, sandbox, copyDialog: copy }) => {
  const api = await sandbox.api('operator');
  const own = (await ownSnapshots(api)).filter((s) => s.State === 'completed' && s.Description);
  const first = found(own[0], 'completed snapshot with a description');
  const second = found(own.find((s) => s.Description !== first.Description), 'second completed snapshot with another description');
  await api.call('CreateTags', { ResourceIds: [second.SnapshotId], Tags: [{ Key: 'team', Value: 'storage' }] });
  await page.goto('/');
  await page.getByRole('button', { name: 'Copy snapshot' }).click();
  await copy.expectOpen();
  const token = copy.token();

  await copy.source.fill(first.SnapshotId);
  await expect(copy.description).toHaveValue(`Copy of ${first.SnapshotId}: ${first.Description}`);
  await copy.source.fill('');
  await expect(copy.description).toHaveValue('');
  await copy.source.fill(second.SnapshotId);
  const expected = `Copy of ${second.SnapshotId}: ${second.Description}`;
  await expect(copy.description).toHaveValue(expected);
  await expect(copy.sourceDetails()).toContainText('completed');

  // the Command view prints the same two calls: the copy with this description, then its tags
  await copy.dialog.getByRole('button', { name: 'Add a tag' }).click();
  await copy.dialog.getByLabel('Tag 1 key').fill('purpose');
  await copy.dialog.getByLabel('Tag 1 value').fill("it's e2e");
  // the source's own tags, when asked for, are listed before the copy and go on it
  const sourceTags = copy.dialog.getByRole('checkbox', { name: "Copy the source's tags too" });
  await expect(sourceTags).not.toBeChecked();
  await expect(copy.dialog.getByText(/team=storage/)).toBeVisible();
  await sourceTags.check();
  await copy.view('Command').click();
  const curl = copy.command('curl, signed with SigV4');
  await expect(curl).toContainText('{"Key":"team","Value":"storage"}');
  await expect(curl).toContainText(`"SourceSnapshotId":"${second.SnapshotId}"`);
  await expect(curl).toContainText(`"Description":"${expected}"`);
  await expect(curl).toContainText(`"ClientToken":"${token}"`);
  await expect(curl).toContainText('/api/v1/CreateTags');
  await expect(curl).toContainText(`{"Key":"copied-from","Value":"${second.SnapshotId}"}`);
  await expect(curl).not.toContainText(first.SnapshotId);
  await expect(copy.command('osc-cli')).toContainText('osc-cli api CreateTags');
  await expect(copy.command('AWS CLI (FCU endpoint)')).toContainText('aws ec2 create-tags');
  await expectNoSeriousA11yViolations(page);
  await copy.view('Form').click();

  await copy.submit.click();
  await expect(copy.dialog).toBeHidden();
  const made = (await api.call('ReadSnapshots', { Filters: { ClientTokens: [token] } })).Snapshots[0]!;
  expect(made.Description).toBe(expected);
  expect(made.Tags).toContainEqual({ Key: 'copied-from', Value: second.SnapshotId });
  expect(made.Tags).toContainEqual({ Key: 'purpose', Value: "it's e2e" });
  expect(made.Tags).toContainEqual({ Key: 'team', Value: 'storage' });

  // an edited description stays as the operator wrote it when the source changes
  await page.getByRole('button', { name: 'Copy snapshot' }).click();
  await copy.expectOpen();
  await copy.source.fill(first.SnapshotId);
  await expect(copy.description).toHaveValue(`Copy of ${first.SnapshotId}: ${first.Description}`);
  await copy.description.fill('my own words');
  await copy.source.fill(second.SnapshotId);
  await expect(copy.sourceDetails()).toContainText(second.Description!);
  await expect(copy.description).toHaveValue('my own words');
});

test('the Command view shows no command for a copy OUTSCALE would refuse, and says why', async ({ page, sandbox, copyDialog: copy }) => {
  const api = await sandbox.api('operator');
  const home = api.account.Region;
  const pending = found((await api.snapshots({ States: ['pending'] }))[0], 'pending snapshot');
  const completed = found((await ownSnapshots(api)).find((s) => s.State === 'completed'), 'completed snapshot');
  await page.goto(`/?copy=${completed.SnapshotId}`);
  await copy.expectOpen();
  await expect(copy.sourceDetails()).toContainText('completed');
  await copy.region.selectOption(anotherRegion(home));
  await copy.view('Command').click();
  await expect(copy.noCommand()).toContainText(`A copy to ${anotherRegion(home)} is an export and an import`);
  await expect(copy.command('osc-cli')).toHaveCount(0);
  await expect(copy.dialog.getByText('CreateSnapshot')).toHaveCount(0);
  await copy.view('Form').click();
  await copy.region.selectOption(home);
  await copy.source.fill(pending.SnapshotId);
  await expect(copy.sourceDetails()).toContainText('only a completed snapshot can be copied');
  await copy.view('Command').click();
  await expect(copy.noCommand()).toContainText('only a completed snapshot can be copied');
  await expect(copy.command('curl, signed with SigV4')).toHaveCount(0);
  await copy.view('Form').click();
  await copy.source.fill(completed.SnapshotId);
  await expect(copy.sourceDetails()).toContainText('completed');
  await copy.view('Command').click();
  await expect(copy.command('osc-cli')).toContainText(`--SourceSnapshotId ${completed.SnapshotId}`);
  await expect(copy.noCommand()).toHaveCount(0);
});

test('status is true: new copies join only the lists they match, and a bad link value is dropped and named', async ({ page, sandbox, snapshotsPage: list, copyDialog: copy }) => {
  const own = await ownSnapshots(await sandbox.api('operator'));
  const completed = own.filter((s) => s.State === 'completed').length;
  await list.open('?state=bogus&owner=mine');
  await expect(page.getByRole('status').filter({ hasText: 'Ignored from the link' })).toContainText('state=bogus');
  await expect(page).toHaveURL(/\?owner=mine$/);
  await expect(list.stateFilter).toHaveValue('');
  await list.expectShowing(own.length, own.length);

  await list.filterByState('completed');
  await expect(page).toHaveURL(/state=completed/);
  await list.expectShowing(completed, completed);
  const sourceId = await list.firstSnapshotId();
  await list.table.getByRole('button', { name: `Copy ${sourceId}` }).click();
  await copy.expectOpen();
  await expect(copy.sourceDetails()).toContainText('completed');
  await copy.submit.click();
  await expect(copy.dialog).toBeHidden();
  const started = page.getByRole('status').filter({ hasText: 'Copy started' });
  const copyId = (await started.getByRole('link').innerText()).trim();
  // the new copy is in flight: not under State = completed
  await new Overlays(page).openTray();
  await expect(page.getByRole('complementary', { name: 'Copies' }).getByRole('link', { name: copyId })).toBeVisible();
  await list.expectShowing(completed, completed);
  await expect(list.table.getByRole('link', { name: copyId })).toHaveCount(0);
  // but under State = pending or in-queue, once it is there
  await page.goto(`/?owner=mine&q=${copyId}`);
  await expect(list.table.getByRole('link', { name: copyId })).toBeVisible();
});

test('a failed copy looks failed everywhere and offers Retry: a new copy, same parameters, new ClientToken', async ({ page, sandbox, snapshotsPage: list, copyDialog: copy }) => {
  const api = await sandbox.api('operator');
  const accountId = api.account.AccountId;
  const own = await ownSnapshots(api);
  const failed = found(own.find((s) => s.State === 'error' && s.Description && s.Tags.length > 0), 'failed snapshot with a description and tags');
  const sourceId = found(own.find((s) => s.State === 'completed'), 'completed snapshot').SnapshotId;
  await api.call('CreateTags', { ResourceIds: [failed.SnapshotId], Tags: [{ Key: 'copied-from', Value: sourceId }] });

  // list: a red bar and a Retry, never a Copy
  await list.open(`?state=error`);
  const bar = list.table.getByRole('progressbar', { name: `Progress of ${failed.SnapshotId}` });
  await expect(bar).toHaveAttribute('aria-valuetext', `failed at ${failed.Progress} %`);
  await expect(bar.locator('div')).toHaveClass(/bg-state-error/);
  await expect(list.table.getByRole('button', { name: `Copy ${failed.SnapshotId}`, exact: true })).toHaveCount(0);
  await expect(list.table.getByRole('button', { name: `Retry copy ${failed.SnapshotId}` })).toBeVisible();

  // tray: a copy this tab watches that ends in error says "failed", in red, with Retry
  await page.evaluate(([key, id]) => sessionStorage.setItem(key!, JSON.stringify([{ id, startedAt: Date.now() }])), [`snapshot-console.jobs.${accountId}`, failed.SnapshotId]);
  await page.reload();
  const tray = page.getByRole('complementary', { name: 'Copies' });
  await new Overlays(page).openTray();
  await expect(tray).toContainText(`Failed at ${failed.Progress} %`);
  await expect(tray).toContainText('0 running · 1 failed');
  await expect(tray).not.toContainText('finished');
  await expect(tray.getByRole('progressbar', { name: `Copy progress of ${failed.SnapshotId}` })).toHaveAttribute('aria-valuetext', `failed at ${failed.Progress} %`);
  await expect(tray.getByRole('button', { name: `Retry copy ${failed.SnapshotId}` })).toBeVisible();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSeriousA11yViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });

  // detail page: an error, no "Copy this snapshot", a Retry
  await page.goto(`/snapshots/${failed.SnapshotId}`);
  await expect(page.getByRole('alert').filter({ hasText: 'This snapshot is in error' })).toContainText(`stopped it at ${failed.Progress} %`);
  await expect(page.getByRole('button', { name: 'Copy this snapshot' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Retry the copy' }).click();
  await copy.expectOpen();
  await expect(copy.dialog.getByRole('note').filter({ hasText: `Retry of the failed copy ${failed.SnapshotId}` })).toBeVisible();
  await expect(copy.source).toHaveValue(sourceId);
  await expect(copy.description).toHaveValue(failed.Description!);
  for (const [i, tag] of failed.Tags.entries()) {
    await expect(copy.dialog.getByLabel(`Tag ${i + 1} key`)).toHaveValue(tag.Key);
    await expect(copy.dialog.getByLabel(`Tag ${i + 1} value`)).toHaveValue(tag.Value);
  }
  await expect(copy.sourceDetails()).toContainText('completed');
  const token = copy.token();
  expect(token).not.toBe(failed.ClientToken);
  await copy.submit.click();
  await expect(copy.dialog).toBeHidden();
  const retried = (await api.call('ReadSnapshots', { Filters: { ClientTokens: [token] } })).Snapshots[0]!;
  expect(retried.SnapshotId).not.toBe(failed.SnapshotId);
  expect(retried.Description).toBe(failed.Description);
  for (const tag of failed.Tags) expect(retried.Tags).toContainEqual(tag);
  expect(retried.Tags).toContainEqual({ Key: 'copied-from', Value: sourceId });
});
