import { expect, type Locator, type Page } from '@playwright/test';

/** The snapshots list, named by what an operator does on it. */
export class SnapshotsPage {
  readonly table: Locator;
  readonly status: Locator;
  readonly stateFilter: Locator;
  readonly tagFilter: Locator;
  readonly search: Locator;

  constructor(private readonly page: Page) {
    // The table, or on a phone (below 768 px) the list of cards: both are named "Snapshots".
    this.table = page.getByRole('table', { name: 'Snapshots' }).or(page.getByRole('list', { name: 'Snapshots' }));
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

  /** The table's Columns menu (show, hide and size columns). */
  columnsMenu(): Locator {
    return this.page.getByRole('dialog', { name: 'Columns' });
  }

  async openColumnsMenu() {
    await this.page.getByRole('button', { name: 'Columns' }).click();
    await expect(this.columnsMenu()).toBeVisible();
  }

  /** The table's row of one snapshot. */
  row(snapshotId: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name: snapshotId, exact: true }) });
  }

  header(name: string | RegExp): Locator {
    return this.table.getByRole('columnheader', { name });
  }

  /** The first row's snapshot ID, once every page of the list is in (a later page can bring a newer first row). */
  async firstSnapshotId(): Promise<string> {
    await expect(this.status).toHaveText(/^Showing [\d,]+ of [\d,]+ snapshots$/);
    return this.table.getByRole('link').first().innerText();
  }
}
