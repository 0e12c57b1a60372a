/**
 * The FCU face: EC2's Query API (form-encoded POST, or GET with a query string) at `/fcu/`, for the AWS CLI's
 * `--endpoint-url`, as the request pipeline (server/pipeline.ts) needs it: the parameters from the query and the
 * body, the action among them, the answer from the FCU responses (fcu/responses.ts) in EC2 XML, errors in EC2's
 * error XML (a backend's OscError is translated, fcu/errors.ts). A long unpaged DescribeSnapshots is written in
 * pieces (fcu/stream.ts): an error before its first byte is answered in EC2 error XML, one after it cuts the
 * connection.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Backends } from '../backends';
import { createPipeline, type Face, type PipelineOptions } from '../pipeline';
import { routeOf } from '../routes';
import { FCU_SERVICES } from '../osc/auth';
import { OscError } from '../osc/errors';
import { printable } from '../osc/printable';
import { createFcuActions, type FcuActionOptions, type Params } from './responses';
import { FcuError, fcuErrors, fromOscError } from './errors';
import { FcuStream, writeFcuStream } from './stream';
import { errorXml, responseXml } from './xml';

const PRESIGN = /^X-Amz-/;

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

/** What the face says for a path under /fcu/ other than /fcu/, or a method other than GET and POST. */
export function fcuMiss(req: IncomingMessage, allowed: readonly string[] | undefined): FcuError {
  return allowed
    ? fcuErrors.invalid(`Use GET or POST, not ${printable(req.method ?? '', 20)}.`)
    : fcuErrors.unknownPath('No such path: the FCU endpoint is /fcu/ (GET or POST with Action=…).');
}

interface FcuCall {
  action: string;
  params: Params;
}

export function createFcuFace(backends: Backends, options: FcuActionOptions = {}): Face<FcuCall, FcuError> {
  const fcuActions = createFcuActions(backends, options);
  return {
    services: FCU_SERVICES,
    bodyLimit: 512 * 1024,
    logName: (action) => `FCU ${action || '-'}`,
    action: () => '',
    accept: () => undefined,
    read(_action, req, url, body) {
      const params: Params = new Map();
      for (const [name, value] of url.searchParams) if (!PRESIGN.test(name)) params.set(name, value);
      if (req.method === 'POST') for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.set(name, value);
      return { action: params.get('Action') ?? '', params };
    },
    signed: () => true,
    async answer({ action, params }, ctx, _req, res) {
      if (!action) throw fcuErrors.missing('Action');
      const run = Object.prototype.hasOwnProperty.call(fcuActions, action) ? fcuActions[action] : undefined;
      if (!run) throw fcuErrors.unknownAction(printable(action));
      const body = run(params, ctx);
      if (body instanceof FcuStream) await writeFcuStream(res, action, ctx.requestId, body);
      else send(res, 200, responseXml(action, ctx.requestId, body));
    },
    refused: (auth) =>
      auth.locked
        ? fcuErrors.auth('This access key is temporarily locked after repeated authentication failures.')
        : auth.failure.reason === 'bad-signature'
          ? fcuErrors.signature(auth.failure.details)
          : fcuErrors.auth(auth.failure.details),
    throttled: () => new FcuError(503, 'RequestLimitExceeded', 'Request limit exceeded (sandbox fault knob).', 1),
    known: (error) => (error instanceof FcuError ? error : error instanceof OscError ? fromOscError(error) : undefined),
    internal: () => new FcuError(500, 'InternalError', 'The sandbox failed to process the request.'),
    statusOf: (error) => error.status,
    sendError: (_req, res, error, requestId) => sendFcuError(res, error, requestId),
  };
}

export type FcuHttpOptions = FcuActionOptions & PipelineOptions & { backends: Backends };

/** The FCU face alone, routed as in server/routes.ts (for tests that give it their own backends). */
export function createFcuHttp(options: FcuHttpOptions) {
  const face = createFcuFace(options.backends, options);
  const pipeline = createPipeline(options);
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const routed = routeOf(req.method ?? '', url.pathname);
    if (routed.serve === 'fcu') await pipeline.serve(face, req, res, url, routed.match);
    else pipeline.refuse(face, req, res, fcuMiss(req, routed.allowed));
  };
}
