/**
 * Serves the built dashboard (dist/) with a single-page-app fallback: any path that is not a file gets
 * index.html, so deep links such as /snapshots/snap-12345678 survive a reload.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function createStaticHandler(root: string, headers: Record<string, string> = {}) {
  const index = join(root, 'index.html');
  return function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('Method not allowed\n');
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      decoded = '/';
    }
    const candidate = normalize(join(root, decoded));
    const inside = candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
    let file = inside && isFile(candidate) ? candidate : index;
    if (file === index && extname(decoded) && decoded !== '/index.html') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found\n');
      return;
    }
    if (!existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The dashboard is not built yet: run `npm run build` (npm start does it for you).\n');
      return;
    }
    file = normalize(file);
    const immutable = file.includes(`${sep}assets${sep}`);
    // index.html must be revalidated (it names the current assets); the favicon need not be refetched on
    // every in-page navigation.
    const cacheControl = immutable ? 'public, max-age=31536000, immutable' : file === index ? 'no-cache' : 'public, max-age=3600';
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': cacheControl,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // The file may vanish or become unreadable after the check (a rebuild): end the answer, never crash.
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
