/**
 * The OUTSCALE API face (`POST /api/v1/{Action}` and `/api/latest/{Action}`), as the request pipeline
 * (server/pipeline.ts) needs it: the action from the path, the body as JSON validated with the shared zod schemas,
 * the answer from the responses (oapi/responses.ts) in OUTSCALE's envelope, CORS on every answer so a browser can
 * read it, errors as `{Errors:[{Code,Type,Details}],ResponseContext:{RequestId}}`. Nothing a client sends can
 * crash it or make it print a stack trace.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { actions } from '../../src/api/requests';
import { isActionName, type ActionName } from '../../src/api/schemas';
import { createPipeline, type Face, type PipelineOptions } from '../pipeline';
import { routeOf } from '../routes';
import { API_SERVICES, AuthLockout } from '../osc/auth';
import type { ActionHandlers, ActionInput, RequestContext } from '../osc/context';
import { errorBody } from '../osc/envelope';
import { OscError, oscErrors } from '../osc/errors';
import { printable, safeDecode } from '../osc/printable';
import { writeStreamed, type StreamedAnswer } from '../osc/streamed';
import { parseBody, validateInput } from '../osc/validation';

/** Calls OUTSCALE answers without a signature (notes 2.2). */
const NO_AUTH_ACTIONS: ReadonlySet<ActionName> = new Set(['ReadRegions']);

export interface OscFaceOptions {
  /** The answer of each action (oapi/responses.ts). */
  handlers: ActionHandlers;
  bodyLimitBytes?: number;
  /** Actions that may answer in pieces (a long read); undefined from one falls back to its handler. */
  streams?: { [A in ActionName]?: (input: ActionInput<A>, ctx: RequestContext) => StreamedAnswer | undefined };
}

const ALLOW_HEADERS = 'authorization, content-type, x-amz-date, x-osc-date, x-amz-content-sha256, x-amz-security-token';

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const requested = req.headers['access-control-request-headers'];
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': typeof requested === 'string' && requested ? requested : ALLOW_HEADERS,
    'access-control-expose-headers': 'x-request-id, retry-after',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

function send(req: IncomingMessage, res: ServerResponse, status: number, requestId: string, payload: string, retryAfter?: number) {
  const headers = corsHeaders(req);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(payload));
  headers['x-request-id'] = requestId;
  headers['cache-control'] = 'no-store';
  if (retryAfter) headers['retry-after'] = String(retryAfter);
  res.writeHead(status, headers);
  res.end(payload);
}

/** Answers an OscError in the envelope, with CORS headers (so a browser can read it) and Retry-After. */
export function sendOscError(req: IncomingMessage, res: ServerResponse, error: OscError, requestId: string = randomUUID()) {
  if (res.headersSent) return;
  send(req, res, error.status, requestId, JSON.stringify(errorBody(error, requestId)), error.retryAfterSeconds);
}

/** A CORS preflight, on any /api path: answered without a signature. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(204, corsHeaders(req));
  res.end();
}

/** What the face says for a path under /api/ that no route serves, or a method the action path does not take. */
export function oscMiss(req: IncomingMessage, allowed: readonly string[] | undefined): OscError {
  return allowed
    ? oscErrors.methodNotAllowed(`Use POST for OUTSCALE API calls, not ${printable(req.method ?? '', 20)}.`)
    : oscErrors.unknownAction('No such path: OUTSCALE API calls are POST /api/v1/{Action} (or /api/latest/{Action}).');
}

interface OscCall {
  action: ActionName;
  body: Buffer;
}

export function createOscFace(options: OscFaceOptions): Face<OscCall, OscError> {
  const { handlers, streams } = options;
  return {
    services: API_SERVICES,
    bodyLimit: options.bodyLimitBytes ?? 512 * 1024,
    logName: (action) => action,
    action(match) {
      const action = safeDecode(match[1]!);
      if (action === null) throw oscErrors.unknownAction('The action in the path is not a valid URL escape.');
      return action;
    },
    accept(action) {
      if (!isActionName(action)) {
        throw oscErrors.unknownAction(action ? `The action '${printable(action)}' is not supported by this API.` : 'No action in the path.');
      }
    },
    read: (action, _req, _url, body) => ({ action: action as ActionName, body }),
    signed: (call) => !NO_AUTH_ACTIONS.has(call.action),
    async answer({ action, body }, ctx, req, res) {
      const input = validateInput(actions[action].request, parseBody(body));
      const stream = streams?.[action] as ((input: unknown, ctx: RequestContext) => StreamedAnswer | undefined) | undefined;
      const streamed = stream?.(input, ctx);
      if (streamed) {
        const headers = corsHeaders(req);
        headers['content-type'] = 'application/json';
        headers['x-request-id'] = ctx.requestId;
        headers['cache-control'] = 'no-store';
        await writeStreamed(res, 200, headers, streamed, { RequestId: ctx.requestId });
        return;
      }
      const handler = handlers[action] as (input: unknown, ctx: RequestContext) => object;
      const result = handler(input, ctx);
      send(req, res, 200, ctx.requestId, JSON.stringify({ ...result, ResponseContext: { RequestId: ctx.requestId } }));
    },
    refused: (auth) =>
      auth.locked
        ? oscErrors.temporarilyLocked(`Authentication for this access key is locked for ${auth.secondsLeft} seconds after repeated failures.`)
        : oscErrors.authFailed(auth.failure.details),
    throttled: () => oscErrors.throttledAccount('Too many requests for this account: slow down and retry (sandbox fault knob).'),
    known: (error) => (error instanceof OscError ? error : undefined),
    internal: () => oscErrors.internal('The sandbox failed to process the request.'),
    statusOf: (error) => error.status,
    sendError: sendOscError,
  };
}

export type OscHttpOptions = OscFaceOptions & Omit<PipelineOptions, 'lockout'> & { lockout?: AuthLockout };

/** The OUTSCALE face alone, routed as in server/routes.ts (for tests that give it their own responses). */
export function createOscHttp(options: OscHttpOptions) {
  const face = createOscFace(options);
  const pipeline = createPipeline({ ...options, lockout: options.lockout ?? new AuthLockout() });
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const routed = routeOf(req.method ?? '', url.pathname);
    if (routed.serve === 'apiPreflight') answerPreflight(req, res);
    else if (routed.serve === 'api') await pipeline.serve(face, req, res, url, routed.match);
    else pipeline.refuse(face, req, res, oscMiss(req, routed.allowed));
  };
}
