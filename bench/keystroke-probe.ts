/**
 * Runs inside the page (passed to `page.evaluate`, so it must not use anything from this module's scope).
 *
 * For each keydown on the search box it records the time until the table's rows have changed and that change
 * has been painted: a MutationObserver sees the change, then a double requestAnimationFrame waits for the frame
 * holding it to be presented (`ms`). `frameMs` is the same change timed to the task after its frame
 * (rAF + setTimeout 0): it leaves out the wait for the next vsync that double rAF includes.
 *
 * Only a change of the rows counts: the table's row count and the first cell of each rendered row are compared
 * with what they were at keydown, so a relative time ticking in a row ("41 seconds ago") is not a result.
 * The table's container is watched too (child list only), because the page swaps the table for an empty-state
 * panel when nothing matches. When the rows do not change within `noChangeMs` (same result set), the sample is
 * timed to the first frame after the keydown instead, flagged `changed: false`: it still includes the work the
 * keystroke caused, since frames cannot run while the main thread is busy. A keystroke is settled once the rows
 * have been quiet for `quietMs`; the bench waits for that before the next key.
 *
 * A second method, the browser's own: the Event Timing API (PerformanceEventTiming) reports, for each keydown,
 * keypress, input and keyup on the search box that took 16 ms or more (the API's least `durationThreshold`),
 * the time from the event's timestamp to the next frame presented after its handlers ran (`duration`, rounded to
 * 8 ms), and when the handlers ended (`processingEnd`). The page filters and renders the rows inside the input
 * event's handler (React's discrete update), so that frame is the one with the new rows. The entries are kept in
 * `__benchEvents`; page.ts groups them by keystroke (`at`, the keydown's timestamp).
 */
export interface KeystrokeSample {
  ms: number;
  frameMs: number;
  changed: boolean;
  /** The keydown's event.timeStamp: its Event Timing entries start there. */
  at: number;
}

export interface EventEntry {
  name: string;
  start: number;
  processingStart: number;
  processingEnd: number;
  duration: number;
}

export interface ProbeOptions {
  input: Element;
  table: Element;
  quietMs: number;
  noChangeMs: number;
}

export type ProbeWindow = Window & { __benchKeystrokes?: KeystrokeSample[]; __benchEvents?: EventEntry[] };

interface Timing {
  ms: number | null;
  frameMs: number | null;
}

export function installKeystrokeProbe({ input, table, quietMs, noChangeMs }: ProbeOptions): void {
  const samples: KeystrokeSample[] = [];
  const events: EventEntry[] = [];
  (window as ProbeWindow).__benchKeystrokes = samples;
  (window as ProbeWindow).__benchEvents = events;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceEventTiming[]) {
        if (entry.target !== input) continue;
        const { name, startTime: start, processingStart, processingEnd, duration } = entry;
        events.push({ name, start, processingStart, processingEnd, duration });
      }
    }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
  } catch {
    // No Event Timing in this browser: page.ts reports the method as unavailable.
    (window as ProbeWindow).__benchEvents = undefined;
  }

  // The nearest ancestor of the table that also holds the search box: tables come and go among its children.
  let container: HTMLElement = table.parentElement ?? document.body;
  while (!container.contains(input) && container.parentElement) container = container.parentElement;
  const label = table.getAttribute('aria-label');
  const currentTable = () =>
    Array.from(container.querySelectorAll('table')).find((element) => element.getAttribute('aria-label') === label) ?? null;
  const rowsSignature = () => {
    const element = currentTable();
    if (!element) return 'no table';
    const rows = Array.from(element.tBodies[0]?.rows ?? []).slice(0, 200);
    return `${element.getAttribute('aria-rowcount')}|${rows.map((row) => row.cells[0]?.textContent ?? '').join('|')}`;
  };

  interface Run {
    start: number;
    at: number;
    signature: string;
    changed: Timing | null;
    fallback: Timing;
    timer: ReturnType<typeof setTimeout>;
  }
  let active: Run | null = null;
  let watchedTable: Element | null = null;

  const timeFrames = (run: Run, timing: Timing, then?: () => void) =>
    requestAnimationFrame(() => {
      setTimeout(() => (timing.frameMs = performance.now() - run.start), 0);
      requestAnimationFrame(() => {
        timing.ms = performance.now() - run.start;
        then?.();
      });
    });

  const finish = () => {
    const run = active;
    if (!run) return;
    active = null;
    watchTable();
    const timing = run.changed ?? run.fallback;
    samples.push({ ms: timing.ms ?? NaN, frameMs: timing.frameMs ?? NaN, changed: run.changed !== null, at: run.at });
  };

  const onMutation = () => {
    const run = active;
    if (!run) return;
    const signature = rowsSignature();
    if (signature === run.signature) return;
    run.signature = signature;
    clearTimeout(run.timer);
    if (run.changed) {
      run.timer = setTimeout(finish, quietMs);
      return;
    }
    const changed: Timing = { ms: null, frameMs: null };
    run.changed = changed;
    timeFrames(run, changed, () => {
      if (active !== run) return;
      clearTimeout(run.timer);
      run.timer = setTimeout(finish, quietMs);
    });
  };

  const tableObserver = new MutationObserver(onMutation);
  const watchTable = () => {
    const element = currentTable();
    if (element === watchedTable) return;
    tableObserver.disconnect();
    if (element) tableObserver.observe(element, { subtree: true, childList: true, characterData: true, attributes: true });
    watchedTable = element;
  };
  watchTable();
  new MutationObserver(onMutation).observe(container, { childList: true });

  input.addEventListener(
    'keydown',
    (event) => {
      if (active) finish();
      const fallback: Timing = { ms: null, frameMs: null };
      const timer = setTimeout(finish, noChangeMs);
      const run: Run = { start: performance.now(), at: event.timeStamp, signature: rowsSignature(), changed: null, fallback, timer };
      active = run;
      timeFrames(run, fallback);
    },
    { capture: true },
  );
}

/** One keystroke by the Event Timing API: null when none of its events took 16 ms (the API reports none then). */
export interface EventTimingSample {
  /** Keydown's timestamp → the next frame after its events' handlers (the longest `duration` of its events). */
  durationMs: number | null;
  /** Keydown's timestamp → the end of its last handler (the work, without waiting for the frame). */
  processingMs: number | null;
}

/** Each keystroke's Event Timing entries: those that start at its keydown, before the next keydown. */
export function eventTimings(samples: KeystrokeSample[], events: EventEntry[]): EventTimingSample[] {
  return samples.map((sample, index) => {
    const next = samples[index + 1]?.at ?? Infinity;
    const own = events.filter((event) => event.start >= sample.at - 0.5 && event.start < next - 0.5);
    if (own.length === 0) return { durationMs: null, processingMs: null };
    return {
      durationMs: Math.max(...own.map((event) => event.duration)),
      processingMs: Math.max(...own.map((event) => event.processingEnd)) - sample.at,
    };
  });
}
