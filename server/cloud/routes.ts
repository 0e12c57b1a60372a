/**
 * The server's own routes for the real OUTSCALE (their paths are in server/routes.ts):
 *   GET  /profiles                                    profile names, Regions and account IDs (never keys)
 *   POST /profiles/{name}/api/v1/{Action}             signed here with the profile's keys and forwarded
 *   POST /profiles/{name}/oos-sign                    an OOS (S3) request of its Region, signed here
 *   POST /passthrough/{endpoint}/api/v1/{Action}      forwarded as the browser signed it (blocked CORS)
 * Only the actions the dashboard uses are forwarded, and only to allowed endpoints.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsClient } from 'aws4fetch';
import { oosBaseFor, REGION_ENDPOINTS } from '../../src/api/regions';
import { isActionName } from '../../src/api/schemas';
import { readBody } from '../osc/body';
import { errorBody } from '../osc/envelope';
import { OscError, oscErrors } from '../osc/errors';
import { printable, safeDecode } from '../osc/printable';
import { forwardAsSigned, forwardWithProfile, type Upstream } from './forward';
import { refuseCrossSite } from './security';
import type { Profile } from './profiles';

export const PUBLIC_ENDPOINTS = REGION_ENDPOINTS.map((region) => region.api);

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

  /** The checks both forwarding routes make, then the body; undefined when the call was refused (answered). */
  async function forwardable(req: IncomingMessage, res: ServerResponse, action: string): Promise<Buffer | undefined> {
    const refused = refuseCrossSite(req, options.loopbackOnly ?? true);
    if (refused) {
      sendError(res, oscErrors.notAuthorized(refused));
      return undefined;
    }
    if (!isActionName(action)) {
      sendError(res, oscErrors.unknownAction(`The action '${action}' is not one the dashboard uses, so it is not forwarded.`));
      return undefined;
    }
    try {
      return await readBody(req, 512 * 1024);
    } catch (error) {
      sendError(res, error instanceof OscError ? error : oscErrors.unreadableBody('The request body could not be read.'));
      return undefined;
    }
  }

  return {
    /** GET /profiles */
    profiles(req: IncomingMessage, res: ServerResponse) {
      req.resume();
      const profiles = options.profiles.map((p) => ({ Name: p.name, Region: p.region, AccountId: options.accountIds?.get(p.name) }));
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ Profiles: profiles }));
    },

    /** POST /profiles/{name}/api/v1/{Action}: `match` holds the name and the action. */
    async viaProfile(req: IncomingMessage, res: ServerResponse, _url: URL, match: RegExpExecArray) {
      const body = await forwardable(req, res, match[2]!);
      if (!body) return;
      const name = safeDecode(match[1]!);
      const profile = name === null ? undefined : byName.get(name);
      if (!profile) {
        sendError(res, oscErrors.unknownAction(`No profile named '${printable(name ?? match[1]!)}' on this server.`));
        return;
      }
      sendUpstream(res, await forwardWithProfile(profile, match[2]!, body.length ? body.toString('utf8') : '{}', timeoutMs));
    },

    /**
     * POST /profiles/{name}/oos-sign `{"method", "path", "presign"?}`: an OOS (S3) request of the profile's Region,
     * signed here with the profile's keys (service s3) — the header form (`{url, headers}`, the page sends it), or a
     * pre-signed GET URL (`presign`: its X-Amz-Expires is in `path`). The URL is always the profile's own OOS
     * endpoint (`oosBaseFor`); only the path and query come from the page. No key is in the answer.
     */
    async oosSign(req: IncomingMessage, res: ServerResponse, _url: URL, match: RegExpExecArray) {
      const refused = refuseCrossSite(req, options.loopbackOnly ?? true);
      if (refused) return sendError(res, oscErrors.notAuthorized(refused));
      const name = safeDecode(match[1]!);
      const profile = name === null ? undefined : byName.get(name);
      if (!profile) return sendError(res, oscErrors.unknownAction(`No profile named '${printable(name ?? match[1]!)}' on this server.`));
      let request: { method?: unknown; path?: unknown; presign?: unknown };
      try {
        request = JSON.parse((await readBody(req, 16 * 1024)).toString('utf8') || '{}') as typeof request;
      } catch (error) {
        return sendError(res, error instanceof OscError ? error : oscErrors.unreadableBody('The body must be JSON: {"method", "path", "presign"}.'));
      }
      const method = typeof request.method === 'string' ? request.method.toUpperCase() : 'GET';
      const path = typeof request.path === 'string' ? request.path : '';
      if (!['GET', 'HEAD', 'PUT', 'DELETE'].includes(method) || !/^\/(?!\/)/.test(path) || path.length > 2048 || /[\s#]/.test(path)) {
        return sendError(res, oscErrors.unreadableBody('Give the OOS request as {"method": GET|HEAD|PUT|DELETE, "path": "/bucket/key?query"}.'));
      }
      const presign = request.presign === true;
      if (presign && method !== 'GET') return sendError(res, oscErrors.unreadableBody('Only a GET is pre-signed.'));
      const signer = new AwsClient({ accessKeyId: profile.accessKey, secretAccessKey: profile.secretKey, service: 's3', region: profile.region, retries: 0 });
      let base: string;
      try {
        base = oosBaseFor(profile.endpoint, profile.region);
      } catch {
        return sendError(res, new OscError(502, '0', 'BadGateway', `The profile's endpoint '${printable(profile.endpoint)}' is not a URL: fix it in the osc-cli config.`));
      }
      const signed = await signer.sign(`${base}${path}`, { method, aws: { signQuery: presign } });
      const headers: Record<string, string> = {};
      if (!presign) signed.headers.forEach((value, key) => void (headers[key] = value));
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ url: signed.url, headers }));
    },

    /** POST /passthrough/{endpoint}/api/v1/{Action}: `match` holds the endpoint and the action. */
    async passThrough(req: IncomingMessage, res: ServerResponse, _url: URL, match: RegExpExecArray) {
      const body = await forwardable(req, res, match[2]!);
      if (!body) return;
      const endpoint = (safeDecode(match[1]!) ?? '').replace(/\/+$/, '');
      if (!passable.has(endpoint)) {
        sendError(res, oscErrors.notAuthorized(`This server only passes calls through to OUTSCALE endpoints it knows, not ${printable(endpoint)}.`));
        return;
      }
      sendUpstream(res, await forwardAsSigned(req, `${endpoint}/api/v1/${match[2]!}`, body, timeoutMs));
    },

    /** A path under /profiles or /passthrough that no route serves, or a wrong method. */
    miss(req: IncomingMessage, res: ServerResponse, _url: URL, allowed: readonly string[] | undefined) {
      req.resume();
      sendError(
        res,
        allowed
          ? oscErrors.methodNotAllowed(`Use ${allowed.join(' or ')}.`)
          : oscErrors.unknownAction('No such route: /profiles, /profiles/{name}/api/v1/{Action} or /passthrough/{endpoint}/api/v1/{Action}.'),
      );
    },
  };
}
