import { errorEntry } from '../../api/error-catalogue';
import type { OscApiError } from '../../api/errors';

/**
 * OUTSCALE's error, in plain words for an operator: the words come from the error catalogue
 * (src/api/error-catalogue.ts), the same entries the sandbox answers from. The raw Code, Type and Details are shown
 * next to it.
 */
export function explainError(error: OscApiError): string {
  if (error.kind === 'network') {
    return 'The OUTSCALE API could not be reached. Check the endpoint and your network, then retry.';
  }
  if (error.kind === 'invalid-response') {
    return 'The API answered something this dashboard does not understand (a proxy or an outage?).';
  }
  const known = errorEntry(error.code);
  if (known) return known.explain;
  if (error.status === 409) return 'The resource is not in a state that allows this.';
  if (error.status === 429 || error.status === 503) return 'The API is busy. Wait a little and retry.';
  if (error.status >= 500) return 'OUTSCALE had an internal error. Retry in a moment.';
  return 'OUTSCALE refused the request.';
}
