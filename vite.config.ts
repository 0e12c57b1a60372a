/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

/** The modules of the list's lazy chunk (`list-*.js`); none of them may be in the entry's static imports. */
const LIST_CHUNK =
  /src\/(features\/snapshots\/(snapshot-table-body|snapshot-cells|rows|columns|filter-bar|filter-count|list-interaction|highlight)|components\/ui\/(time|use-fixed-rows|state-badge|use-roving-rows|field|use-top-in-page|copy-id|menu)|lib\/(selection-store|selection-bar-slot|region-links|connection-choices))\.tsx?$/;

/**
 * The early read's chunk: src/early-read.ts and what it imports (no React DOM, no React Query), with React, the JSX
 * runtime and zod's schemas, which the entry and lazy chunks share. Split by sharing they were 5 small initial
 * chunks; in one, initial JS is 2 files and ~0.7 kB (gzip) less. main.tsx imports early-read.ts first, so its code
 * comes before zod's in the chunk and the read goes out before zod's schemas are built.
 */
const EARLY_READ_CHUNK =
  /(src\/(early-read|api\/(early-answers|json-answer|signer|states|ids|schemas)|lib\/(owner|routes|tab-connection|list-pages)|features\/snapshots\/list-state)\.tsx?|node_modules\/(aws4fetch|react|zod)\/.*)$/;

/**
 * index.html names the list's chunk as a prefetch: it is downloaded while the entry downloads and evaluates, not
 * after (src/main.tsx asks for it on every page at start anyway, once the entry has run). It is not evaluated
 * before the first render, so it is not initial JS (npm run bench prints its size on a line of its own).
 */
function prefetchListChunk(): Plugin {
  return {
    name: 'prefetch-list-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find((output) => output.type === 'chunk' && output.name === 'list');
        if (!chunk) throw new Error("no 'list' chunk to prefetch: see LIST_CHUNK in vite.config.ts");
        // crossorigin: a module script is fetched in CORS mode, so the prefetched copy is the one import() finds.
        return [{ tag: 'link', attrs: { rel: 'prefetch', href: `/${chunk.fileName}`, crossorigin: '' }, injectTo: 'head' }];
      },
    },
  };
}

/**
 * index.html runs src/early-read.ts (the list's first read, sent before the app's scripts run) as an `async` module
 * script of its own, first in the head: it runs as soon as it arrives, not after the entry. The entry imports the
 * same chunk (one instance). It is initial JS, counted as such by npm run bench.
 */
function earlyReadScript(): Plugin {
  return {
    name: 'early-read-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find((output) => output.type === 'chunk' && output.isEntry && output.name === 'early-read');
        if (!chunk) throw new Error("no 'early-read' entry chunk: see build.rolldownOptions.input in vite.config.ts");
        return [{ tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src: `/${chunk.fileName}` }, injectTo: 'head-prepend' }];
      },
    },
  };
}

/**
 * V8's explicit compile hint (Chrome 136+) as the first line of the chunks whose code runs at start (the two entry
 * chunks, and the list's, evaluated by the first render): V8 compiles all their functions at once, off the main
 * thread while the file streams in, instead of each on the main thread when it is first called. Written last, so
 * that it is the very first line (Vite puts its preload map at the top); the source map moves down a line with it.
 */
function compileHints(): Plugin {
  const HINT = '//# allFunctionsCalledOnLoad\n';
  return {
    name: 'compile-hints',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const output of Object.values(bundle)) {
          if (output.type !== 'chunk' || !(output.isEntry || output.name === 'list')) continue;
          output.code = HINT + output.code;
          const map = bundle[`${output.fileName}.map`];
          if (map?.type === 'asset') {
            const json = JSON.parse(String(map.source)) as { mappings: string };
            map.source = JSON.stringify({ ...json, mappings: `;${json.mappings}` });
          } else if (output.map) {
            output.map.mappings = `;${output.map.mappings}`;
          }
        }
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), prefetchListChunk(), earlyReadScript(), compileHints()],
  // No modulepreload polyfill: every browser the dashboard supports has modulepreload, and the bytes count
  // against the initial-JS budget (npm run bench).
  build: {
    outDir: 'dist',
    sourcemap: true,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { index: 'index.html', 'early-read': 'src/early-read.ts' },
      output: {
        codeSplitting: {
          // A group takes only the modules it names, not what they import (the entry's React, schemas...).
          includeDependenciesRecursively: false,
          groups: [
            // The list's lazy code (table, cells, rows, filter bar, and the small modules they share with other
            // lazy pages) as one chunk: split by sharing, it was 16 chunks asked at once at start, which held the
            // first ReadSnapshots behind them for the browser's six connections (100–270 ms in first-rows-trace.ts).
            // Paired first-rows-compare.ts, 10 pairs: B − A median −281 ms. Initial JS 101,515 → 101,258 B.
            { name: 'list', test: LIST_CHUNK },
            { name: 'early-read', test: EARLY_READ_CHUNK },
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Several suites start the real server in a child process (`node --import tsx`), which alone can take
    // seconds on a busy 2-core CI machine: a time limit is a hang detector here, never a speed assertion.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
