/**
 * OUTSCALE API errors as FCU (EC2) names them.
 *
 * LIMITATIONS: the EC2 codes and statuses follow EC2's documentation; FCU's own choices are only partly
 * observed (notes §5).
 */
import { ERROR_CATALOGUE, type ErrorName } from '../../src/api/error-catalogue';
import type { OscError } from '../osc/errors';

export class FcuError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Sent as Retry-After (RequestLimitExceeded). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The EC2 name of each catalogue error the FCU face can meet (keyed by the catalogue's names, not its codes). */
const EC2_NAMES: Partial<Record<ErrorName, [number, string]>> = {
  authFailed: [401, 'AuthFailure'],
  temporarilyLocked: [401, 'AuthFailure'],
  hostNotAllowed: [401, 'AuthFailure'],
  notOwner: [403, 'UnauthorizedOperation'],
  throttledAccount: [503, 'RequestLimitExceeded'],
  throttledCall: [503, 'RequestLimitExceeded'],
  snapshotNotFound: [400, 'InvalidSnapshot.NotFound'],
  volumeNotFound: [400, 'InvalidVolume.NotFound'],
  wrongIdPrefix: [400, 'InvalidSnapshotID.Malformed'],
  malformedId: [400, 'InvalidSnapshotID.Malformed'],
  missingParameter: [400, 'MissingParameter'],
  invalidState: [400, 'IncorrectState'],
  idempotentMismatch: [400, 'IdempotentParameterMismatch'],
  tooManyTags: [400, 'TagLimitExceeded'],
  snapshotInUse: [400, 'InvalidSnapshot.InUse'],
  accountNotInRegion: [400, 'InvalidParameterValue'],
  invalidNextPageToken: [400, 'InvalidParameterValue'],
};
const BY_OSC_CODE = new Map<string, [number, string]>(
  (Object.entries(EC2_NAMES) as [ErrorName, [number, string]][]).map(([name, ec2]) => [ERROR_CATALOGUE[name].code, ec2] as const),
);

export function fromOscError(error: OscError): FcuError {
  const [status, code] = BY_OSC_CODE.get(error.code) ?? (error.status >= 500 ? [500, 'InternalError'] : [400, 'InvalidParameterValue']);
  return new FcuError(status, code, error.details, error.retryAfterSeconds);
}

export const fcuErrors = {
  missing: (name: string) => new FcuError(400, 'MissingParameter', `The request must contain the parameter ${name}.`),
  invalid: (message: string) => new FcuError(400, 'InvalidParameterValue', message),
  unknownPath: (message: string) => new FcuError(400, 'InvalidAction', message),
  unknownAction: (action: string) => new FcuError(400, 'InvalidAction', `The action ${action} is not valid for this web service.`),
  dryRun: () => new FcuError(412, 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.'),
  signature: (message: string) => new FcuError(403, 'SignatureDoesNotMatch', message),
  auth: (message: string) => new FcuError(401, 'AuthFailure', message),
};
