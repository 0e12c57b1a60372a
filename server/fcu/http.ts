/**
 * The FCU endpoint: EC2's Query API (form-encoded POST, or GET with a query string) at `/fcu/`, for the AWS
 * CLI's `--endpoint-url`. Same signature check and lockout as the OUTSCALE API; answers in EC2 XML. A long
 * unpaged DescribeSnapshots is written in pieces (fcu/stream.ts): an error before its first byte is answered in
 * EC2 error XML, one after it cuts the connection.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, FCU_SERVICES, type AuthLockout } from '../osc/auth';
import type { Clock } from '../osc/clock';
import type { ActionHandlers } from '../osc/context';
import { OscError } from '../osc/errors';
import { readBody } from '../osc/http';
import { printable } from '../osc/printable';
import { createFcuActions, type Params } from './actions';
import { FcuError, fcuErrors, fromOscError } from './errors';
import { FcuStream, writeFcuStream } from './stream';
import { errorXml, responseXml } from './xml';

export const FCU_PATH = /^\/fcu\/?$/;
/** Everything under /fcu/ belongs to this face: a path it does not serve still gets EC2 XML. */
export function isFcuPath(pathname: string): boolean {
  return /^\/fcu(?:\/|$)/.test(pathname);
}
const PRESIGN = /^X-Amz-/;

export interface FcuHttpOptions {
  handlers: ActionHandlers;
  clock: Clock;
  secretFor: (accessKey: string) => { secretKey: string; accountId: string } | undefined;
  lockout: AuthLockout;
  /** Shared with the OUTSCALE face: the next N signed calls answer RequestLimitExceeded. */
  faults?: { throttleNext: number };
  /** Snapshots per batch of an unpaged DescribeSnapshots (see FcuActionOptions; tests use small batches). */
  streamBatch?: number | null;
  onCall?: (entry: { action: string; status: number; requestId: string; accountId: string | null }) => void;
}

function send(res: ServerResponse, status: number, xml: string, retryAfter?: number) {
  res.writeHead(status, {
    'content-type': 'text/xml;charset=UTF-8',
    'content-length': Buffer.byteLength(xml),
    'cache-control': 'no-store',
    ...(retryAfter ? { 'retry-after': String(retryAfter) } : {}),
  });
  res.end(xml);
}

/** Answers an FcuError in EC2's error XML (with Retry-After when it throttles). */
export function sendFcuError(res: ServerResponse, error: FcuError, requestId: string = randomUUID()) {
  if (res.headersSent) return;
  send(res, error.status, errorXml(error.code, error.message, requestId), error.retryAfterSeconds);
}

export function createFcuHttp(options: FcuHttpOptions) {
  const fcuActions = createFcuActions(options.handlers, options.streamBatch === undefined ? {} : { streamBatch: options.streamBatch });

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = randomUUID();
    let action = '';
    let accountId: string | null = null;
    let status = 200;
    try {
      if (!FCU_PATH.test(url.pathname)) {
        req.resume();
        throw fcuErrors.unknownPath('No such path: the FCU endpoint is /fcu/ (GET or POST with Action=…).');
      }
      if (req.method !== 'GET' && req.method !== 'POST') {
        req.resume();
        throw fcuErrors.invalid(`Use GET or POST, not ${printable(req.method ?? '', 20)}.`);
      }
      const raw = await readBody(req, 512 * 1024);
      const params: Params = new Map();
      for (const [name, value] of url.searchParams) if (!PRESIGN.test(name)) params.set(name, value);
      if (req.method === 'POST') for (const [name, value] of new URLSearchParams(raw.toString('utf8'))) params.set(name, value);
      action = params.get('Action') ?? '';
      const now = options.clock.now();
      const request = {
        method: req.method,
        path: url.pathname,
        rawQuery: url.search.replace(/^\?/, ''),
        headers: req.headers,
        body: raw,
        clientAddress: req.socket.remoteAddress,
      };
      const auth = authenticate(request, options.secretFor, options.lockout, now, FCU_SERVICES);
      if (!auth.ok && auth.locked) throw fcuErrors.auth('This access key is temporarily locked after repeated authentication failures.');
      if (!auth.ok) {
        throw auth.failure.reason === 'bad-signature' ? fcuErrors.signature(auth.failure.details) : fcuErrors.auth(auth.failure.details);
      }
      accountId = auth.accountId;
      if (options.faults && options.faults.throttleNext > 0) {
        options.faults.throttleNext -= 1;
        throw new FcuError(503, 'RequestLimitExceeded', 'Request limit exceeded (sandbox fault knob).', 1);
      }
      if (!action) throw fcuErrors.missing('Action');
      const run = Object.prototype.hasOwnProperty.call(fcuActions, action) ? fcuActions[action] : undefined;
      if (!run) throw fcuErrors.unknownAction(printable(action));
      const body = run(params, { accountId, requestId, now });
      if (body instanceof FcuStream) await writeFcuStream(res, action, requestId, body);
      else send(res, 200, responseXml(action, requestId, body));
    } catch (error) {
      const known = error instanceof FcuError ? error : error instanceof OscError ? fromOscError(error) : null;
      if (!known) console.error(`[sandbox] FCU ${printable(action || '-')} ${requestId} failed:`, error);
      const answer = known ?? new FcuError(500, 'InternalError', 'The sandbox failed to process the request.');
      status = answer.status;
      sendFcuError(res, answer, requestId);
    } finally {
      options.onCall?.({ action: `FCU ${action || '-'}`, status, requestId, accountId });
    }
  };
}
