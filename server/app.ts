/**
 * Builds the sandbox's request listener from a store and a clock; it never listens itself, so tests can
 * drive it on an in-memory database and a manual clock. Routes, each with its own face (the format of every
 * answer on it, errors included):
 *   /api/…   POST /api/v1/{Action}, /api/latest/{Action}   the OUTSCALE API (osc/http.ts): OUTSCALE's envelope
 *   /fcu/…   GET|POST /fcu/?Action=…                        FCU (EC2 Query) for the AWS CLI (fcu/http.ts): EC2 XML
 *   /sandbox/…  GET accounts, POST faults {"throttleNext": N}, POST reset   demo and test controls: JSON
 *   /profiles, /profiles/{name}/api/v1/…, /passthrough/{endpoint}/api/v1/…   the real OUTSCALE (cloud/routes.ts):
 *            OUTSCALE's envelope
 *   everything else                                        the built dashboard (dist/), with security headers
 * Before any route: the Host header must name this server (host-check.ts, DNS rebinding). With an access
 * token (cloud/security.ts), every route but /api and /fcu needs it: there the signature is the credential.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createHandlers, type ModelOptions } from './model/actions';
import type { Clock } from './osc/clock';
import { createFcuHttp, isFcuPath, sendFcuError } from './fcu/http';
import { FcuError } from './fcu/errors';
import { AuthLockout } from './osc/auth';
import { oscErrors, type OscError } from './osc/errors';
import { createOscHttp, isApiPath, sendOscError } from './osc/http';
import { printable } from './osc/printable';
import { snapshotStreams } from './model/snapshot-stream';
import type { Store } from './model/store';
import { allowedEndpoints, createCloudRoutes, sendError as sendCloudError, type CloudOptions } from './cloud/routes';
import { createAccessGuard, securityHeaders, sendRedirect } from './cloud/security';
import { createHostCheck, type HostCheckOptions } from './host-check';
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
  /**
   * The secret the demo accounts' secret keys are derived from (default: the access token, if any). Without
   * either, the published demo constants of seed.ts are the keys: fit for tests in-process only. `npm start`
   * (main.ts) always passes one (the token, or a random secret kept in the data folder, demo-key.ts).
   */
  demoKeySecret?: string;
  /** Serve the sandbox (its API, FCU face and demo endpoints). Default true. */
  sandbox?: boolean;
  /** Which Host headers name this server; default: loopback names on any port (tests on port 0). */
  hosts?: HostCheckOptions;
}

export interface SandboxApp {
  listener: RequestListener;
  handlers: ReturnType<typeof createHandlers>;
}

type Face = 'api' | 'fcu' | 'sandbox' | 'cloud' | 'page';

function faceOf(pathname: string): Face {
  if (isApiPath(pathname)) return 'api';
  if (isFcuPath(pathname)) return 'fcu';
  if (/^\/sandbox(?:\/|$)/.test(pathname)) return 'sandbox';
  if (/^\/(?:profiles|passthrough)(?:\/|$)/.test(pathname)) return 'cloud';
  return 'page';
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(payload);
}

function sendText(res: ServerResponse, status: number, text: string) {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(`${text}\n`);
}

/** One refusal, said in the format of the route's face. */
interface Refusal {
  status: number;
  message: string;
  osc: OscError;
  fcu: FcuError;
}

function refuse(face: Face, req: IncomingMessage, res: ServerResponse, refusal: Refusal) {
  req.resume();
  if (face === 'api') sendOscError(req, res, refusal.osc);
  else if (face === 'cloud') sendCloudError(res, refusal.osc);
  else if (face === 'fcu') sendFcuError(res, refusal.fcu);
  else if (face === 'sandbox') sendJson(res, refusal.status, { error: refusal.message });
  else sendText(res, refusal.status, refusal.message);
}

/**
 * The demo accounts' secret keys, derived from a server secret (the access token, or demo-key.ts) instead of
 * the published demo constants: the sandbox answers CORS to any Origin, so with published keys any web page
 * could sign calls to it. A signature is then a real credential, which only GET /sandbox/accounts
 * (same-origin, and behind the token if there is one) reveals.
 */
function derivedSecret(secret: string, accessKey: string): string {
  return createHmac('sha256', secret).update(`sandbox secret key for ${accessKey}`).digest('hex').slice(0, 40).toUpperCase();
}

export function createApp(options: AppOptions): SandboxApp {
  const handlers = createHandlers(options.store, options.model ?? {});
  const faults = { throttleNext: 0 };
  const lockout = new AuthLockout();
  const token = options.accessToken;
  const keySecret = options.demoKeySecret || token || undefined;
  // One HMAC per access key, not per request; only keys of existing accounts get in, so it stays small.
  const derived = new Map<string, string>();
  const secretOf = (accessKey: string) => {
    let secret = derived.get(accessKey);
    if (secret === undefined && keySecret !== undefined) derived.set(accessKey, (secret = derivedSecret(keySecret, accessKey)));
    return secret;
  };
  const accountFor = (accessKey: string) => {
    const account = options.store.secretFor(accessKey);
    return account && keySecret !== undefined ? { ...account, secretKey: secretOf(accessKey)! } : account;
  };
  const listAccounts = () => {
    const accounts = options.store.listAccounts();
    return keySecret !== undefined ? accounts.map((account) => ({ ...account, SecretKey: secretOf(account.AccessKey)! })) : accounts;
  };
  // Action names and paths come from the client: printable, bounded, so that no request can forge a log line.
  const log = options.log
    ? ({ action, status, requestId, accountId }: { action: string; status: number; requestId: string; accountId: string | null }) =>
        options.log?.(`${status} ${printable(action || '-', 64)} ${accountId ?? 'anonymous'} ${requestId}`)
    : undefined;
  const fcu = createFcuHttp({
    handlers,
    clock: options.clock,
    secretFor: accountFor,
    lockout,
    faults,
    onCall: log,
  });
  const api = createOscHttp({
    handlers,
    lockout,
    clock: options.clock,
    secretFor: accountFor,
    bodyLimitBytes: options.bodyLimitBytes,
    faults,
    onCall: log,
    streams: snapshotStreams(options.store),
  });
  const cloudOptions = options.cloud ?? { profiles: [] };
  const cloud = createCloudRoutes(cloudOptions);
  const checkAccess = createAccessGuard(token);
  const checkHost = createHostCheck(options.hosts);
  const serveStatic = options.staticDir
    ? createStaticHandler(options.staticDir, securityHeaders(allowedEndpoints(cloudOptions)))
    : undefined;

  /** Runs a route that answers asynchronously; a bug in it answers 500 in its face instead of an unhandled rejection. */
  const settle = (face: Face, req: IncomingMessage, res: ServerResponse, work: Promise<unknown>) => {
    work.catch((error: unknown) => {
      console.error(`[sandbox] ${face} route failed on ${printable(req.url ?? '', 120)}:`, error);
      // an answer cut in the middle cannot be mended: close it, so the client sees a broken answer, not a hang
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = 'The server failed to process the request.';
      refuse(face, req, res, { status: 500, message, osc: oscErrors.internal(message), fcu: new FcuError(500, 'InternalError', message) });
    });
  };

  const route = (req: IncomingMessage, res: ServerResponse, url: URL, face: Face) => {
    const host = checkHost(req.headers.host);
    if (!host.ok) {
      const status = face === 'api' || face === 'cloud' || face === 'fcu' ? 401 : 403;
      options.log?.(`${status} refused-host ${printable(req.headers.host ?? '-', 64)}`);
      refuse(face, req, res, { status, message: host.reason, osc: oscErrors.hostNotAllowed(host.reason), fcu: new FcuError(401, 'AuthFailure', host.reason) });
      return;
    }
    if (face !== 'api' && face !== 'fcu') {
      const access = checkAccess(req, url);
      if (!access.ok) {
        if (access.redirect) {
          req.resume();
          sendRedirect(res, access.redirect);
          return;
        }
        const message = 'This Snapshot Console needs its access token: open the URL it printed at start (or send Authorization: Bearer TOKEN).';
        refuse(face, req, res, { status: 401, message, osc: oscErrors.notAuthorized(message), fcu: new FcuError(401, 'AuthFailure', message) });
        return;
      }
    }
    if (face === 'cloud') {
      settle(face, req, res, cloud(req, res, url).then((handled) => {
        if (!handled) refuse(face, req, res, notFound('No such route: /profiles, /profiles/{name}/api/v1/{Action} or /passthrough/{endpoint}/api/v1/{Action}.'));
      }));
      return;
    }
    if ((face === 'api' || face === 'fcu' || face === 'sandbox') && options.sandbox === false) {
      const message = 'The sandbox is off on this server (started with --profile; add --sandbox to serve it too).';
      refuse(face, req, res, { status: 404, message, osc: oscErrors.unknownAction(message), fcu: new FcuError(400, 'InvalidAction', message) });
      return;
    }
    if (face === 'fcu') {
      settle(face, req, res, fcu(req, res, url));
      return;
    }
    if (face === 'api') {
      settle(face, req, res, api(req, res, url));
      return;
    }
    if (face === 'sandbox') {
      sandboxControl(req, res, url);
      return;
    }
    if (serveStatic) {
      serveStatic(req, res, url.pathname);
      return;
    }
    sendText(res, 404, 'Not found');
  };

  function notFound(message: string): Refusal {
    return { status: 404, message, osc: oscErrors.unknownAction(message), fcu: new FcuError(400, 'InvalidAction', message) };
  }

  function sandboxControl(req: IncomingMessage, res: ServerResponse, url: URL) {
    const methods: Record<string, string> = { '/sandbox/accounts': 'GET', '/sandbox/reset': 'POST', '/sandbox/faults': 'POST' };
    const method = Object.prototype.hasOwnProperty.call(methods, url.pathname) ? methods[url.pathname] : undefined;
    if (!method) {
      refuse('sandbox', req, res, notFound('No such sandbox control: GET /sandbox/accounts, POST /sandbox/reset, POST /sandbox/faults.'));
      return;
    }
    if (req.method !== method) {
      req.resume();
      res.writeHead(405, { allow: method, 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ error: `Use ${method} on ${url.pathname}.` }));
      return;
    }
    // Same-origin only, GET /sandbox/accounts (the demo secret keys) included: no CORS headers, and a call a
    // browser sends for another site (its Origin, or Sec-Fetch-Site when it sends no Origin) is refused outright.
    const foreignOrigin = req.headers.origin !== undefined && (() => {
      try {
        return new URL(req.headers.origin).host !== req.headers.host;
      } catch {
        return true;
      }
    })();
    const fetchSite = req.headers['sec-fetch-site'];
    if (foreignOrigin || (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none')) {
      req.resume();
      sendJson(res, 403, { error: 'The sandbox controls refuse calls from other sites.' });
      return;
    }
    if (url.pathname === '/sandbox/accounts') {
      sendJson(res, 200, { Accounts: listAccounts() });
      return;
    }
    if (url.pathname === '/sandbox/reset') {
      req.resume();
      if (!options.reseed) {
        sendJson(res, 404, { error: 'This server was started without a way to seed the demo data again.' });
        return;
      }
      options.store.reset();
      options.reseed();
      faults.throttleNext = 0;
      sendJson(res, 200, { Accounts: options.store.listAccounts().length });
      return;
    }
    if (url.pathname === '/sandbox/faults') {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        if (body.length < 1024) body += chunk.toString('utf8');
      });
      req.on('error', () => sendJson(res, 400, { error: 'The request body could not be read.' }));
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
    }
  }

  const listener: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    } catch {
      sendText(res, 400, 'Bad request');
      return;
    }
    try {
      route(req, res, url, faceOf(url.pathname));
    } catch (error) {
      console.error(`[sandbox] request failed on ${printable(req.url ?? '', 120)}:`, error);
      sendText(res, 500, 'The server failed to process the request.');
    }
  };

  return { listener, handlers };
}
