/** What the bench's trace and profile tools share: a V8 CPU profile's shape, and the wait for a load's rows. */
import type { Page } from '@playwright/test';

export interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
export interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  timeDeltas: number[];
  samples: number[];
}

/** Waits until the table has painted rows after `mark` (the list's `snapshots:first-page` or `snapshots:data-arrived`). */
export async function rowsPaintedAfter(page: Page, mark: 'snapshots:first-page' | 'snapshots:data-arrived', timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (name) => {
      const at = performance.getEntriesByName(name)[0]?.startTime;
      return at !== undefined && performance.getEntriesByName('snapshots:rows-painted').some((m) => m.startTime >= at);
    },
    mark,
    { timeout },
  );
}
