/**
 * What a search keystroke makes Chromium paint, at 50,000 snapshots: one key under a trace, then each Paint,
 * PrePaint, Layerize and UpdateLayoutTree event on the renderer main thread from the keydown on, with its thread
 * time and, for a Paint, the layer's painted area and the DOM node Chromium named (to tell the rows' repaint from
 * anything else repainted on the same frame). For people, not for the summary table.
 *
 *   node --import tsx bench/keystroke-paint.ts [DIR=.] [keys=#1]
 *
 * Each character of `keys` is one key press ('<' is Backspace). BENCH_QUIET=1 prints only the phases' thread time
 * per key, summed over the trace from each keydown on (about 250 ms); a Paint nested in another (a layer's within
 * the document's) counts once, in its parent.
 */
import { resolve } from 'node:path';
import { openSearch, type TraceEvent } from './trace-kit';

const dir = resolve(process.argv[2] ?? '.');
const keys = [...(process.argv[3] ?? '#1')].map((key) => (key === '<' ? 'Backspace' : key));
const quiet = process.env.BENCH_QUIET === '1';
const { sandbox, browser, page } = await openSearch(dir);
const totals = new Map<string, number>();
type Event = TraceEvent & { args?: { data?: { clip?: number[]; layerId?: number; nodeId?: number; nodeName?: string; type?: string } } };
try {
  await page.waitForTimeout(500);
  for (const key of keys) {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await page.keyboard.press(key);
    await page.waitForTimeout(250);
    const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: Event[] }).traceEvents;
    const keydown = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
    if (!keydown) throw new Error('no keydown in the trace');
    if (!quiet) console.log(`key ${key}:`);
    for (const e of events) {
      if (e.pid !== keydown.pid || e.tid !== keydown.tid || e.ts < keydown.ts || e.ph !== 'X') continue;
      if (!['Paint', 'PrePaint', 'Layerize', 'UpdateLayoutTree', 'Layout', 'PaintImage', 'RasterTask'].includes(e.name)) continue;
      // A Paint inside another (a layer's, within the document's) is counted in its parent's time.
      const nested = e.name === 'Paint' && events.some((p) => p !== e && p.name === 'Paint' && p.pid === e.pid && p.tid === e.tid && p.ts <= e.ts && p.ts + (p.dur ?? 0) >= e.ts + (e.dur ?? 0) && (p.ts < e.ts || (p.dur ?? 0) > (e.dur ?? 0)));
      if (!nested) totals.set(e.name, (totals.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
      const d = e.args?.data;
      const clip = d?.clip ? ` clip ${Math.round(d.clip[0]!)},${Math.round(d.clip[1]!)} → ${Math.round(d.clip[4]!)},${Math.round(d.clip[5]!)}` : '';
      // A layout's dirty and total objects, a style recalc's element count, and who forced either (a script's
      // stack: a layout read in JavaScript), when the trace says.
      const begin = (e.args as { beginData?: { dirtyObjects?: number; totalObjects?: number; stackTrace?: { functionName: string; url: string; lineNumber: number }[] } } | undefined)?.beginData;
      const count = (e.args as { elementCount?: number } | undefined)?.elementCount;
      const objects = begin?.totalObjects !== undefined ? ` ${begin.dirtyObjects}/${begin.totalObjects} objects` : count !== undefined ? ` ${count} elements` : '';
      const forced = begin?.stackTrace?.[0] ? ` forced by ${begin.stackTrace.slice(0, 3).map((f) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`).join(' < ')}` : '';
      if (!quiet) console.log(`  +${((e.ts - keydown.ts) / 1000).toFixed(1).padStart(6)} ms  ${e.name.padEnd(16)} ${((e.tdur ?? e.dur ?? 0) / 1000).toFixed(2).padStart(6)} ms${d?.layerId !== undefined ? ` layer ${d.layerId}` : ''}${d?.nodeName ? ` ${d.nodeName}` : ''}${clip}${objects}${forced}`);
    }
  }
  console.log(`per key (thread time): ${[...totals].map(([name, ms]) => `${name} ${(ms / keys.length).toFixed(2)}`).join(' · ')}`);
} finally {
  await browser.close();
  await sandbox.stop();
}
