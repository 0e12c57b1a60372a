/**
 * OUTSCALE's error catalogue as the sandbox answers it. Each entry is the (HTTP status, Code, Type) OUTSCALE
 * uses; where ../shared/outscale-api-notes.md marks a code as inferred [I], the choice made here is listed in
 * server/LIMITATIONS.md.
 */
import { toSafeText } from '../../src/api/schemas';

export class OscError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly type: string,
    readonly details: string,
    /** Sent as Retry-After with a throttling answer (429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(details);
  }
}

/** Details often quote the request: toSafeText keeps a quoted control character out of every answer. */
const make = (status: number, code: string, type: string) => (details: string) =>
  new OscError(status, code, type, toSafeText(details));
/** Throttling answers say when to come back (Retry-After), as clients that back off expect. */
const throttle = (code: string, defaultSeconds: number) => (details: string, retryAfterSeconds = defaultSeconds) =>
  new OscError(429, code, 'AccessDenied', toSafeText(details), Math.max(1, Math.ceil(retryAfterSeconds)));

export const oscErrors = {
  /** Bad access key, bad signature, stale date. */
  authFailed: make(401, '1', 'AccessDenied'),
  /** Signed requests only: the call needs credentials and none were sent. */
  notAuthorized: make(401, '5', 'AccessDenied'),
  methodNotAllowed: make(405, '2', 'AccessDenied'),
  /** Brute-force protection: the access key is locked for a while. */
  temporarilyLocked: make(401, '13', 'AccessDenied'),
  /** [I] the Host header does not name this server (DNS rebinding); OUTSCALE's code for unmet access rules. */
  hostNotAllowed: make(401, '14', 'AccessDenied'),
  throttledAccount: throttle('24', 1),
  /** Per volume or source: the model passes the seconds until its window frees a slot. */
  throttledCall: throttle('25', 60),
  /** [I] unknown parameter in the body. */
  invalidParameter: make(400, '3001', 'InvalidParameter'),
  /** [I] a parameter has the wrong JSON type. */
  invalidParameterType: make(400, '4108', 'InvalidParameterValue'),
  /** [I] a parameter's value is out of range or not allowed. */
  invalidParameterValue: make(400, '4047', 'InvalidParameterValue'),
  /** [I] required parameter absent. */
  missingParameter: make(400, '7000', 'MissingParameter'),
  /** [I] mutually exclusive parameters given together. */
  conflictingParameters: make(400, '3002', 'InvalidParameter'),
  /** [I] body is not JSON. */
  malformedJson: make(400, '4000', 'InvalidParameterValue'),
  /** [I] the body could not be read (the client went away or sent a broken chunked body). */
  unreadableBody: make(400, '4000', 'InvalidParameterValue'),
  /** [I] body larger than the limit. */
  bodyTooLarge: make(413, '4001', 'InvalidParameterValue'),
  /** [I] no such action. */
  unknownAction: make(404, '4002', 'InvalidAction'),
  malformedId: make(400, '4105', 'InvalidParameterValue'),
  wrongIdPrefix: make(400, '4104', 'InvalidParameterValue'),
  invalidNextPageToken: make(400, '4117', 'InvalidParameterValue'),
  invalidSnapshotSize: make(400, '4203', 'InvalidParameterValue'),
  /** [I] ClientToken reused with other parameters (EC2: IdempotentParameterMismatch). */
  idempotentMismatch: make(409, '9004', 'ResourceConflict'),
  snapshotNotFound: make(400, '5054', 'InvalidResource'),
  volumeNotFound: make(400, '5064', 'InvalidResource'),
  /** [I] the resource is not in a state that allows the call. */
  invalidState: make(409, '6003', 'InvalidState'),
  /** [I] the caller does not own the resource it tries to change. */
  notOwner: make(401, '4', 'AccessDenied'),
  tooManyTags: make(400, '10041', 'TooManyResources (QuotaExceded)'),
  internal: make(500, '0', 'DefaultError'),
} as const;
