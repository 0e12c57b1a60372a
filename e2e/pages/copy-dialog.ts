import { expect, type Locator, type Page } from '@playwright/test';

/** The copy dialog, named by what an operator does in it. */
export class CopyDialog {
  readonly dialog: Locator;
  readonly source: Locator;
  readonly region: Locator;
  readonly description: Locator;
  readonly submit: Locator;
  readonly check: Locator;

  constructor(private readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Copy snapshot' });
    this.source = this.dialog.getByLabel('Source snapshot ID', { exact: true });
    this.region = this.dialog.getByLabel('Destination Region', { exact: true });
    this.description = this.dialog.getByLabel('Description', { exact: true });
    this.submit = this.dialog.getByRole('button', { name: 'Copy snapshot' });
    this.check = this.dialog.getByRole('button', { name: 'Check permissions' });
  }

  /** The Form / Command switch. */
  view(name: 'Form' | 'Command'): Locator {
    return this.dialog.getByRole('group', { name: 'View' }).getByRole('button', { name });
  }

  /** The text of one form of the Command view. */
  command(title: 'osc-cli' | 'AWS CLI (FCU endpoint)' | 'curl, signed with SigV4'): Locator {
    return this.dialog.getByLabel(`${title} command text`);
  }

  /** What the Command view says instead of commands for a copy OUTSCALE would refuse. */
  noCommand(): Locator {
    return this.dialog.getByRole('note', { name: 'No command' });
  }

  async expectOpen() {
    await expect(this.dialog).toBeVisible();
  }

  sourceDetails(): Locator {
    return this.dialog.getByRole('group', { name: 'Source snapshot' });
  }

  token(): string {
    const token = new URL(this.page.url()).searchParams.get('token');
    if (!token) throw new Error('the copy dialog has no ClientToken in the URL');
    return token;
  }
}
