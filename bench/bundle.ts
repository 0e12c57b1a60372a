/**
 * Initial JS of a built page and the bare React baseline it is compared with.
 * "Initial" means what the browser must fetch before the first render: the module entry scripts and their
 * modulepreloads named in index.html. Chunks loaded later by `import()` are not counted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export interface InitialJs {
  files: string[];
  gzipBytes: number;
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    found.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return found;
}

/** The JS files index.html makes the browser load up front, in document order, without duplicates. */
export function initialScripts(html: string): string[] {
  const files: string[] = [];
  for (const [tag = ''] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const attrs = attributes(tag.replace(/^<\w+|\/?>$/g, ''));
    const isModuleScript = /^<script/i.test(tag) && attrs.get('type') === 'module' && attrs.has('src');
    const isPreload = /^<link/i.test(tag) && attrs.get('rel') === 'modulepreload' && attrs.has('href');
    const file = isModuleScript ? attrs.get('src') : isPreload ? attrs.get('href') : undefined;
    if (file && !/^(https?:)?\/\//.test(file) && !files.includes(file)) files.push(file);
  }
  return files;
}

/**
 * The JS files index.html asks the browser to prefetch (`<link rel="prefetch">`): downloaded at start beside the
 * initial JS, evaluated only when an `import()` asks for them (the list's chunk), so not initial JS.
 */
export function prefetchedScripts(html: string): string[] {
  return [...html.matchAll(/<link\b[^>]*>/gi)]
    .map(([tag]) => attributes(tag.replace(/^<\w+|\/?>$/g, '')))
    .filter((attrs) => attrs.get('rel') === 'prefetch' && /\.js$/.test(attrs.get('href') ?? ''))
    .map((attrs) => attrs.get('href')!.replace(/^\.?\//, ''));
}

export function initialJsGzip(distDir: string): InitialJs {
  const files = initialScripts(readFileSync(join(distDir, 'index.html'), 'utf8'));
  if (files.length === 0) throw new Error(`no <script type="module"> in ${join(distDir, 'index.html')}`);
  const gzipBytes = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(distDir, file.replace(/^\.?\//, ''))), { level: 9 }).length,
    0,
  );
  return { files, gzipBytes };
}

/** Builds bench/hello with the project's own Vite and React plugin, but none of the app's config. */
export async function buildHello(root: string, outDir: string): Promise<void> {
  await build({ root, configFile: false, plugins: [react()], logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/** Every JS chunk the page loads later (by `import()`), with its gzip size, largest first; `prefetched` if index.html prefetches it. */
export function lazyChunksGzip(distDir: string): { file: string; gzipBytes: number; prefetched: boolean }[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const initial = new Set(initialScripts(html).map((file) => file.replace(/^\.?\//, '')));
  const prefetched = new Set(prefetchedScripts(html));
  return readdirSync(join(distDir, 'assets'))
    .filter((name) => name.endsWith('.js') && !initial.has(`assets/${name}`))
    .map((name) => ({ file: `assets/${name}`, gzipBytes: gzipSync(readFileSync(join(distDir, 'assets', name)), { level: 9 }).length, prefetched: prefetched.has(`assets/${name}`) }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}
