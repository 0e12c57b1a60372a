/**
 * Builds the server's request listener from a store and a clock; it never listens itself, so tests can drive it
 * on an in-memory database and a manual clock. Every route is in routes.ts; here each is wired to its function,
 * after the checks that come before any route, answered in the format of the request's face:
 *   1. the Host header must name this server (host-check.ts, DNS rebinding);
 *   2. with an access token (cloud/security.ts), every face but the API faces needs it (there the signature is
 *      the credential, checked by the request pipeline, pipeline.ts);
 *   3. with the sandbox off (--profile), its faces answer that it is off.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createBackends, type Backends, type ModelOptions } from './backends';
import type { Clock } from './osc/clock';
import { createFcuFace, fcuMiss, sendFcuError } from './fcu/http';
import { FcuError, fcuErrors } from './fcu/errors';
import { oosBaseFor, PUBLIC_REGIONS, REGION_ENDPOINTS } from '../src/api/regions';
import { AuthLockout } from './osc/auth';
import { oscErrors, type OscError } from './osc/errors';
import { answerPreflight, createOscFace, oscMiss, sendOscError } from './oapi/http';
import { oapiResponses, oapiStreams } from './oapi/responses';
import { printable } from './osc/printable';
import type { Store } from './model/store';
import { allowedEndpoints, createCloudRoutes, sendError as sendCloudError, type CloudOptions } from './cloud/routes';
import { createAccessGuard, securityHeaders, sendRedirect } from './cloud/security';
import { demoCredentials } from './demo-key';
import { createHostCheck, type HostCheckOptions } from './host-check';
import { createPipeline } from './pipeline';
import { regionOfPath, routeOf, type FaceName, type Serve, type ServeName } from './routes';
import { createSandboxControls, sendJson } from './sandbox-controls';
import { createStaticHandler } from './static';
import { createOosFace, createOosStore, oosCredentials } from './oos';

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
  /** The Host check of the OOS listener (its own port, main.ts --oos-port); default: `hosts`. */
  oosHosts?: HostCheckOptions;
  /** The OOS listener's origins, which the page may read (CSP connect-src): a ranged read of a pre-signed URL. */
  oosOrigins?: string[];
}

export interface SandboxApp {
  listener: RequestListener;
  backends: Backends;
  /** The OOS face (S3-compatible, server/oos/), served on its own port when the sandbox is on. */
  oosListener: RequestListener;
}

/** The public Region whose endpoint a path names (routes.ts), or undefined. */
function publicRegion(pathname: string): string | undefined {
  const region = regionOfPath(pathname);
  return (PUBLIC_REGIONS as readonly string[]).includes(region ?? '') ? region : undefined;
}
const noSuchRegion = (pathname: string) =>
  `No such Region endpoint: '${printable(regionOfPath(pathname) ?? '', 40)}' is not one of OUTSCALE's public Regions (${PUBLIC_REGIONS.join(', ')}).`;

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(`${text}\n`);
}

/** One refusal before any route, said in the format of the request's face. */
interface Refusal {
  status: number;
  message: string;
  osc: OscError;
  fcu: FcuError;
}

function refuse(face: FaceName, req: IncomingMessage, res: ServerResponse, refusal: Refusal) {
  req.resume();
  if (face === 'api') sendOscError(req, res, refusal.osc);
  else if (face === 'cloud') sendCloudError(res, refusal.osc);
  else if (face === 'fcu') sendFcuError(res, refusal.fcu);
  else if (face === 'sandbox') sendJson(res, refusal.status, { error: refusal.message });
  else sendText(res, refusal.status, refusal.message);
}

/** A profile's OOS origin for the CSP; none for an endpoint that is not a URL (its calls answer 502, said there). */
function profileOos(endpoint: string, region: string): string[] {
  try {
    return [oosBaseFor(endpoint, region)];
  } catch {
    return [];
  }
}

export function createApp(options: AppOptions): SandboxApp {
  const faults = { throttleNext: 0 };
  const credentials = demoCredentials(options.store, options.demoKeySecret || options.accessToken || undefined);
  // Exports write to the sandbox's OOS and imports check their URL against it (server/backends/export-tasks.ts).
  const oos = createOosStore({ store: options.store, secretFor: credentials.accountFor, clock: options.clock });
  const backends = createBackends(options.store, options.model ?? {}, { oos, credentialsFor: credentials.accountFor });
  /** Before any request, on any face: the objects of the exports completed by now are written (one comparison when none is due). */
  const settled = (next: RequestListener): RequestListener => (req, res) => {
    backends.exportTasks.settle(options.clock.now().getTime());
    next(req, res);
  };
  // Action names and paths come from the client: printable, bounded, so that no request can forge a log line.
  const log = options.log;
  const pipeline = createPipeline({
    clock: options.clock,
    secretFor: credentials.accountFor,
    lockout: new AuthLockout(),
    regionOf: (accountId) => options.store.account(accountId)?.region,
    faults,
    onCall: log && (({ action, status, requestId, accountId }) => log(`${status} ${printable(action || '-', 64)} ${accountId ?? 'anonymous'} ${requestId}`)),
  });
  const oapi = createOscFace({ handlers: oapiResponses(backends), bodyLimitBytes: options.bodyLimitBytes, streams: oapiStreams(backends) });
  const fcu = createFcuFace(backends);
  const cloudOptions = options.cloud ?? { profiles: [] };
  const cloud = createCloudRoutes(cloudOptions);
  const controls = createSandboxControls({ store: options.store, faults, listAccounts: credentials.listAccounts, reseed: options.reseed });
  const checkAccess = createAccessGuard(options.accessToken);
  const checkHost = createHostCheck(options.hosts);
  const serveStatic = options.staticDir
    ? createStaticHandler(options.staticDir, securityHeaders([...allowedEndpoints(cloudOptions), ...REGION_ENDPOINTS.map((r) => r.oos), ...cloudOptions.profiles.flatMap((p) => profileOos(p.endpoint, p.region)), ...(options.oosOrigins ?? [])]))
    : undefined;

  /** Each route of routes.ts, and each face's miss, to its function. */
  const serve: Record<ServeName, Serve> = {
    apiPreflight: answerPreflight,
    api: (req, res, url, match) => pipeline.serve(oapi, req, res, url, match),
    apiMiss: (req, res, _url, _match, allowed) => pipeline.refuse(oapi, req, res, oscMiss(req, allowed)),
    fcu: (req, res, url, match) => pipeline.serve(fcu, req, res, url, match),
    // A Region's own endpoint (routes.ts): only OUTSCALE's public Regions have one.
    regionApi: (req, res, url, match) => {
      const region = publicRegion(url.pathname);
      if (region) return pipeline.serve(oapi, req, res, url, match, region);
      pipeline.refuse(oapi, req, res, oscErrors.unknownAction(noSuchRegion(url.pathname)));
    },
    regionFcu: (req, res, url, match) => {
      const region = publicRegion(url.pathname);
      if (region) return pipeline.serve(fcu, req, res, url, match, region);
      pipeline.refuse(fcu, req, res, fcuErrors.unknownPath(noSuchRegion(url.pathname)));
    },
    fcuMiss: (req, res, _url, _match, allowed) => pipeline.refuse(fcu, req, res, fcuMiss(req, allowed)),
    demoAccounts: controls.demoAccounts,
    reset: controls.reset,
    faults: controls.faults,
    sandboxMiss: (req, res, url, _match, allowed) => controls.miss(req, res, url, allowed),
    profiles: cloud.profiles,
    viaProfile: cloud.viaProfile,
    oosSign: cloud.oosSign,
    passThrough: cloud.passThrough,
    cloudMiss: (req, res, url, _match, allowed) => cloud.miss(req, res, url, allowed),
    page: (req, res, url) => (serveStatic ? serveStatic(req, res, url.pathname) : sendText(res, 404, 'Not found')),
    pageMiss: (req, res, _url, _match, allowed) => {
      req.resume();
      if (serveStatic && allowed) sendText(res, 405, 'Method not allowed', { allow: allowed.join(', ') });
      else sendText(res, 404, 'Not found');
    },
  };

  /** A route that failed: 500 in its face, or a cut connection once its answer has begun (never a hang). */
  const failed = (face: FaceName, req: IncomingMessage, res: ServerResponse, error: unknown) => {
    console.error(`[sandbox] ${face} route failed on ${printable(req.url ?? '', 120)}:`, error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const message = 'The server failed to process the request.';
    refuse(face, req, res, { status: 500, message, osc: oscErrors.internal(message), fcu: new FcuError(500, 'InternalError', message) });
  };

  const route = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const routed = routeOf(req.method ?? '', url.pathname);
    const face = routed.face.face;
    const host = checkHost(req.headers.host);
    if (!host.ok) {
      const status = face === 'api' || face === 'cloud' || face === 'fcu' ? 401 : 403;
      log?.(`${status} refused-host ${printable(req.headers.host ?? '-', 64)}`);
      refuse(face, req, res, { status, message: host.reason, osc: oscErrors.hostNotAllowed(host.reason), fcu: new FcuError(401, 'AuthFailure', host.reason) });
      return;
    }
    if (routed.face.credential === 'token') {
      const access = checkAccess(req, url);
      if (!access.ok) {
        req.resume();
        if (access.redirect) return sendRedirect(res, access.redirect);
        const message = 'This Snapshot Console needs its access token: open the URL it printed at start (or send Authorization: Bearer TOKEN).';
        refuse(face, req, res, { status: 401, message, osc: oscErrors.notAuthorized(message), fcu: new FcuError(401, 'AuthFailure', message) });
        return;
      }
    }
    if (routed.face.sandbox && options.sandbox === false) {
      const message = 'The sandbox is off on this server (started with --profile; add --sandbox to serve it too).';
      refuse(face, req, res, { status: 404, message, osc: oscErrors.unknownAction(message), fcu: new FcuError(400, 'InvalidAction', message) });
      return;
    }
    const answer = serve[routed.serve](req, res, url, routed.match, routed.allowed);
    if (answer) answer.catch((error: unknown) => failed(face, req, res, error));
  };

  const listener: RequestListener = settled((req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    } catch {
      sendText(res, 400, 'Bad request');
      return;
    }
    try {
      route(req, res, url);
    } catch (error) {
      failed(routeOf(req.method ?? '', url.pathname).face.face, req, res, error);
    }
  });

  const oosListener = settled(createOosFace({
    store: options.store,
    clock: options.clock,
    credentials: oosCredentials(options.store, credentials.accountFor),
    checkHost: createHostCheck(options.oosHosts ?? options.hosts),
    log,
  }));

  return { listener, backends, oosListener };
}
