/**
 * Where single search keystrokes' main-thread time goes, as a top-down call tree (V8 CPU profile at 50 µs, mapped
 * through the build's source maps), averaged over the keys: React's render and commit by component and DOM call,
 * the search, the URL write. For people, not for the summary table; the figures include the profiler's overhead.
 *
 *   node --import tsx bench/keystroke-tree.ts [DIR=.] [prefix] [keys=e]
 *
 * `prefix` is typed first, unprofiled (400 ms between keys); each character of `keys` is one profiled key press
 * ('<' is Backspace), e.g. `#1 '2<2<2<2<'` for keys that change the rows in view, `weekl 'y<y<'` for keys that leave
 * them (only the highlights change). WAIT (ms, default 100) is how long each key is profiled: 450 takes in the URL
 * write 300 ms after typing. MIN (ms, default 0.3) hides the smaller nodes. React's recursive commit frames are
 * printed flat.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import { openSearch, type Profile } from './trace-kit';

const dir = resolve(process.argv[2] ?? '.');
const prefix = process.argv[3] ?? '';
const keys = [...(process.argv[4] ?? 'e')].map((k) => (k === '<' ? 'Backspace' : k));
const min = Number(process.env.MIN ?? 0.3);
const maps = new Map<string, SourceMapConsumer | null>();
function label(url: string, line: number, column: number, fn: string) {
  const file = /\/assets\/[^?#]+\.js/.exec(url)?.[0];
  if (!file) return `${fn || '(anon)'} ${url.replace(/^.*\//, '')}`;
  if (!maps.has(file)) { try { maps.set(file, new SourceMapConsumer(JSON.parse(readFileSync(join(dir, 'dist', `${file}.map`), 'utf8')))); } catch { maps.set(file, null); } }
  const p = maps.get(file)?.originalPositionFor({ line: line + 1, column });
  if (!p?.source) return `${fn} ${file}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p.source)?.[1];
  return `${p.name ?? fn} ${pkg ? pkg : p.source.replace(/^(\.\.\/)+/, '')}:${p.line}`;
}
interface Tree { total: number; self: number; children: Map<string, Tree> }
const tree: Tree = { total: 0, self: 0, children: new Map() };
const { sandbox, browser, page } = await openSearch(dir);
try {
  for (const k of prefix) { await page.keyboard.press(k); await page.waitForTimeout(400); }
  await page.waitForTimeout(600);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  for (const key of keys) {
    await cdp.send('Profiler.start');
    await page.keyboard.press(key);
    await page.waitForTimeout(Number(process.env.WAIT ?? 100));
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<number, number>();
    for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
    const total = new Map<number, number>();
    const sum = (id: number): number => { const n = byId.get(id)!; let t = self.get(id) ?? 0; for (const c of n.children ?? []) t += sum(c); total.set(id, t); return t; };
    const root = profile.nodes[0]!;
    sum(root.id);
    const into = (id: number, at: Tree) => {
      const n = byId.get(id)!;
      const f = n.callFrame;
      if (['(idle)', '(program)'].includes(f.functionName)) return;
      const name = label(f.url, f.lineNumber, f.columnNumber, f.functionName);
      let child = at.children.get(name);
      if (!child) at.children.set(name, (child = { total: 0, self: 0, children: new Map() }));
      child.total += total.get(id)!;
      child.self += self.get(id) ?? 0;
      for (const c of n.children ?? []) into(c, child);
    };
    for (const c of root.children ?? []) into(c, tree);
  }
  const n = keys.length;
  const walk = (t: Tree, depth: number, name: string) => {
    if (t.total / n < min) return;
    // collapse React's recursive commit chains
    const only = [...t.children.entries()];
    console.log(`${'  '.repeat(depth)}${(t.total / n).toFixed(2)} (self ${(t.self / n).toFixed(2)}) ${name}`);
    for (const [cn, c] of only.sort((a, b) => b[1].total - a[1].total)) walk(c, depth + (name.startsWith('recursivelyTraverse') || name.startsWith('commitMutationEffectsOnFiber') || name.startsWith('commitLayoutEffectOnFiber') || name.startsWith('recursivelyTraverseLayout') ? 0 : 1), cn);
  };
  console.log(`per key, mean over ${n} keys:`);
  for (const [cn, c] of [...tree.children.entries()].sort((a, b) => b[1].total - a[1].total)) walk(c, 0, cn);
} finally {
  await browser.close();
  await sandbox.stop();
}
