/**
 * The sandbox's errors, made from OUTSCALE's error catalogue (src/api/error-catalogue.ts: the one place where each
 * (HTTP status, Code, Type) is written; the UI explains codes from the same entries).
 */
import { ERROR_CATALOGUE, type ErrorName } from '../../src/api/error-catalogue';
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

type Make = (details: string) => OscError;
type Throttle = (details: string, retryAfterSeconds?: number) => OscError;

/** Details often quote the request: toSafeText keeps a quoted control character out of every answer. */
const make = (name: ErrorName): Make => {
  const { status, code, type } = ERROR_CATALOGUE[name];
  return (details) => new OscError(status, code, type, toSafeText(details));
};
/** Throttling answers say when to come back (Retry-After), as clients that back off expect. */
const throttle = (name: ErrorName, defaultSeconds: number): Throttle => {
  const { status, code, type } = ERROR_CATALOGUE[name];
  return (details, retryAfterSeconds = defaultSeconds) =>
    new OscError(status, code, type, toSafeText(details), Math.max(1, Math.ceil(retryAfterSeconds)));
};

type SandboxError = Exclude<ErrorName, 'userNotAllowed' | 'permanentlyLocked' | 'throttledAccount' | 'throttledCall'>;

const plain = Object.fromEntries(
  (Object.keys(ERROR_CATALOGUE) as ErrorName[])
    .filter((name) => !('cloudOnly' in ERROR_CATALOGUE[name]))
    .map((name) => [name, make(name)]),
) as Record<SandboxError, Make>;

export const oscErrors = {
  ...plain,
  throttledAccount: throttle('throttledAccount', 1),
  /** Per volume or source: the model passes the seconds until its window frees a slot. */
  throttledCall: throttle('throttledCall', 60),
  /** [I] the body could not be read (the client went away or sent a broken chunked body): answered as malformed. */
  unreadableBody: make('malformedJson'),
};
