/**
 * The server's own routes for the real OUTSCALE:
 *   GET  /profiles                                    profile names, Regions and account IDs (never keys)
 *   POST /profiles/{name}/api/v1/{Action}             signed here with the profile's keys and forwarded
 *   POST /passthrough/{endpoint}/api/v1/{Action}      forwarded as the browser signed it (blocked CORS)
 * Only the actions the dashboard uses are forwarded, and only to allowed endpoints.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isActionName } from '../../src/api/schemas';
import { readBody } from '../osc/http';
import { OscError, oscErrors } from '../osc/errors';
import { errorBody, safeDecode } from '../osc/http';
import { printable } from '../osc/printable';
import { forwardAsSigned, forwardWithProfile, type Upstream } from './forward';
import { refuseCrossSite } from './security';
import type { Profile } from './profiles';

export const PUBLIC_ENDPOINTS = ['eu-west-2', 'us-east-2', 'us-west-1', 'cloudgouv-eu-west-1', 'ap-northeast-1'].map(
  (region) => `https://api.${region}.outscale.com`,
);

export interface CloudOptions {
  profiles: Profile[];
  /** Account ID per profile name, learnt at start with ReadAccounts. */
  accountIds?: Map<string, string>;
  /** Endpoints the pass-through may reach besides the public ones (e.g. a custom or test endpoint). */
  extraEndpoints?: string[];
  timeoutMs?: number;
  /** The server listens on loopback only: then the Host header must be a loopback name. Default true. */
  loopbackOnly?: boolean;
}

const PROFILE_PATH = /^\/profiles\/([^/]+)\/api\/(?:v1|latest)\/([A-Za-z]+)$/;
const PASS_PATH = /^\/passthrough\/([^/]+)\/api\/(?:v1|latest)\/([A-Za-z]+)$/;

function sendUpstream(res: ServerResponse, answer: Upstream) {
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...(answer.retryAfter ? { 'retry-after': answer.retryAfter } : {}),
  });
  res.end(answer.body);
}


/** The envelope, without CORS headers: no other site may read these routes' answers. */
export function sendError(res: ServerResponse, error: OscError) {
  if (res.headersSent) return;
  res.writeHead(error.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(errorBody(error, crypto.randomUUID())));
}

export function allowedEndpoints(options: CloudOptions): string[] {
  return [...new Set([...PUBLIC_ENDPOINTS, ...options.profiles.map((p) => p.endpoint), ...(options.extraEndpoints ?? [])])];
}

export function createCloudRoutes(options: CloudOptions) {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const byName = new Map(options.profiles.map((profile) => [profile.name, profile]));
  const passable = new Set(allowedEndpoints(options).map((endpoint) => endpoint.replace(/\/+$/, '')));

  /** Answers the request if it is one of these routes; returns false otherwise. */
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname === '/profiles' && req.method === 'GET') {
      const profiles = options.profiles.map((p) => ({ Name: p.name, Region: p.region, AccountId: options.accountIds?.get(p.name) }));
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ Profiles: profiles }));
      return true;
    }
    const viaProfile = PROFILE_PATH.exec(url.pathname);
    const viaPass = PASS_PATH.exec(url.pathname);
    if (!viaProfile && !viaPass) return false;
    const action = (viaProfile ?? viaPass)![2]!;
    if (req.method !== 'POST') {
      sendError(res, oscErrors.methodNotAllowed('Use POST.'));
      return true;
    }
    const refused = refuseCrossSite(req, options.loopbackOnly ?? true);
    if (refused) {
      sendError(res, oscErrors.notAuthorized(refused));
      return true;
    }
    if (!isActionName(action)) {
      sendError(res, oscErrors.unknownAction(`The action '${action}' is not one the dashboard uses, so it is not forwarded.`));
      return true;
    }
    let body: Buffer;
    try {
      body = await readBody(req, 512 * 1024);
    } catch (error) {
      sendError(res, error instanceof OscError ? error : oscErrors.unreadableBody('The request body could not be read.'));
      return true;
    }
    if (viaProfile) {
      const name = safeDecode(viaProfile[1]!);
      const profile = name === null ? undefined : byName.get(name);
      if (!profile) {
        sendError(res, oscErrors.unknownAction(`No profile named '${printable(name ?? viaProfile[1]!)}' on this server.`));
        return true;
      }
      sendUpstream(res, await forwardWithProfile(profile, action, body.length ? body.toString('utf8') : '{}', timeoutMs));
      return true;
    }
    const endpoint = (safeDecode(viaPass![1]!) ?? '').replace(/\/+$/, '');
    if (!passable.has(endpoint)) {
      sendError(res, oscErrors.notAuthorized(`This server only passes calls through to OUTSCALE endpoints it knows, not ${printable(endpoint)}.`));
      return true;
    }
    sendUpstream(res, await forwardAsSigned(req, `${endpoint}/api/v1/${action}`, body, timeoutMs));
    return true;
  };
}
