/**
 * The one request pipeline of the two API faces, the OUTSCALE JSON face (oapi/http.ts) and the FCU XML face
 * (fcu/http.ts): a RequestId, the body limit, the signature and the lockout, the fault knob, the face's answer, its
 * error format, and one log line per call. A face says only what differs (`Face`): how it reads the action and the
 * call, which calls need a signature, how it answers, how it says an error. The Host check and the route come
 * before, in app.ts and routes.ts.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, type Authentication, type AuthLockout } from './osc/auth';
import type { Clock } from './osc/clock';
import type { RequestContext } from './osc/context';
import { readBody } from './osc/body';
import { printable } from './osc/printable';

export type AuthRefusal = Exclude<Authentication, { ok: true }>;

export interface Face<Call extends { action: string }, Failure> {
  /** The credential-scope services a signature may name on this face (osc/auth.ts). */
  readonly services: readonly string[];
  readonly bodyLimit: number;
  /** The action as the log line names it. */
  logName(action: string): string;
  /** The action from the route's match ('' when it is in the body), before the body is read. */
  action(match: RegExpExecArray): string;
  /** Throws the face's error for an action it does not serve, before the body is read. */
  accept(action: string): void;
  /** The call, from the request and its body (the action from the head, or from the body on FCU). */
  read(action: string, req: IncomingMessage, url: URL, body: Buffer): Call;
  /** Whether the call needs a signature (OUTSCALE answers ReadRegions without one). */
  signed(call: Call): boolean;
  /** Runs the call and writes its answer (200). */
  answer(call: Call, ctx: RequestContext, req: IncomingMessage, res: ServerResponse): void | Promise<void>;
  /** The face's error for a refused signature. */
  refused(auth: AuthRefusal): Failure;
  /** The face's error for the fault knob (sandbox/faults). */
  throttled(): Failure;
  /** What the face says for a thrown error: its own, or a backend's OscError; undefined for a bug. */
  known(error: unknown): Failure | undefined;
  internal(): Failure;
  statusOf(error: Failure): number;
  sendError(req: IncomingMessage, res: ServerResponse, error: Failure, requestId: string): void;
}

export interface CallLog {
  action: string;
  status: number;
  requestId: string;
  accountId: string | null;
}

export interface PipelineOptions {
  clock: Clock;
  secretFor: (accessKey: string) => { secretKey: string; accountId: string } | undefined;
  lockout: AuthLockout;
  /** Demo and test knob, shared by both faces: the next N signed calls answer the face's throttling error. */
  faults?: { throttleNext: number };
  /** Called with each finished call, for the access log; never given secrets. */
  onCall?: (entry: CallLog) => void;
}

export interface Pipeline {
  /** Serves a request on a face's route: `match` is the route's path match. */
  serve<C extends { action: string }, F>(face: Face<C, F>, req: IncomingMessage, res: ServerResponse, url: URL, match: RegExpExecArray): Promise<void>;
  /** Answers a request that no route of the face serves (an unknown path, a wrong method) with the face's error, logged. */
  refuse<C extends { action: string }, F>(face: Face<C, F>, req: IncomingMessage, res: ServerResponse, error: F): void;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { clock, secretFor, lockout, faults, onCall } = options;

  function signedCaller<F>(face: Face<{ action: string }, F>, req: IncomingMessage, url: URL, body: Buffer, now: Date): string {
    const signed = {
      method: req.method ?? 'POST',
      path: url.pathname,
      rawQuery: url.search.slice(1),
      headers: req.headers,
      body,
      clientAddress: req.socket.remoteAddress,
    };
    const auth = authenticate(signed, secretFor, lockout, now, face.services);
    if (auth.ok) return auth.accountId;
    throw face.refused(auth);
  }

  function fail<F>(face: Face<{ action: string }, F>, req: IncomingMessage, res: ServerResponse, error: unknown, action: string, requestId: string): number {
    req.resume();
    const known = face.known(error);
    if (known === undefined) console.error(`[sandbox] ${face.logName(printable(action || '-'))} ${requestId} failed:`, error);
    const answer = known ?? face.internal();
    if (!res.headersSent) face.sendError(req, res, answer, requestId);
    return face.statusOf(answer);
  }

  return {
    async serve(face, req, res, url, match) {
      const requestId = randomUUID();
      let action = '';
      let accountId: string | null = null;
      let status = 200;
      try {
        action = face.action(match);
        face.accept(action);
        const body = await readBody(req, face.bodyLimit);
        const call = face.read(action, req, url, body);
        action = call.action;
        const now = clock.now();
        if (face.signed(call)) accountId = signedCaller(face, req, url, body, now);
        if (accountId !== null && faults !== undefined && faults.throttleNext > 0) {
          faults.throttleNext -= 1;
          throw face.throttled();
        }
        await face.answer(call, { accountId, requestId, now }, req, res);
      } catch (error) {
        status = fail(face, req, res, error, action, requestId);
      } finally {
        onCall?.({ action: face.logName(action), status, requestId, accountId });
      }
    },

    refuse(face, req, res, error) {
      const requestId = randomUUID();
      const status = fail(face, req, res, error, '', requestId);
      onCall?.({ action: face.logName(''), status, requestId, accountId: null });
    },
  };
}
