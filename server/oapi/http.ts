/**
 * The OUTSCALE API face of the sandbox: routing (`POST /api/v1/{Action}` and `/api/latest/{Action}`; any
 * other path under /api/ gets the envelope too), CORS,
 * body limits, signature checks with brute-force lockout, request validation with the shared zod schemas,
 * and OUTSCALE's answer envelopes. Nothing a client sends can crash it or make it print a stack trace.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { actions } from '../../src/api/requests';
import { isActionName, type ActionName } from '../../src/api/schemas';
import { API_SERVICES, authenticate, AuthLockout } from './auth';
import type { Clock } from './clock';
import type { ActionHandlers, ActionInput, RequestContext } from './context';
import { OscError, oscErrors } from './errors';
import { printable } from './printable';
import { writeStreamed, type StreamedAnswer } from './streamed';
import { parseBody, validateInput } from './validation';

const API_PATH = /^\/api\/(?:v1|latest)\/([^/?#]*)\/?$/;
/** Everything under /api/ belongs to this face, matched or not: it always answers OUTSCALE's envelope. */
const API_FACE = /^\/api(?:\/|$)/;
/** Calls OUTSCALE answers without a signature (notes 2.2). */
const NO_AUTH_ACTIONS: ReadonlySet<ActionName> = new Set(['ReadRegions']);

export interface OscHttpOptions {
  handlers: ActionHandlers;
  clock: Clock;
  secretFor: (accessKey: string) => { secretKey: string; accountId: string } | undefined;
  bodyLimitBytes?: number;
  lockout?: AuthLockout;
  /** Demo and test knob: the next N signed calls answer 429 (code 24), as a throttling API would. */
  faults?: { throttleNext: number };
  /** Called with each finished call, for the access log; never given secrets. */
  onCall?: (entry: { action: string; status: number; requestId: string; accountId: string | null }) => void;
  /** Actions that may answer in pieces (a long read); undefined from one falls back to its handler. */
  streams?: { [A in ActionName]?: (input: ActionInput<A>, ctx: RequestContext) => StreamedAnswer | undefined };
}

export function isApiPath(pathname: string): boolean {
  return API_FACE.test(pathname);
}

/** decodeURIComponent that answers null instead of throwing on a broken escape such as %ZZ. */
export function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const requested = req.headers['access-control-request-headers'];
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers':
      typeof requested === 'string' && requested
        ? requested
        : 'authorization, content-type, x-amz-date, x-osc-date, x-amz-content-sha256, x-amz-security-token',
    'access-control-expose-headers': 'x-request-id',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

function send(req: IncomingMessage, res: ServerResponse, status: number, requestId: string, body: object, retryAfter?: number) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...corsHeaders(req),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-request-id': requestId,
    'cache-control': 'no-store',
    ...(retryAfter ? { 'retry-after': String(retryAfter) } : {}),
  });
  res.end(payload);
}

/** Answers an OscError in the envelope, with CORS headers (so a browser can read it) and Retry-After. */
export function sendOscError(req: IncomingMessage, res: ServerResponse, error: OscError, requestId: string = randomUUID()) {
  if (res.headersSent) return;
  send(req, res, error.status, requestId, errorBody(error, requestId), error.retryAfterSeconds);
}

export function errorBody(error: OscError, requestId: string) {
  return {
    Errors: [{ Code: error.code, Type: error.type, Details: error.details }],
    ResponseContext: { RequestId: requestId },
  };
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(oscErrors.bodyTooLarge(`The request body exceeds ${limit} bytes.`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(oscErrors.bodyTooLarge(`The request body exceeds ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', () => {
      if (!failed) reject(oscErrors.unreadableBody('The request body could not be read.'));
    });
  });
}

export function createOscHttp(options: OscHttpOptions) {
  const limit = options.bodyLimitBytes ?? 512 * 1024;
  const lockout = options.lockout ?? new AuthLockout();

  function signedCaller(req: IncomingMessage, url: URL, body: Buffer, now: Date): string {
    const request = {
      method: req.method ?? 'POST',
      path: url.pathname,
      rawQuery: url.search.replace(/^\?/, ''),
      headers: req.headers,
      body,
      clientAddress: req.socket.remoteAddress,
    };
    const result = authenticate(request, options.secretFor, lockout, now, API_SERVICES);
    if (result.ok) return result.accountId;
    if (result.locked) {
      throw oscErrors.temporarilyLocked(
        `Authentication for this access key is locked for ${result.secondsLeft} seconds after repeated failures.`,
      );
    }
    throw oscErrors.authFailed(result.failure.details);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = randomUUID();
    let action = '';
    let accountId: string | null = null;
    let status = 200;
    try {
      if (req.method === 'OPTIONS') {
        status = 204;
        res.writeHead(204, corsHeaders(req));
        res.end();
        return;
      }
      const match = API_PATH.exec(url.pathname);
      if (!match) {
        req.resume();
        throw oscErrors.unknownAction('No such path: OUTSCALE API calls are POST /api/v1/{Action} (or /api/latest/{Action}).');
      }
      const decoded = safeDecode(match[1]!);
      if (decoded === null) {
        req.resume();
        throw oscErrors.unknownAction('The action in the path is not a valid URL escape.');
      }
      action = decoded;
      if (req.method !== 'POST') {
        req.resume();
        throw oscErrors.methodNotAllowed(`Use POST for OUTSCALE API calls, not ${printable(req.method ?? '', 20)}.`);
      }
      if (!isActionName(action)) {
        req.resume();
        throw oscErrors.unknownAction(
          action ? `The action '${printable(action)}' is not supported by this API.` : 'No action in the path.',
        );
      }
      const raw = await readBody(req, limit);
      const now = options.clock.now();
      if (!NO_AUTH_ACTIONS.has(action)) accountId = signedCaller(req, url, raw, now);
      if (options.faults && options.faults.throttleNext > 0 && accountId) {
        options.faults.throttleNext -= 1;
        throw oscErrors.throttledAccount('Too many requests for this account: slow down and retry (sandbox fault knob).');
      }
      const input = validateInput(actions[action].request, parseBody(raw));
      const stream = options.streams?.[action] as ((input: unknown, ctx: RequestContext) => StreamedAnswer | undefined) | undefined;
      const streamed = stream?.(input, { accountId, requestId, now });
      if (streamed) {
        const headers = { ...corsHeaders(req), 'content-type': 'application/json', 'x-request-id': requestId, 'cache-control': 'no-store' };
        await writeStreamed(res, 200, headers, streamed, { RequestId: requestId });
        return;
      }
      const handler = options.handlers[action] as (input: unknown, ctx: object) => object;
      const result = handler(input, { accountId, requestId, now });
      send(req, res, 200, requestId, { ...result, ResponseContext: { RequestId: requestId } });
    } catch (error) {
      const known = error instanceof OscError ? error : null;
      if (!known) console.error(`[sandbox] ${printable(action || url.pathname)} ${requestId} failed:`, error);
      const answer = known ?? oscErrors.internal('The sandbox failed to process the request.');
      status = answer.status;
      sendOscError(req, res, answer, requestId);
    } finally {
      options.onCall?.({ action, status, requestId, accountId });
    }
  };
}
