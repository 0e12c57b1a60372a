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

  constructor(init: {
    kind: OscErrorKind;
    action: string;
    status: number;
    errors: OscErrorItem[];
    requestId?: string;
    message?: string;
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
  }

  /** Builds the error from an HTTP answer that was not a success (or not parsable as one). */
  static fromResponse(action: string, status: number, bodyText: string, headerRequestId?: string | null) {
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
      });
    }
    const snippet = bodyText.slice(0, 200).replace(/\s+/g, ' ').trim();
    return new OscApiError({
      kind: 'invalid-response',
      action,
      status,
      requestId: headerRequestId ?? undefined,
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

export function isOscApiError(error: unknown): error is OscApiError {
  return error instanceof OscApiError;
}
