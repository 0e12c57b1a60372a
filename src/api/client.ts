/**
 * The typed OUTSCALE API client: signs each call with AWS SigV4 through aws4fetch (as OUTSCALE's own JS
 * SDK does), posts JSON to `{endpoint}/api/v1/{Action}`, parses the answer with the action's schema and
 * throws one OscApiError for anything else. The secret key lives only inside the signer.
 */
import * as z from 'zod/mini';
import { callKey, type EarlyAnswers } from './early-answers';
import { OscApiError } from './errors';
import type { ActionRequest } from './requests';
import { responseSchemas, type ActionName, type ActionResponse, type AllResponseSchemas } from './schemas';
import { apiRequest, apiSigner, type CallTarget } from './signer';

export { apiUrl } from './signer';

export interface OscClientOptions extends CallTarget {
  /** No answer within this time is a network error. Default 60 s. */
  timeoutMs?: number;
  /** Injected for tests and for environments without a global fetch. */
  fetch?: typeof fetch;
  /**
   * Answers to calls sent before the app's scripts ran (src/early-read.ts), taken instead of sending the same call
   * again; given only to the first read's client (src/first-read.ts).
   */
  early?: EarlyAnswers;
}

export type OscCall = <A extends ActionName>(
  action: A,
  request?: ActionRequest<A>,
  init?: { signal?: AbortSignal },
) => Promise<ActionResponse<A>>;

export interface OscClient {
  readonly endpoint: string;
  readonly region: string;
  /** Identifies the connection in cache keys; never the secret. */
  readonly identity: string;
  call: OscCall;
  /** Signs an OOS (S3) request with the same keys, service s3 (`query`: a pre-signed URL); absent when the server signs. */
  signOos?: (url: string, init: RequestInit, query?: boolean) => Promise<Request>;
}

/** `answer`, or the signal's reason once it aborts first (an early answer has no signal of its own). */
function untilAborted(answer: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

export function createOscClient(options: OscClientOptions): OscClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const signer = apiSigner(options);
  const timeoutMs = options.timeoutMs ?? 60_000;

  const call: OscCall = async (action, request, init) => {
    let response: Response;
    try {
      const body = JSON.stringify(request ?? {});
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      const early = options.early?.(callKey(options, action, body));
      response = await (early ? untilAborted(early, signal) : doFetch(await apiRequest(signer, options, action, body), { signal }));
    } catch (cause) {
      if (init?.signal?.aborted) throw cause;
      const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
      throw new OscApiError({
        kind: 'network',
        action,
        status: 0,
        errors: [
          {
            Code: '',
            Type: 'NetworkError',
            Details: timedOut
              ? `No answer from ${options.endpoint} within ${Math.round(timeoutMs / 1000)} s.`
              : `No answer from ${options.endpoint}: ${cause instanceof Error ? cause.message : String(cause)}`,
          },
        ],
      });
    }
    const text = await response.text();
    const headerRequestId = response.headers.get('x-request-id');
    if (!response.ok) throw OscApiError.fromResponse(action, response.status, text, headerRequestId, response.headers.get('retry-after'));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw OscApiError.fromResponse(action, response.status, text, headerRequestId);
    }
    // A late action's schema is there once its module is loaded (schemas.ts, AllResponseSchemas).
    const parsed = (responseSchemas as AllResponseSchemas)[action].safeParse(json);
    if (!parsed.success) {
      throw new OscApiError({
        kind: 'invalid-response',
        action,
        status: response.status,
        requestId: headerRequestId ?? undefined,
        errors: [{ Code: '', Type: 'InvalidResponse', Details: z.prettifyError(parsed.error) }],
      });
    }
    return parsed.data as ActionResponse<typeof action>;
  };

  return {
    endpoint: options.endpoint,
    region: options.region,
    identity: options.accessKey ?? options.endpoint,
    call,
    ...(signer && { signOos: (url: string, init: RequestInit, signQuery = false) => signer(url, { ...init, method: init.method ?? 'GET' }, { service: 's3', signQuery }) }),
  };
}
