/**
 * What a search keystroke changes in the page's DOM, at 50,000 snapshots: a MutationObserver on the body counts
 * each key's records by kind (attribute name, text, children added or removed), with the element and type for
 * `name` and `type` writes (React rewrites an input whose element is new whole: name, type, checked). A count that
 * does not swing with the machine's load, unlike the timings: for comparing two builds' work per keystroke.
 *
 *   node --import tsx bench/keystroke-mutations.ts [DIR=.] [keys=#12<we]
 *
 * DIR: a copy of the project (its server/ and dist/), as keystroke-compare.ts takes. Each character of `keys` is one
 * key press ('<' is Backspace): e.g. `weekly<<` for keys that leave the rows in view as they were ('k', 'l', 'y' and
 * the Backspaces: only the highlights change).
 */
import { resolve } from 'node:path';
import { openSearch } from './trace-kit';

const dir = resolve(process.argv[2] ?? '.');
const KEYS = [...(process.argv[3] ?? '#12<we')].map((key) => (key === '<' ? 'Backspace' : key));
const { sandbox, browser, page } = await openSearch(dir);
type Counts = Record<string, number>;
try {
  console.log(`${dir}: ${await page.locator('tbody tr[data-row]').count()} rows in the DOM, ${await page.locator('body *').count()} elements in the page`);
  for (const key of KEYS) {
    await page.evaluate(() => {
      const w = window as unknown as { __counts: Counts; __observer?: MutationObserver };
      w.__counts = {};
      w.__observer?.disconnect();
      w.__observer = new MutationObserver((records) => {
        for (const r of records) {
          const target = r.target as Element;
          const input = r.attributeName === 'name' || r.attributeName === 'type' ? `@${target.nodeName.toLowerCase()}[type=${target.getAttribute('type') ?? ''}]` : '';
          const kind = r.type === 'attributes' ? `${r.attributeName}${input}` : r.type === 'characterData' ? 'text' : `children of ${target.nodeName.toLowerCase()}`;
          w.__counts[kind] = (w.__counts[kind] ?? 0) + (r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1);
        }
      });
      w.__observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.keyboard.press(key);
    await page.waitForTimeout(600);
    const counts = await page.evaluate(() => (window as unknown as { __counts: Counts }).__counts);
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const top = Object.entries(counts).sort((x, y) => y[1] - x[1]).map(([kind, n]) => `${kind} ${n}`).join(' · ');
    console.log(`  ${(key === 'Backspace' ? '⌫' : key).padEnd(2)} ${String(total).padStart(4)} mutations: ${top}`);
  }
} finally {
  await browser.close();
  await sandbox.stop();
}
