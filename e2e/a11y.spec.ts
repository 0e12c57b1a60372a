/**
 * axe on every page and dialog of the console, in both themes and at both sizes (desktop 1280×800, phone
 * 390×844): no serious or critical violation anywhere (issue 11, item 10). One journey per theme and size.
 */
import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { Overlays } from './pages/overlays';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

async function scan(page: Page, where: string) {
  await test.step(`axe: ${where}`, async () => {
    await expectNoSeriousA11yViolations(page);
  });
}

for (const theme of ['light', 'dark'] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`axe finds nothing serious on any page or dialog (${theme}, ${size})`, async ({ page, snapshotsPage, copyDialog, sandbox }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: theme });
      const api = await sandbox.api('operator');
      const own = await api.snapshots({ AccountIds: [api.account.AccountId] });
      const completed = own.find((s) => s.State === 'completed');
      expect(completed, 'a completed snapshot of the operator').toBeDefined();

      await snapshotsPage.open();
      await expect(snapshotsPage.table.getByRole('link').first()).toBeVisible();
      await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      await scan(page, 'snapshots list');

      await page.keyboard.press('?');
      const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(shortcuts).toBeVisible();
      await scan(page, 'keyboard shortcuts');
      await page.keyboard.press('Escape');
      await expect(shortcuts).toBeHidden();

      if (size === 'desktop') {
        await snapshotsPage.openColumnsMenu();
        await scan(page, 'columns menu');
        await page.keyboard.press('Escape');
      }

      await page.getByRole('button', { name: 'Copy snapshot' }).first().click();
      await copyDialog.expectOpen();
      await copyDialog.source.fill(completed!.SnapshotId);
      await expect(copyDialog.sourceDetails()).toContainText('completed');
      await scan(page, 'copy dialog, form');
      await copyDialog.view('Command').click();
      await expect(copyDialog.command('osc-cli')).toBeVisible();
      await scan(page, 'copy dialog, Command view');
      await copyDialog.view('Form').click();
      await copyDialog.submit.click();
      await expect(copyDialog.dialog).toBeHidden();

      const overlays = new Overlays(page);
      await overlays.openTray();
      await scan(page, 'jobs tray, open');

      await page.goto(`/snapshots/${completed!.SnapshotId}`);
      await expect(page.getByRole('heading', { name: completed!.SnapshotId })).toBeVisible();
      await scan(page, 'snapshot detail page');

      await page.goto('/no-such-page');
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      await scan(page, 'page not found');

      await page.goto('/');
      await page.getByRole('button', { name: 'Disconnect' }).click();
      await expect(page.getByRole('heading', { name: /connect/i }).first()).toBeVisible();
      await scan(page, 'connect screen');
    });
  }
}
