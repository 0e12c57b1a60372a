import type { OscApiError } from '../../api/errors';

/** OUTSCALE's error, in plain words for an operator. The raw Code, Type and Details are shown next to it. */
export function explainError(error: OscApiError): string {
  if (error.kind === 'network') {
    return 'The OUTSCALE API could not be reached. Check the endpoint and your network, then retry.';
  }
  if (error.kind === 'invalid-response') {
    return 'The API answered something this dashboard does not understand (a proxy or an outage?).';
  }
  switch (error.code) {
    case '1':
      return 'The access key or secret key was rejected, or your clock is more than 5 minutes off.';
    case '13':
    case '11':
      return 'This access key is locked for this client after repeated failed signatures. Wait and retry with the right keys.';
    case '14':
      return 'The server refused the address you reached it by (protection against DNS rebinding). Open it by its own address, or start it with --allowed-host NAME.';
    case '4':
    case '5':
    case '7':
      return 'Your account is not allowed to do this (the resource may belong to another account).';
    case '24':
    case '25':
      return 'OUTSCALE is throttling these requests. Wait a little and retry.';
    case '4104':
    case '4105':
      return 'The ID is not well formed: a snapshot ID looks like snap-1a2b3c4d.';
    case '5054':
      return 'No such snapshot, or it belongs to another account that has not shared it with you.';
    case '5064':
      return 'No such volume in your account.';
    case '9004':
      return 'This dialog already made a copy with other settings (same ClientToken). Open a new copy dialog to make another.';
    case '4117':
      return 'The list changed while it was being read page by page. Refresh to read it again.';
  }
  if (error.status === 409) return 'The resource is not in a state that allows this.';
  if (error.status === 429 || error.status === 503) return 'The API is busy. Wait a little and retry.';
  if (error.status >= 500) return 'OUTSCALE had an internal error. Retry in a moment.';
  return 'OUTSCALE refused the request.';
}
