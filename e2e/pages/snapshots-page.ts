import { expect, type Locator, type Page } from '@playwright/test';

/** The snapshots list, named by what an operator does on it. */
export class SnapshotsPage {
  readonly table: Locator;
  readonly status: Locator;
  readonly stateFilter: Locator;
  readonly tagFilter: Locator;
  readonly search: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Snapshots' });
    this.status = page.getByRole('status').filter({ hasText: /snapshots/ });
    this.stateFilter = page.getByLabel('State', { exact: true });
    this.tagFilter = page.getByLabel('Tag', { exact: true });
    this.search = page.getByRole('searchbox', { name: 'Search snapshots' });
  }

  async open(query = '') {
    await this.page.goto(`/${query}`);
    await this.table.waitFor();
  }

  async filterByState(state: string) {
    await this.stateFilter.selectOption(state);
  }

  async filterByTag(tag: string) {
    await this.tagFilter.fill(tag);
    await this.tagFilter.press('Enter');
  }

  async sortBy(column: string) {
    await this.page.getByRole('button', { name: column }).click();
  }

  /** The status line says `shown` rows (after the search) of `total` (what the server-side filters let through). */
  async expectShowing(shown: number, total: number) {
    await expect(this.status).toHaveText(`Showing ${shown.toLocaleString('en')} of ${total.toLocaleString('en')} snapshots`);
  }

  /** Rows as the status line counts them (the table itself only renders the rows in view). */
  async rowCount(): Promise<number> {
    const text = await this.status.innerText();
    const match = /Showing ([\d,]+) of/.exec(text);
    if (!match?.[1]) throw new Error(`unexpected status: ${text}`);
    return Number(match[1].replace(/,/g, ''));
  }

  async firstSnapshotId(): Promise<string> {
    return this.table.getByRole('link').first().innerText();
  }
}
