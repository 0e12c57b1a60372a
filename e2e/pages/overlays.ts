import { expect, type Locator, type Page } from '@playwright/test';

/** The bottom-left dock: the notifications above the jobs tray. */
export class Overlays {
  readonly notifications: Locator;
  readonly tray: Locator;
  /** The tray's one button: "Copies" and its one-line summary; aria-expanded says whether the list shows. */
  readonly trayToggle: Locator;
  readonly traySummary: Locator;
  readonly trayList: Locator;

  constructor(private readonly page: Page) {
    this.notifications = page.getByRole('region', { name: 'Notifications' });
    this.tray = page.getByRole('complementary', { name: 'Copies' });
    this.trayToggle = this.tray.getByRole('button', { name: /^Copies/ });
    this.traySummary = this.tray.getByTestId('tray-summary');
    this.trayList = this.tray.getByRole('list', { name: 'Copies in this tab' });
  }

  /** Opens the tray's list (it starts collapsed, and remembers the choice). */
  async openTray() {
    await expect(this.trayToggle).toBeVisible();
    if ((await this.trayToggle.getAttribute('aria-expanded')) !== 'true') await this.trayToggle.click();
    await expect(this.trayToggle).toHaveAttribute('aria-expanded', 'true');
  }

  async closeTray() {
    if ((await this.trayToggle.getAttribute('aria-expanded')) === 'true') await this.trayToggle.click();
    await expect(this.trayToggle).toHaveAttribute('aria-expanded', 'false');
  }

  /** The counts the summary gives ("4 running · 1 completed · 1 failed · about 3 min left"). */
  async counts(): Promise<{ running: number; completed: number; failed: number }> {
    const text = await this.traySummary.innerText();
    const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(text)?.[1] ?? 0);
    return { running: count('running'), completed: count('completed'), failed: count('failed') };
  }

  /**
   * Every action on screen that a floating layer covers: the visible part of each control matching
   * `actions` (clipped by its scrolling ancestors and the window), against each box of the dock.
   */
  async coveredActions(actions: string): Promise<string[]> {
    return this.page.evaluate((selector) => {
      const layers = Array.from(document.querySelectorAll('[role="region"][aria-label="Notifications"] > *, aside[aria-labelledby="jobs-heading"]')).map((el) => el.getBoundingClientRect());
      const visible = (el: Element): DOMRect | null => {
        let r = el.getBoundingClientRect();
        let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
        for (let p = el.parentElement; p; p = p.parentElement) {
          const style = getComputedStyle(p);
          if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
          r = p.getBoundingClientRect();
          [left, top, right, bottom] = [Math.max(left, r.left), Math.max(top, r.top), Math.min(right, r.right), Math.min(bottom, r.bottom)];
        }
        [left, top, right, bottom] = [Math.max(left, 0), Math.max(top, 0), Math.min(right, innerWidth), Math.min(bottom, innerHeight)];
        return right > left && bottom > top ? new DOMRect(left, top, right - left, bottom - top) : null;
      };
      const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const covered: string[] = [];
      for (const el of Array.from(document.querySelectorAll(selector))) {
        const box = visible(el);
        if (box && layers.some((layer) => layer.width > 0 && overlaps(box, layer))) covered.push(el.getAttribute('aria-label') ?? (el as HTMLElement).innerText);
      }
      return covered;
    }, actions);
  }
}
