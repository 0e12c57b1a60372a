/**
 * The one request pipeline of the two API faces, the OUTSCALE JSON face (oapi/http.ts) and the FCU XML face
 * (fcu/http.ts): a RequestId, the body limit, the signature and the lockout, the fault knob, the face's answer, its
 * error format, and one log line per call. At a Region's endpoint (`serve`'s `region`), the signature's scope must
 * name that Region and the key's account must live there; the Region-less endpoints stand for the key's account's
 * Region, as before (server/LIMITATIONS.md). A face says only what differs (`Face`): how it reads the action and the
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
  /** The Region an account lives in, for calls at a Region's endpoint (undefined: unknown account). */
  regionOf?: (accountId: string) => string | undefined;
  /** Demo and test knob, shared by both faces: the next N signed calls answer the face's throttling error. */
  faults?: { throttleNext: number };
  /** Called with each finished call, for the access log; never given secrets. */
  onCall?: (entry: CallLog) => void;
}

export interface Pipeline {
  /**
   * Serves a request on a face's route: `match` is the route's path match; `region`, the Region whose endpoint the
   * request reached (`/{region}/api/v1/…`, `/{region}/fcu/`), none at the Region-less endpoints.
   */
  serve<C extends { action: string }, F>(
    face: Face<C, F>,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    match: RegExpExecArray,
    region?: string,
  ): Promise<void>;
  /** Answers a request that no route of the face serves (an unknown path, a wrong method) with the face's error, logged. */
  refuse<C extends { action: string }, F>(face: Face<C, F>, req: IncomingMessage, res: ServerResponse, error: F): void;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { clock, secretFor, lockout, faults, onCall, regionOf } = options;

  function signedCaller<F>(face: Face<{ action: string }, F>, req: IncomingMessage, url: URL, body: Buffer, now: Date, region?: string): string {
    const signed = {
      method: req.method ?? 'POST',
      path: url.pathname,
      rawQuery: url.search.slice(1),
      headers: req.headers,
      body,
      clientAddress: req.socket.remoteAddress,
      ...(region === undefined ? {} : { endpointRegion: region }),
    };
    const auth = authenticate(signed, secretFor, lockout, now, face.services);
    if (!auth.ok) throw face.refused(auth);
    // On OUTSCALE each Region has its own accounts: another Region's key is unknown at this endpoint. Said once the
    // signature holds (only the key's owner learns where the account lives); code 1, as for an unknown key.
    const home = region === undefined ? undefined : regionOf?.(auth.accountId);
    if (region !== undefined && home !== region) {
      const details = `The access key ${auth.accessKey} belongs to an account of ${home ?? 'another Region'}, not of ${region}: at the ${region} endpoint, sign with the keys of your account in ${region}.`;
      throw face.refused({ ok: false, locked: false, failure: { ok: false, reason: 'wrong-region', accessKey: auth.accessKey, details } });
    }
    return auth.accountId;
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
    async serve(face, req, res, url, match, region) {
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
        if (face.signed(call)) accountId = signedCaller(face, req, url, body, now, region);
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
