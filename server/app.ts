/**
 * Builds the sandbox's request listener from a store and a clock; it never listens itself, so tests can
 * drive it on an in-memory database and a manual clock. Routes:
 *   POST /api/v1/{Action}, /api/latest/{Action}   the OUTSCALE API (osc/http.ts)
 *   GET|POST /fcu/?Action=…                        the FCU (EC2 Query) API for the AWS CLI (fcu/http.ts)
 *   GET  /sandbox/accounts                         demo credentials, so the page connects without typing
 *   POST /sandbox/faults {"throttleNext": N}       the next N signed API calls answer 429 (demos, tests)
 *   POST /sandbox/reset                            wipe the data and seed the demo accounts again
 *   GET  /profiles, POST /profiles/{name}/api/v1/… the real OUTSCALE, signed here (cloud/routes.ts)
 *   POST /passthrough/{endpoint}/api/v1/…          the real OUTSCALE, signed by the browser
 *   everything else                                the built dashboard (dist/), with security headers
 * With an access token, every request must carry it (cloud/security.ts).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createHandlers, type ModelOptions } from './model/actions';
import type { Clock } from './osc/clock';
import { createFcuHttp, FCU_PATH } from './fcu/http';
import { AuthLockout } from './osc/auth';
import { createOscHttp, isApiPath } from './osc/http';
import type { Store } from './model/store';
import { allowedEndpoints, createCloudRoutes, type CloudOptions } from './cloud/routes';
import { createAccessGuard, securityHeaders } from './cloud/security';
import { createStaticHandler } from './static';

export interface AppOptions {
  store: Store;
  clock: Clock;
  model?: ModelOptions;
  /** Folder of the built dashboard; omitted in API-only tests. */
  staticDir?: string;
  bodyLimitBytes?: number;
  log?: (line: string) => void;
  /** Enables POST /sandbox/reset: wipe and seed again (tests, demos). */
  reseed?: () => void;
  /** The real OUTSCALE: profiles signed here, and the pass-through for browser-signed calls. */
  cloud?: CloudOptions;
  /** Required on every request when set (the server listens beyond loopback). */
  accessToken?: string;
  /** Serve the sandbox (its API, FCU face and demo endpoints). Default true. */
  sandbox?: boolean;
}

export interface SandboxApp {
  listener: RequestListener;
  handlers: ReturnType<typeof createHandlers>;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(payload);
}

export function createApp(options: AppOptions): SandboxApp {
  const handlers = createHandlers(options.store, options.model ?? {});
  const faults = { throttleNext: 0 };
  const lockout = new AuthLockout();
  const log = options.log
    ? ({ action, status, requestId, accountId }: { action: string; status: number; requestId: string; accountId: string | null }) =>
        options.log?.(`${status} ${action || '-'} ${accountId ?? 'anonymous'} ${requestId}`)
    : undefined;
  const fcu = createFcuHttp({
    handlers,
    clock: options.clock,
    secretFor: (accessKey) => options.store.secretFor(accessKey),
    lockout,
    faults,
    onCall: log,
  });
  const api = createOscHttp({
    handlers,
    lockout,
    clock: options.clock,
    secretFor: (accessKey) => options.store.secretFor(accessKey),
    bodyLimitBytes: options.bodyLimitBytes,
    faults,
    onCall: log,
  });
  const cloudOptions = options.cloud ?? { profiles: [] };
  const cloud = createCloudRoutes(cloudOptions);
  const guard = createAccessGuard(options.accessToken);
  const serveStatic = options.staticDir
    ? createStaticHandler(options.staticDir, securityHeaders(allowedEndpoints(cloudOptions)))
    : undefined;

  const listener: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('Bad request\n');
      return;
    }
    if (!guard(req, res, url)) return;
    if (url.pathname === '/profiles' || url.pathname.startsWith('/profiles/') || url.pathname.startsWith('/passthrough/')) {
      void cloud(req, res, url).then((handled) => {
        if (!handled) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('Not found\n');
        }
      });
      return;
    }
    const sandboxPath = FCU_PATH.test(url.pathname) || isApiPath(url.pathname) || url.pathname.startsWith('/sandbox/');
    if (sandboxPath && options.sandbox === false) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('The sandbox is off on this server (started with --profile; add --sandbox to serve it too).\n');
      return;
    }
    if (FCU_PATH.test(url.pathname)) {
      void fcu(req, res, url);
      return;
    }
    if (isApiPath(url.pathname)) {
      void api(req, res, url);
      return;
    }
    if (url.pathname === '/sandbox/accounts' && req.method === 'GET') {
      sendJson(res, 200, { Accounts: options.store.listAccounts() });
      return;
    }
    const foreignOrigin = req.headers.origin && (() => {
      try {
        return new URL(req.headers.origin).host !== req.headers.host;
      } catch {
        return true;
      }
    })();
    if (url.pathname.startsWith('/sandbox/') && req.method === 'POST' && foreignOrigin) {
      sendJson(res, 403, { error: 'The sandbox controls refuse calls from other sites.' });
      return;
    }
    if (url.pathname === '/sandbox/reset' && req.method === 'POST' && options.reseed) {
      options.store.reset();
      options.reseed();
      faults.throttleNext = 0;
      sendJson(res, 200, { Accounts: options.store.listAccounts().length });
      return;
    }
    if (url.pathname === '/sandbox/faults' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        if (body.length < 1024) body += chunk.toString('utf8');
      });
      req.on('end', () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body || '{}');
        } catch {
          parsed = null;
        }
        const n = (parsed as { throttleNext?: unknown } | null)?.throttleNext;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000) {
          sendJson(res, 400, { error: 'Send {"throttleNext": N} with N a whole number from 0 to 1000.' });
          return;
        }
        faults.throttleNext = n;
        sendJson(res, 200, faults);
      });
      return;
    }
    if (serveStatic) {
      serveStatic(req, res, url.pathname);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found\n');
  };

  return { listener, handlers };
}
