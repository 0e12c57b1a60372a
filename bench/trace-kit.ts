/** What the bench's trace and profile tools share: a V8 CPU profile's shape, and the wait for a load's rows. */
import { chromium, type Page } from '@playwright/test';
import { executablePath } from './page';
import { startSandbox } from './sandbox';

/** One event of a Chromium trace (the fields the tools read). */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { documentLoaderURL?: string; type?: string } };
}

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

/**
 * A sandbox of `dir` (a copy of the project: its server/ and dist/) seeded like the bench (BENCH_SNAPSHOTS), and
 * Chromium at 1280×800 on its list with every page in and the search box focused: where the keystroke tools start.
 * The caller closes the browser and stops the sandbox.
 */
export async function openSearch(dir: string) {
  const sandbox = await startSandbox(Number(process.env.BENCH_SNAPSHOTS ?? 50_000), [], dir);
  const path = executablePath();
  const browser = await chromium.launch(path ? { executablePath: path } : {}).catch(async (error: unknown) => {
    await sandbox.stop();
    throw error;
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${sandbox.url}/`);
    await rowsPaintedAfter(page, 'snapshots:data-arrived', 120_000);
    const search = page.getByRole('searchbox', { name: 'Search snapshots' });
    await search.focus();
    return { sandbox, browser, page, search };
  } catch (error) {
    await browser.close();
    await sandbox.stop();
    throw error;
  }
}

/** Each sample of `profile` in [from, to) (trace clock, µs) that ran something: its frame, its time (ms) and node. */
export function eachSample(profile: Profile, from: number, to: number, visit: (frame: ProfileNode['callFrame'], ms: number, node: number) => void): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const next = t + (profile.timeDeltas[i + 1] ?? 0);
    if (t < from || t >= to) continue;
    const frame = byId.get(profile.samples[i]!)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    visit(frame, (next - t) / 1000, profile.samples[i]!);
  }
}
