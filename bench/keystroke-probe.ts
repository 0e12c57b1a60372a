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
 */
export interface KeystrokeSample {
  ms: number;
  frameMs: number;
  changed: boolean;
}

export interface ProbeOptions {
  input: Element;
  table: Element;
  quietMs: number;
  noChangeMs: number;
}

export type ProbeWindow = Window & { __benchKeystrokes?: KeystrokeSample[] };

interface Timing {
  ms: number | null;
  frameMs: number | null;
}

export function installKeystrokeProbe({ input, table, quietMs, noChangeMs }: ProbeOptions): void {
  const samples: KeystrokeSample[] = [];
  (window as ProbeWindow).__benchKeystrokes = samples;

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
    samples.push({ ms: timing.ms ?? NaN, frameMs: timing.frameMs ?? NaN, changed: run.changed !== null });
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
    () => {
      if (active) finish();
      const fallback: Timing = { ms: null, frameMs: null };
      const timer = setTimeout(finish, noChangeMs);
      const run: Run = { start: performance.now(), signature: rowsSignature(), changed: null, fallback, timer };
      active = run;
      timeFrames(run, fallback);
    },
    { capture: true },
  );
}
