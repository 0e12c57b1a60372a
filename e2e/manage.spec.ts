/**
 * Issue 12 items 1 to 3 against the sandbox: delete (from a row's actions menu by keyboard only, and the refusal
 * of the snapshot an OMI uses), tags on the detail page (add, edit, remove, a refusal undone), sharing with the
 * demo partner account (seen from the partner's side, then unshared). Axe on each dialog. What the page should
 * show is read from the sandbox through the API, never from the code under test.
 */
import type { Page } from '@playwright/test';
import type { Snapshot } from '../src/api/schemas';
import { expect, expectNoSeriousA11yViolations, found, test, type OscApi } from './fixtures';

const nameOf = (s: Snapshot) => s.Tags.find((t) => t.Key === 'Name')?.Value;

/** An own completed snapshot nobody else may use and no copy names as its source. */
async function plainSnapshot(api: OscApi): Promise<Snapshot> {
  const own = await api.snapshots({ AccountIds: [api.account.AccountId], States: ['completed'] });
  const sources = new Set(own.flatMap((s) => s.Tags.filter((t) => t.Key === 'copied-from').map((t) => t.Value)));
  return found(
    own.find((s) => !s.PermissionsToCreateVolume.GlobalPermission && s.PermissionsToCreateVolume.AccountIds.length === 0 && !sources.has(s.SnapshotId) && !nameOf(s)?.includes('OMI')),
    'plain completed snapshot of the operator',
  );
}

async function actAs(page: Page, alias: string, role: string) {
  await page.getByLabel('Act as').selectOption({ label: `${alias} (${role}, sandbox)` });
}

test('delete a failed copy from its row actions menu, by keyboard only: deleting, then gone', async ({ page, sandbox, snapshotsPage: list }) => {
  // Four axe runs and a wait for the deletion: close to a minute on a busy 2-core machine.
  test.slow();
  const api = await sandbox.api('operator');
  const failed = found(
    (await api.snapshots({ AccountIds: [api.account.AccountId], States: ['error'] }))[0],
    'failed copy of the operator',
  );
  const id = failed.SnapshotId;
  await list.open();
  await page.keyboard.press('/');
  await page.keyboard.type(id);
  await expect(list.status).toContainText('Showing 1 of');
  await page.keyboard.press('ArrowDown');
  await expect(list.row(id)).toBeFocused();

  // `a` opens the row's actions menu on its first item; End goes to Delete, the last one
  await page.keyboard.press('a');
  const menu = page.getByRole('menu', { name: `${id} actions` });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  // (the seeded failed copy has no copied-from tag, so no Retry)
  await expect(menu.getByRole('menuitem')).toHaveText(['Open details', 'Manage sharing', 'Delete']);
  await expectNoSeriousA11yViolations(page);
  // Escape closes it and gives focus back to its button; Shift+F10 opens it again
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(page.getByRole('button', { name: `${id} actions` })).toBeFocused();
  await expect(page.getByRole('button', { name: `${id} actions` })).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Shift+F10');
  await expect(menu).toBeVisible();
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Delete snapshot' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Permanently delete ${id}?`);
  await expect(dialog).toContainText(`${failed.VolumeSize} GiB`);
  await expect(dialog).toContainText(nameOf(failed) ?? '-');
  // a failed copy nobody else uses: a simple confirmation, focus on Cancel (the least destructive)
  await expect(dialog.getByLabel(/type "confirm"/)).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectNoSeriousA11yViolations(page);

  // the Command view shows the same call
  await dialog.getByRole('button', { name: 'Command' }).click();
  await expect(dialog.getByLabel('AWS CLI (FCU endpoint) command text')).toContainText(`aws ec2 delete-snapshot \\\n  --snapshot-id=${id}`);
  await expect(dialog.getByLabel('osc-cli command text')).toContainText(`osc-cli api DeleteSnapshot \\\n  --SnapshotId ${id}`);
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole('button', { name: 'Form' }).click();

  await dialog.getByRole('button', { name: 'Check permissions' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toContainText('Permission check passed');
  expect(await api.snapshots({ SnapshotIds: [id] })).toHaveLength(1);
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(dialog).toHaveCount(0);
  await expect(list.row(id)).toContainText('deleting');
  await expect(list.row(id)).toHaveCount(0);
  await expect(page.getByText(`Deleted ${id}.`)).toBeVisible();
  expect(await api.snapshots({ SnapshotIds: [id] })).toEqual([]);
});

test('the snapshot an OMI uses is not deleted, and the refusal is explained with its code', async ({ page, sandbox }) => {
  const api = await sandbox.api('operator');
  const used = found(
    (await api.snapshots({ AccountIds: [api.account.AccountId] })).find((s) => nameOf(s)?.includes('used by OMI')),
    'snapshot used by an OMI (seeded by server/model/seed.ts)',
  );
  await page.goto(`/snapshots/${used.SnapshotId}`);
  await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete snapshot' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  const alert = dialog.getByRole('alert').filter({ hasText: 'The snapshot was not deleted' });
  await expect(alert).toContainText('OMI');
  await expect(alert).toContainText('9002');
  await expect(alert).toContainText('ResourceConflict');
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect((await api.snapshots({ SnapshotIds: [used.SnapshotId] }))[0]?.State).toBe('completed');
});

test('tags on the detail page: add, edit and remove at once; a refused add is undone with the reason', async ({ page, sandbox }) => {
  const api = await sandbox.api('operator');
  const s = await plainSnapshot(api);
  const tagsOf = async () => (await api.snapshots({ SnapshotIds: [s.SnapshotId] }))[0]!.Tags;
  await page.goto(`/snapshots/${s.SnapshotId}`);
  const tags = page.getByRole('region', { name: 'Tags' });
  const key = tags.getByLabel('Tag key');
  const value = tags.getByLabel('Tag value');

  await key.fill('k'.repeat(256));
  await expect(tags.getByText('A key is at most 255 characters')).toBeVisible();
  await key.fill('reviewer');
  await value.fill('ops');
  await tags.getByRole('button', { name: 'Command' }).click();
  await expect(tags.getByLabel('AWS CLI (FCU endpoint) command text')).toContainText(`aws ec2 create-tags \\\n  --resources=${s.SnapshotId} \\\n  --tags '[{"Key":"reviewer","Value":"ops"}]'`);
  await tags.getByRole('button', { name: 'Form' }).click();
  await tags.getByRole('button', { name: 'Add tag' }).click();
  await expect(tags.getByRole('row').filter({ hasText: 'reviewer' })).toContainText('ops');
  await expect.poll(tagsOf).toContainEqual({ Key: 'reviewer', Value: 'ops' });

  await tags.getByRole('button', { name: 'Edit tag reviewer' }).click();
  await expect(key).toHaveValue('reviewer');
  await value.fill('platform');
  await tags.getByRole('button', { name: 'Save value' }).click();
  await expect(tags.getByRole('row').filter({ hasText: 'reviewer' })).toContainText('platform');
  await expect.poll(tagsOf).toContainEqual({ Key: 'reviewer', Value: 'platform' });
  await expectNoSeriousA11yViolations(page);

  await tags.getByRole('button', { name: 'Remove tag reviewer' }).click();
  await expect(tags.getByRole('row').filter({ hasText: 'reviewer' })).toHaveCount(0);
  await expect.poll(async () => (await tagsOf()).some((t) => t.Key === 'reviewer')).toBe(false);

  // Behind the page's back the snapshot reaches the sandbox's 50 tags: the next add shows at once, then is undone
  const room = 50 - (await tagsOf()).length;
  await api.call('CreateTags', { ResourceIds: [s.SnapshotId], Tags: Array.from({ length: room }, (_, i) => ({ Key: `filler-${i}`, Value: '' })) });
  await key.fill('one-too-many');
  await value.fill('x');
  await tags.getByRole('button', { name: 'Add tag' }).click();
  const refusal = tags.getByRole('alert').filter({ hasText: 'was refused: the change is undone' });
  await expect(refusal).toContainText('TooManyResources');
  await expect(tags.getByRole('row').filter({ hasText: 'one-too-many' })).toHaveCount(0);
  expect((await tagsOf()).some((t) => t.Key === 'one-too-many')).toBe(false);
});

test('share with the demo partner: it appears in the partner\u2019s list, then leaves it when unshared', async ({ page, sandbox, snapshotsPage: list }) => {
  // Two account switches, each reading the lists again, and three axe runs: minutes on a busy 2-core machine.
  test.slow();
  const api = await sandbox.api('operator');
  const operator = api.account;
  const partner = await sandbox.account('partner');
  const s = await plainSnapshot(api);
  const id = s.SnapshotId;
  const permissions = async () => (await api.snapshots({ SnapshotIds: [id] }))[0]!.PermissionsToCreateVolume;

  await page.goto(`/snapshots/${id}`);
  await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Manage sharing' }).click();
  const dialog = page.getByRole('dialog', { name: 'Who may create volumes from it' });
  await expect(dialog).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const account = dialog.getByLabel('Account ID to add (12 digits)');
  await expect(account).toBeFocused();
  await account.fill('12345');
  await dialog.getByRole('button', { name: 'Add account' }).click();
  await expect(dialog.getByText('is not an account ID')).toBeVisible();

  // public needs its warning acknowledged
  await dialog.getByLabel('Public: every account of the Region').check();
  await expect(dialog.getByRole('note', { name: 'What public means' })).toContainText('anyone can read everything on it');
  await expect(dialog.getByRole('button', { name: 'Save' })).toHaveAttribute('aria-disabled', 'true');
  await dialog.getByLabel('Private: only the owner and the accounts above').check();

  await account.fill(partner.AccountId);
  await account.press('Enter');
  await expect(dialog.getByRole('list', { name: 'Accounts it is shared with' })).toContainText(partner.AccountId);
  await dialog.getByRole('button', { name: 'Command' }).click();
  await expect(dialog.getByLabel('AWS CLI (FCU endpoint) command text')).toContainText(`--create-volume-permission '{"Add":[{"UserId":"${partner.AccountId}"}]}'`);
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole('button', { name: 'Form' }).click();
  await dialog.getByRole('button', { name: 'Check permissions' }).click();
  await expect(dialog.getByRole('status')).toContainText('Permission check passed');
  expect((await permissions()).AccountIds).toEqual([]);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Who may create volumes from it' })).toContainText(`Account ${partner.AccountId}`);
  expect((await permissions()).AccountIds).toEqual([partner.AccountId]);

  // shared now: deleting it warns and asks for the typed word (then Escape: nothing deleted)
  await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete snapshot' });
  await expect(confirm.getByRole('note', { name: 'What deleting it takes away' })).toContainText(`shared with account ${partner.AccountId}`);
  const typed = confirm.getByLabel('To confirm this deletion, type "confirm".');
  await expect(typed).toBeFocused();
  const deleteButton = confirm.getByRole('button', { name: 'Delete', exact: true });
  await expect(deleteButton).toHaveAttribute('aria-disabled', 'true');
  await typed.fill('CONFIRM');
  await expect(deleteButton).toHaveAttribute('aria-disabled', 'false');
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  expect(await api.snapshots({ SnapshotIds: [id] })).toHaveLength(1);

  // the partner's side: it is in the list of snapshots shared with them
  await list.open('?owner=shared');
  await actAs(page, partner.AccountAlias ?? partner.AccountId, 'partner');
  await expect(page.getByLabel('Connected account')).toContainText(partner.AccountId);
  await expect(list.row(id)).toBeVisible();

  // back as the operator, unshare from the row's menu
  await actAs(page, operator.AccountAlias ?? operator.AccountId, 'operator');
  await list.open(`?q=${id}`);
  await list.row(id).getByRole('button', { name: `${id} actions` }).click();
  await page.getByRole('menuitem', { name: 'Manage sharing' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: `Remove account ${partner.AccountId}` }).click();
  await expect(dialog.getByText(`Account ${partner.AccountId} will lose access.`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  expect((await permissions()).AccountIds).toEqual([]);

  await list.open('?owner=shared');
  await actAs(page, partner.AccountAlias ?? partner.AccountId, 'partner');
  await expect(page.getByLabel('Connected account')).toContainText(partner.AccountId);
  const partnerApi = await sandbox.api('partner');
  const stillShared = (await partnerApi.snapshots({ PermissionsToCreateVolumeAccountIds: [partner.AccountId] })).filter((x) => x.AccountId !== partner.AccountId);
  expect(stillShared.map((x) => x.SnapshotId)).not.toContain(id);
  await list.expectShowing(stillShared.length, stillShared.length);
  await expect(list.row(id)).toHaveCount(0);
});

test('the tray deletes a failed copy', async ({ page, sandbox, snapshotsPage: list }) => {
  const api = await sandbox.api('operator');
  const failed = found(
    (await api.snapshots({ AccountIds: [api.account.AccountId], States: ['error'] }))[0],
    'failed copy of the operator',
  );
  // The tray lists what this tab watches: the failed copy, as a retry would leave it (sessionStorage, IDs only).
  await page.addInitScript(
    ([account, id]) => sessionStorage.setItem(`snapshot-console.jobs.${account}`, JSON.stringify([{ id, kind: 'copy', startedAt: Date.now() }])),
    [api.account.AccountId, failed.SnapshotId],
  );
  await list.open();
  const tray = page.getByRole('complementary').filter({ has: page.getByRole('button', { name: /Copies|Snapshots/ }) }).first();
  // The tray loads lazily: wait for its toggle, then open it (a fresh browser starts it collapsed).
  const toggle = tray.getByRole('button', { name: /^Copies/ });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await tray.getByRole('button', { name: `Delete ${failed.SnapshotId}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete snapshot' });
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(tray.getByRole('link', { name: failed.SnapshotId })).toHaveCount(0);
  await expect.poll(async () => (await api.snapshots({ SnapshotIds: [failed.SnapshotId] })).length).toBe(0);
});
