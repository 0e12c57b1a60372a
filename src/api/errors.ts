/**
 * One error type for every failed OUTSCALE call: a non-2xx answer, an answer that does not parse, or a
 * request that never got an answer. It carries what OUTSCALE says (Code, Type, Details, RequestId) and
 * never the caller's secret key.
 */
import { errorResponseSchema, type OscErrorItem } from './schemas';

export type OscErrorKind = 'api' | 'network' | 'invalid-response';

export class OscApiError extends Error {
  override readonly name = 'OscApiError';
  readonly kind: OscErrorKind;
  readonly action: string;
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly details: string;
  readonly requestId: string | undefined;
  readonly errors: OscErrorItem[];
  /** Seconds the server asked to wait before retrying (its Retry-After header, on 429 and 503); else undefined. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    kind: OscErrorKind;
    action: string;
    status: number;
    errors: OscErrorItem[];
    requestId?: string;
    message?: string;
    retryAfterSeconds?: number;
  }) {
    const first = init.errors[0] ?? { Code: '', Type: '', Details: '' };
    super(
      init.message ??
        `${init.action} failed (HTTP ${init.status}${first.Code ? `, ${first.Type} ${first.Code}` : ''})` +
          (first.Details ? `: ${first.Details}` : ''),
    );
    this.kind = init.kind;
    this.action = init.action;
    this.status = init.status;
    this.errors = init.errors;
    this.code = first.Code;
    this.type = first.Type;
    this.details = first.Details;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** Builds the error from an HTTP answer that was not a success (or not parsable as one). */
  static fromResponse(action: string, status: number, bodyText: string, headerRequestId?: string | null, retryAfter?: string | null) {
    const retryAfterSeconds = parseRetryAfter(retryAfter);
    let json: unknown;
    try {
      json = JSON.parse(bodyText);
    } catch {
      json = undefined;
    }
    const parsed = errorResponseSchema.safeParse(json);
    if (parsed.success && parsed.data.Errors.length > 0) {
      return new OscApiError({
        kind: 'api',
        action,
        status,
        errors: parsed.data.Errors,
        requestId: parsed.data.ResponseContext?.RequestId ?? headerRequestId ?? undefined,
        retryAfterSeconds,
      });
    }
    const snippet = bodyText.slice(0, 200).replace(/\s+/g, ' ').trim();
    return new OscApiError({
      kind: 'invalid-response',
      action,
      status,
      requestId: headerRequestId ?? undefined,
      retryAfterSeconds,
      errors: [
        {
          Code: '',
          Type: 'InvalidResponse',
          Details: snippet ? `Unexpected answer: ${snippet}` : 'The answer was empty.',
        },
      ],
    });
  }
}

/**
 * A Retry-After header in seconds: a whole number of seconds, or an HTTP date (counted from `now`). Undefined when
 * absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP date names its day and month ('Thu, 26 Nov 2026 10:00:30 GMT'); '-5' is not one.
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export function isOscApiError(error: unknown): error is OscApiError {
  return error instanceof OscApiError;
}
