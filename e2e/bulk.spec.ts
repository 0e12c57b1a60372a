/**
 * Issue 13 item 8 against the sandbox: select 20 with shift-click, copy them in bulk, reload in the middle of the
 * queue (the 6th CreateSnapshot on is answered to the sandbox but never to the page), resume (OUTSCALE asked what
 * the unconfirmed ClientTokens made, the rest reviewed again), and find exactly 20 copies through the API, with
 * sessionStorage holding no description or tag text; bulk tag 5; bulk delete 3 with the number typed. Axe on the
 * bar and each dialog.
 */
import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, found, test, type OscApi } from './fixtures';

// Tall enough that 20 rows are rendered at once (the list is virtualized).
test.use({ viewport: { width: 1280, height: 1500 } });

const rowBoxes = (page: Page) => page.getByRole('table', { name: 'Snapshots' }).getByRole('checkbox', { name: /^Select snap-/ });
/** The snapshot ID in the n-th row checkbox's name ("Select snap-…", by aria-label or aria-labelledby). */
const idOf = async (page: Page, n: number) =>
  rowBoxes(page)
    .nth(n)
    .evaluate((box) => {
      const named = box.getAttribute('aria-label') ?? (box.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      return /snap-[0-9a-f]{8}/.exec(named)?.[0] ?? '';
    });

/** Own completed snapshots nobody else may use and not named for an OMI (DeleteSnapshot refuses those). */
async function plainSnapshots(api: OscApi) {
  const own = await api.snapshots({ AccountIds: [api.account.AccountId], States: ['completed'] });
  return own.filter((s) => !s.PermissionsToCreateVolume.GlobalPermission && s.PermissionsToCreateVolume.AccountIds.length === 0 && !s.Tags.some((t) => t.Key === 'Name' && t.Value.includes('OMI')));
}

/** This tab's sessionStorage, read in the page. */
const tabStorage = (page: Page) => page.evaluate(() => Object.fromEntries(Object.keys(sessionStorage).map((key) => [key, sessionStorage.getItem(key) ?? ''])));

test('select 20 with shift-click, copy in bulk, reload mid-queue, resume through the review: exactly 20 copies', async ({ page, sandbox, snapshotsPage: list }) => {
  test.slow();
  const api = await sandbox.api('operator');
  await list.open('?owner=mine&state=completed');
  await expect(rowBoxes(page).nth(19)).toBeVisible();
  const sources = await Promise.all(Array.from({ length: 20 }, (_, i) => idOf(page, i)));
  const bar = page.getByRole('region', { name: 'Selection' });
  await rowBoxes(page).nth(0).click();
  await expect(bar.getByRole('status')).toContainText('1 selected');
  await rowBoxes(page).nth(19).click({ modifiers: ['Shift'] });
  await expect(bar.getByRole('status')).toContainText('20 selected');
  await expect(rowBoxes(page).nth(20)).not.toBeChecked();
  await expectNoSeriousA11yViolations(page);

  // The 6th CreateSnapshot on reaches the sandbox (the copy is made) but its answer never reaches the page.
  let creates = 0;
  await page.route('**/CreateSnapshot', async (route) => {
    creates++;
    if (creates <= 5) return route.continue();
    await route.fetch().catch(() => undefined);
    await new Promise(() => undefined);
  });
  await bar.getByRole('button', { name: 'Copy…' }).click();
  const review = page.getByRole('dialog', { name: 'Copy 20 snapshots' });
  await expect(review.getByRole('status')).toContainText('20 to copy');
  await review.getByLabel(/Description of each copy/).fill('bulk-e2e {id}');
  await review.getByLabel('Your own tags, one key=value a line').fill('e2e-team=blue-shelf');
  await expectNoSeriousA11yViolations(page);
  await review.getByRole('button', { name: 'Start 20 copies' }).click();
  const run = page.getByRole('dialog', { name: 'Bulk copy' });
  await expect(run.getByRole('status')).toContainText('5 created, 15 to go');
  // Three at a time: the 6th, 7th and 8th are made by the sandbox, and their answers (and tags) never come.
  const copiesNow = async () => (await api.snapshots({ AccountIds: [api.account.AccountId] })).filter((s) => s.Description?.startsWith('bulk-e2e '));
  await expect.poll(() => creates).toBe(8);
  await expect.poll(async () => (await copiesNow()).length).toBe(8);
  // The tray counts what the queue has not had confirmed.
  const summary = page.getByTestId('tray-summary');
  await expect(summary).toContainText('15 queued');

  await page.reload();
  // Restored paused: nothing is sent until Resume, so the held route can go now.
  await expect(run.getByRole('alert')).toContainText('A reload interrupted this bulk copy: 15 not yet confirmed');
  // What the tab keeps: IDs and tokens only, no description, no tag.
  const kept = await tabStorage(page);
  const bulkKey = `snapshot-console.bulk-copy.${api.account.AccountId}`;
  const stored = JSON.parse(kept[bulkKey] ?? 'null') as { v: number; items: Record<string, string>[] };
  expect(stored.items).toHaveLength(20);
  for (const item of stored.items) {
    expect(Object.keys(item).every((key) => ['k', 's', 't', 'st', 'id', 'e'].includes(key))).toBe(true);
    expect(sources).toContain(item.s);
  }
  expect(stored.items.filter((i) => i.st === 'created').map((i) => i.id)).toHaveLength(5);
  expect(JSON.stringify(kept)).not.toMatch(/bulk-e2e|e2e-team|blue-shelf|copied-from|Description|Tags/);
  await expect(summary).toContainText('15 queued (paused)');
  // The tray lists the copies made and leads to the queue for the rest.
  await run.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: /^Copies/, expanded: false }).click();
  await expect(page.getByRole('list', { name: 'Copies in this tab' }).getByRole('listitem')).toHaveCount(5);
  await page.getByRole('button', { name: 'Show the queue' }).click();
  await expect(run.getByRole('alert')).toContainText('A reload interrupted this bulk copy: 15 not yet confirmed');
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await expectNoSeriousA11yViolations(page);
  // The copies OUTSCALE made for tokens the page never saw answered: the three held ones, and any the queue sent
  // while the reload tore its calls down (the aborted calls free their places before the page is gone).
  const made = (await copiesNow()).length - 5;
  expect(made).toBeGreaterThanOrEqual(3);
  await run.getByRole('button', { name: 'Resume' }).click();
  // OUTSCALE said which tokens made a copy; the rest, never made, are reviewed again.
  const again = page.getByRole('dialog', { name: 'Resume the bulk copy' });
  await expect(again.getByRole('status')).toHaveText(`${15 - made} copies to send again with their own ClientTokens, 0 refused, ${made} copies made before the reload to tag.`);
  await expect(again.getByRole('list', { name: 'Copies to send again or to tag' }).getByRole('listitem')).toHaveCount(15);
  // The operator's own tags come back from a copy the batch made; the template must be given again, and says why.
  await expect(again.getByLabel('Your own tags, one key=value a line')).toHaveValue('e2e-team=blue-shelf');
  await expect(again.getByLabel('Provenance (copied-from, copied-from-region, copied-at)')).toBeChecked();
  await expect(again.getByLabel(/Description of each copy/)).toHaveAccessibleDescription(/keeps only the IDs and ClientTokens.*give the description template again/);
  await again.getByLabel(/Description of each copy/).fill('bulk-e2e {id}');
  await expectNoSeriousA11yViolations(page);
  expect(JSON.stringify(await tabStorage(page))).not.toMatch(/bulk-e2e|e2e-team|blue-shelf/);
  await again.getByRole('button', { name: `Send ${15 - made} again and tag ${made}` }).click();
  await expect(run.getByRole('status')).toContainText('20 created, 0 to go, 0 failed');

  const copies = await copiesNow();
  expect(copies).toHaveLength(20);
  expect(new Set(copies.map((s) => s.Description)).size).toBe(20);
  expect(copies.map((s) => s.Description?.slice('bulk-e2e '.length)).sort()).toEqual([...sources].sort());
  // Provenance and the operator's tags are on each copy, the three made before the reload too.
  for (const copy of copies) {
    expect(copy.Tags).toContainEqual({ Key: 'copied-from', Value: copy.Description?.slice('bulk-e2e '.length) });
    expect(copy.Tags).toContainEqual({ Key: 'e2e-team', Value: 'blue-shelf' });
  }
  await expect.poll(async () => Object.keys(await tabStorage(page)).includes(bulkKey)).toBe(false);
});

test('bulk tag 5: one call, every one tagged', async ({ page, sandbox, snapshotsPage: list }) => {
  const api = await sandbox.api('operator');
  await list.open('?owner=mine&state=completed');
  const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => idOf(page, i)));
  const bar = page.getByRole('region', { name: 'Selection' });
  await rowBoxes(page).nth(0).click();
  await expect(bar.getByRole('status')).toContainText('1 selected');
  await rowBoxes(page).nth(4).click({ modifiers: ['Shift'] });
  await expect(bar.getByRole('status')).toContainText('5 selected');
  let calls = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/CreateTags')) calls++;
  });
  await bar.getByRole('button', { name: 'Add tags…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tags on 5 snapshots' });
  await dialog.getByLabel('Tags, one key=value a line').fill('bulk=e2e');
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole('button', { name: 'Add tags' }).click();
  await expect(dialog.getByRole('status')).toHaveText('5 done, 0 failed.');
  expect(calls).toBe(1);
  const tagged = await api.snapshots({ SnapshotIds: ids });
  expect(tagged).toHaveLength(5);
  for (const s of tagged) expect(s.Tags).toContainEqual({ Key: 'bulk', Value: 'e2e' });
});

test('bulk delete 3 with the number typed; the report lists each', async ({ page, sandbox, snapshotsPage: list }) => {
  const api = await sandbox.api('operator');
  const targets = (await plainSnapshots(api)).slice(0, 3).map((s) => s.SnapshotId);
  found(targets[2], 'three plain completed snapshots of the operator');
  await list.open();
  // The selection stays while the search changes: pick each by its ID.
  for (const id of targets) {
    await list.search.fill(id);
    await expect(list.status).toContainText('Showing 1 of');
    await page.getByRole('checkbox', { name: `Select ${id}` }).click();
  }
  await list.search.fill('');
  const bar = page.getByRole('region', { name: 'Selection' });
  await expect(bar.getByRole('status')).toContainText('3 selected');
  await bar.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 3 snapshots' });
  const confirm = dialog.getByRole('button', { name: 'Delete 3 snapshots' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type 3 to confirm').fill('2');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type 3 to confirm').fill('3');
  await expectNoSeriousA11yViolations(page);
  await confirm.click();
  await expect(dialog.getByRole('status')).toHaveText('3 done, 0 failed.');
  for (const id of targets) await expect(dialog.getByRole('listitem').filter({ hasText: id })).toContainText('deleted');
  const left = await api.snapshots({ SnapshotIds: targets });
  expect(left.filter((s) => s.State !== 'deleting')).toEqual([]);
});

test('the tray retries a failed copy through the bulk review, and sends again what the API refused', async ({ page, sandbox, snapshotsPage: list }) => {
  const api = await sandbox.api('operator');
  const failed = found((await api.snapshots({ AccountIds: [api.account.AccountId], States: ['error'] }))[0], 'a failed copy of the operator');
  const source = found((await plainSnapshots(api))[0], 'a plain completed snapshot of the operator').SnapshotId;
  const copiesOf = async () => (await api.snapshots({ AccountIds: [api.account.AccountId], TagKeys: ['copied-from'] })).filter((s) => s.Tags.some((t) => t.Key === 'copied-from' && t.Value === source)).length;
  const before = await copiesOf();
  // The tray watches the failed copy, as this tab saw it start from `source` (sessionStorage, IDs only).
  await page.addInitScript(
    ([account, id, from]) => sessionStorage.setItem(`snapshot-console.jobs.${account}`, JSON.stringify([{ id, kind: 'copy', sourceId: from, startedAt: Date.now() }])),
    [api.account.AccountId, failed.SnapshotId, source],
  );
  await list.open();
  const summary = page.getByTestId('tray-summary');
  await expect(summary).toContainText('1 failed');
  await page.getByRole('button', { name: /^Copies/, expanded: false }).click();
  await page.getByRole('button', { name: 'Retry failed copies (1)…' }).click();
  const review = page.getByRole('dialog', { name: 'Copy 1 snapshot' });
  await expect(review.getByRole('status')).toContainText('1 to copy');
  await expect(review.getByRole('list', { name: 'Sources' })).toContainText(source);
  // The API refuses the copy: the queue records it as failed, with OUTSCALE's code.
  await page.route('**/CreateSnapshot', (route) =>
    route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ Errors: [{ Code: '4045', Type: 'InvalidParameterValue', Details: 'refused by the test' }], ResponseContext: { RequestId: '00000000-0000-4000-8000-000000000000' } }) }),
  );
  await review.getByRole('button', { name: 'Start 1 copy' }).click();
  const run = page.getByRole('dialog', { name: 'Bulk copy' });
  await expect(run.getByRole('status')).toContainText('0 created, 0 to go, 1 failed');
  await run.getByRole('button', { name: 'Close' }).click();
  // The tray sums both: the copy OUTSCALE stopped, and the one the API refused.
  await expect(summary).toContainText('2 failed');
  await expectNoSeriousA11yViolations(page);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.getByRole('button', { name: 'Send again the 1 refused or not sent' }).click();
  await expect(page.getByRole('button', { name: /Send again/ })).toHaveCount(0);
  await expect(summary).toContainText('1 failed');
  await expect.poll(copiesOf).toBe(before + 1);
});
