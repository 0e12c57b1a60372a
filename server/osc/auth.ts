/**
 * The whole signature check both API faces run (the request pipeline, server/pipeline.ts): the signature
 * (verify.ts), then the lockout of the caller's source (lockout.ts).
 */
import { AuthLockout, LOCK_STEP_MS, lockoutSource } from './lockout';
import { verifySignature, type AuthFailure, type SignedRequest } from './verify';

export { API_SERVICES, FCU_SERVICES, type SignedRequest } from './verify';
export { AuthLockout };

export type Authentication =
  | { ok: true; accessKey: string; accountId: string }
  | { ok: false; locked: true; secondsLeft: number }
  | { ok: false; locked: false; failure: AuthFailure };

/**
 * The whole check both API faces run: the signature, then the lockout of the caller's source (a locked
 * source is refused even with a good signature, so a lock is no oracle for guesses), recording failures and
 * successes.
 */
export function authenticate(
  req: SignedRequest,
  accountFor: (accessKey: string) => { secretKey: string; accountId: string } | undefined,
  lockout: AuthLockout,
  now: Date,
  services?: readonly string[],
): Authentication {
  let account = undefined as { secretKey: string; accountId: string } | undefined;
  const result = verifySignature(req, (accessKey) => (account = accountFor(accessKey))?.secretKey, now, services);
  const source = result.accessKey && account ? lockoutSource(result.accessKey, req) : undefined;
  if (source) {
    const lock = lockout.isLocked(source, now);
    if (lock.locked) return { ok: false, locked: true, secondsLeft: lock.secondsLeft };
  }
  if (!result.ok) {
    if (source && result.reason === 'bad-signature' && !lockout.recordFailure(source, now)) {
      return { ok: false, locked: true, secondsLeft: LOCK_STEP_MS / 1000 };
    }
    return { ok: false, locked: false, failure: result };
  }
  if (source) lockout.recordSuccess(source);
  if (!account) return { ok: false, locked: false, failure: { ok: false, reason: 'unknown-key', details: 'The access key is unknown.' } };
  return { ok: true, accessKey: result.accessKey, accountId: account.accountId };
}
