/** `node --import tsx bench/bundle-ratio.ts`: the bundle ratio alone (after `vite build`), for a quick check. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildHello, initialJsGzip } from './bundle';

const out = mkdtempSync(join(tmpdir(), 'bench-hello-'));
try {
  // The build measured: dist/, or another (`bundle-ratio.ts /tmp/dist-me`, a build made with --outDir).
  const app = initialJsGzip(resolve(process.argv[2] ?? 'dist'));
  await buildHello(resolve('bench/hello'), out);
  const hello = initialJsGzip(out);
  console.log(`dashboard ${app.gzipBytes} B, bare React ${hello.gzipBytes} B, ratio ${(app.gzipBytes / hello.gzipBytes).toFixed(3)} (≤ 1.5)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
