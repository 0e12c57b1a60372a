/**
 * OUTSCALE API errors as FCU (EC2) names them.
 *
 * LIMITATIONS: the EC2 codes and statuses follow EC2's documentation; FCU's own choices are only partly
 * observed (notes §5).
 */
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

const BY_OSC_CODE: Record<string, [number, string]> = {
  '1': [401, 'AuthFailure'],
  '13': [401, 'AuthFailure'],
  '14': [401, 'AuthFailure'],
  '4': [403, 'UnauthorizedOperation'],
  '24': [503, 'RequestLimitExceeded'],
  '25': [503, 'RequestLimitExceeded'],
  '5054': [400, 'InvalidSnapshot.NotFound'],
  '5064': [400, 'InvalidVolume.NotFound'],
  '4104': [400, 'InvalidSnapshotID.Malformed'],
  '4105': [400, 'InvalidSnapshotID.Malformed'],
  '7000': [400, 'MissingParameter'],
  '6003': [400, 'IncorrectState'],
  '9004': [400, 'IdempotentParameterMismatch'],
  '10041': [400, 'TagLimitExceeded'],
  '4117': [400, 'InvalidParameterValue'],
};

export function fromOscError(error: OscError): FcuError {
  const [status, code] = BY_OSC_CODE[error.code] ?? (error.status >= 500 ? [500, 'InternalError'] : [400, 'InvalidParameterValue']);
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
