/**
 * The typed OUTSCALE API client: signs each call with AWS SigV4 through aws4fetch (as OUTSCALE's own JS
 * SDK does), posts JSON to `{endpoint}/api/v1/{Action}`, parses the answer with the action's schema and
 * throws one OscApiError for anything else. The secret key lives only inside the signer.
 */
import { AwsClient } from 'aws4fetch';
import * as z from 'zod/mini';
import { OscApiError } from './errors';
import type { ActionRequest } from './requests';
import { responseSchemas, type ActionName, type ActionResponse, type AllResponseSchemas } from './schemas';

export interface OscClientOptions {
  /** Base URL, e.g. `https://api.eu-west-2.outscale.com` or the sandbox's origin. */
  endpoint: string;
  region: string;
  /** Without keys the calls go unsigned: the server in front signs them (osc-cli profiles). */
  accessKey?: string;
  secretKey?: string;
  /** Signed for `endpoint`, but sent to this base URL (the server's pass-through when CORS blocks). */
  via?: string;
  /** No answer within this time is a network error. Default 60 s. */
  timeoutMs?: number;
  /** Injected for tests and for environments without a global fetch. */
  fetch?: typeof fetch;
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

export function apiUrl(endpoint: string, action: string): string {
  return `${endpoint.replace(/\/+$/, '')}/api/v1/${action}`;
}

export function createOscClient(options: OscClientOptions): OscClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const signer =
    options.accessKey && options.secretKey
      ? new AwsClient({
          accessKeyId: options.accessKey,
          secretAccessKey: options.secretKey,
          service: 'api',
          region: options.region,
          retries: 0,
        })
      : null;
  const timeoutMs = options.timeoutMs ?? 60_000;

  const call: OscCall = async (action, request, init) => {
    const url = apiUrl(options.endpoint, action);
    let signed: Request;
    let response: Response;
    try {
      const plain = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request ?? {}) };
      signed = signer ? await signer.sign(url, plain) : new Request(url, plain);
      if (options.via) {
        // Signed for the real endpoint (host and path), sent to the server that forwards it.
        signed = new Request(apiUrl(options.via, action), { method: 'POST', headers: signed.headers, body: await signed.text() });
      }
      const timeout = AbortSignal.timeout(timeoutMs);
      response = await doFetch(signed, { signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
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
    ...(signer && { signOos: (url: string, init: RequestInit, signQuery = false) => signer.sign(url, { ...init, aws: { service: 's3', signQuery } }) }),
  };
}
