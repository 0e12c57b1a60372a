/**
 * What the tab is connected to, as the tab remembers it (sessionStorage: a demo account or a profile name, keys
 * only with "keep for this tab", never localStorage), and which demo account or server profile a choice picks.
 * No React, no zod, no client here: src/early-read.ts runs it before the app's scripts; connection.ts builds the
 * connection from the same choice.
 */
import type { OscClientOptions } from '../api/client';
import type { ConsoleProfile, DemoAccount } from '../api/sandbox';

/**
 * Another Region beside the first, as kept for the tab: its client's options (that Region's keys, or the endpoint of a
 * profile the server signs for, with no key) and its account.
 */
export interface ExtraRegion {
  credentials: Pick<OscClientOptions, 'endpoint' | 'region' | 'accessKey' | 'secretKey' | 'via'>;
  accountId: string;
  label?: string;
}

export interface Credentials {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  /** The server's pass-through base URL, when the browser cannot call the endpoint directly. */
  via?: string;
}

/** Where a profile of the server is called: the server signs, the browser holds no key. */
export const profileEndpoint = (origin: string, name: string) => `${origin}/profiles/${encodeURIComponent(name)}`;

/** How a server's profile is called (its endpoint on the server, its Region; no key) and whose account it is. */
export const profileTarget = (origin: string, profile: ConsoleProfile) => ({
  credentials: { endpoint: profileEndpoint(origin, profile.Name), region: profile.Region },
  accountId: profile.AccountId ?? 'unknown',
});

/** A demo account's keys, called at the sandbox's own origin. */
export const demoCredentials = (origin: string, account: DemoAccount): Credentials => ({
  endpoint: origin,
  region: account.Region,
  accessKey: account.AccessKey,
  secretKey: account.SecretKey,
});

const TAB_KEY = 'snapshot-console.connection';

type Saved = Credentials & { accountId: string; extra?: ExtraRegion[] };

/**
 * Only when the user ticked "keep for this tab": sessionStorage dies with the tab; never localStorage. The other
 * Regions' keys go with the first Region's, under the same rule.
 */
export const tabStorage = {
  save(credentials: Saved) {
    sessionStorage.setItem(TAB_KEY, JSON.stringify(credentials));
  },
  load(): Saved | null {
    try {
      const raw = sessionStorage.getItem(TAB_KEY);
      const value = raw ? (JSON.parse(raw) as Partial<Saved>) : null;
      if (value?.endpoint && value.region && value.accessKey && value.secretKey && value.accountId && (value.extra ?? []).every((e) => e.accountId && e.credentials?.region)) {
        return value as Saved;
      }
    } catch {
      // unreadable: forget it
    }
    sessionStorage.removeItem(TAB_KEY);
    return null;
  },
  clear() {
    sessionStorage.removeItem(TAB_KEY);
  },
};

export const DEMO_KEY = 'snapshot-console.demo-account';
export const PROFILE_KEY = 'snapshot-console.profile';

/** What the tab is connected to, before the answers that turn it into a Connection. */
export type Choice =
  | { kind: 'demo'; accountId?: string }
  | { kind: 'profile'; name?: string }
  | { kind: 'cloud'; credentials: Credentials; accountId: string; extra?: ExtraRegion[] }
  | { kind: 'none' };

export function initialChoice(): Choice {
  const saved = tabStorage.load();
  if (saved) {
    const { accountId, extra, ...credentials } = saved;
    return { kind: 'cloud', credentials, accountId, ...(extra?.length ? { extra } : {}) };
  }
  const demo = sessionStorage.getItem(DEMO_KEY);
  if (demo) return { kind: 'demo', accountId: demo };
  // With profiles on the server, the first one is the default; else the sandbox's demo operator.
  return { kind: 'profile', name: sessionStorage.getItem(PROFILE_KEY) ?? undefined };
}

/** The demo account a choice connects to: the one chosen, else the operator, else the first; undefined when none. */
export function chooseDemoAccount(choice: Choice, demo: readonly DemoAccount[] | null | undefined): DemoAccount | undefined {
  if ((choice.kind !== 'demo' && choice.kind !== 'profile') || !demo) return undefined;
  return demo.find((a) => choice.kind === 'demo' && a.AccountId === choice.accountId) ?? demo.find((a) => a.Role === 'operator') ?? demo[0];
}

/** The server's profile a profile choice connects to: the one named, else the first; undefined when none. */
export function chooseProfile(choice: Choice, profiles: readonly ConsoleProfile[] | null | undefined): ConsoleProfile | undefined {
  if (choice.kind !== 'profile' || !profiles?.length) return undefined;
  return profiles.find((p) => p.Name === choice.name) ?? profiles[0];
}
