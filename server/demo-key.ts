/**
 * The secret from which a server started by `npm start` derives the demo accounts' secret keys, so
 * that the published demo constants in seed.ts are never a credential against it: the sandbox answers CORS to
 * any Origin (the static build and OUTSCALE's API sign in the browser), so with the published keys any web
 * page the developer visits could sign calls and change or delete their sandbox data.
 *
 * It is kept in `<data>/demo-key` (32 random bytes in hex, mode 0600), so the keys stay the same across
 * restarts on the same data, and `--reset` removes it with the data file. `--memory` uses a fresh one per
 * process. The only way to learn the derived keys is `GET /sandbox/accounts`, which is same-origin only.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoAccount } from '../src/api/sandbox';
import type { Store } from './model/store';

export const DEMO_KEY_FILE = 'demo-key';
const FORMAT = /^[0-9a-f]{64}$/;

export function newDemoKeySecret(): string {
  return randomBytes(32).toString('hex');
}

export class DemoKeyError extends Error {}

/**
 * Reads `<dir>/demo-key`, creating it first if it is missing. Creation is atomic: the secret is written to a
 * private temporary file, then hard-linked to its name, which fails if another process made it first (then
 * that one is read). Never returns a secret from a partly written file.
 */
export function loadDemoKeySecret(dir: string): string {
  const path = join(dir, DEMO_KEY_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new DemoKeyError(`cannot read ${path} (${(error as Error).message})`);
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      writeFileSync(temporary, `${newDemoKeySecret()}\n`, { mode: 0o600, flag: 'wx' });
      try {
        linkSync(temporary, path);
      } catch (linkError) {
        if ((linkError as NodeJS.ErrnoException).code !== 'EEXIST') throw linkError;
      }
    } catch (writeError) {
      throw new DemoKeyError(`cannot create ${path} (${(writeError as Error).message})`);
    } finally {
      rmSync(temporary, { force: true });
    }
    text = readFileSync(path, 'utf8');
  }
  const secret = text.trim();
  if (!FORMAT.test(secret)) {
    throw new DemoKeyError(`${path} does not hold a demo key (64 hex digits). Delete it to get a new one (the demo secret keys change), or start with --reset.`);
  }
  // Only its owner may read it: the keys derived from it are the sandbox's credentials.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return secret;
}

/** `--reset`: the next start makes a new demo key, so every demo secret key changes. */
export function removeDemoKeySecret(dir: string): void {
  rmSync(join(dir, DEMO_KEY_FILE), { force: true });
}

/**
 * The demo accounts' secret keys, derived from a server secret (the access token, or the demo key above) instead of
 * the published demo constants: the sandbox answers CORS to any Origin, so with published keys any web page
 * could sign calls to it. A signature is then a real credential, which only GET /sandbox/accounts
 * (same-origin, and behind the token if there is one) reveals.
 */
function derivedSecret(secret: string, accessKey: string): string {
  return createHmac('sha256', secret).update(`sandbox secret key for ${accessKey}`).digest('hex').slice(0, 40).toUpperCase();
}

/** The credentials the signature check uses and the list GET /sandbox/accounts gives, with derived secret keys when `keySecret` is set. */
export function demoCredentials(store: Store, keySecret: string | undefined) {
  // One HMAC per access key, not per request; only keys of existing accounts get in, so it stays small.
  const derived = new Map<string, string>();
  const secretOf = (accessKey: string, secret: string) => {
    let key = derived.get(accessKey);
    if (key === undefined) derived.set(accessKey, (key = derivedSecret(secret, accessKey)));
    return key;
  };
  return {
    accountFor(accessKey: string): { secretKey: string; accountId: string } | undefined {
      const account = store.secretFor(accessKey);
      return account && keySecret !== undefined ? { ...account, secretKey: secretOf(accessKey, keySecret) } : account;
    },
    /**
     * Each account with its organisation (the company it belongs to: the demo operator has one account per Region,
     * and the console connects them together).
     */
    listAccounts(): DemoAccount[] {
      return store.listAccounts().map((account) => {
        const organisation = store.account(account.AccountId)?.company;
        return {
          ...account,
          ...(organisation ? { Organisation: organisation } : {}),
          ...(keySecret !== undefined ? { SecretKey: secretOf(account.AccessKey, keySecret) } : {}),
        };
      });
    },
  };
}
