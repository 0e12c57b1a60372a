/** OUTSCALE's error envelope: `{Errors:[{Code,Type,Details}],ResponseContext:{RequestId}}`. */
import type { OscError } from './errors';

export function errorBody(error: OscError, requestId: string) {
  return {
    Errors: [{ Code: error.code, Type: error.type, Details: error.details }],
    ResponseContext: { RequestId: requestId },
  };
}
