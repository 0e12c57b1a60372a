import { queryOptions } from '@tanstack/react-query';
import { createOscClient, type OscClient, type OscClientOptions } from '../api/client';
import { fetchDemoAccounts, fetchProfiles, type ConsoleProfile, type DemoAccount } from '../api/sandbox';

/** Who the dashboard is talking to, as the rest of the app sees it. The secret key stays in the client. */
export interface Connection {
  kind: 'sandbox' | 'cloud' | 'profile';
  client: OscClient;
  region: string;
  accountId: string;
  label: string;
  /** The server's osc-cli profile, for `kind: 'profile'`. */
  profile?: string;
}

export interface Credentials {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  /** The server's pass-through base URL, when the browser cannot call the endpoint directly. */
  via?: string;
}

export const passThrough = (origin: string, endpoint: string) => `${origin}/passthrough/${encodeURIComponent(endpoint)}`;

/** Client options beside the credentials: a fetch to watch the first read go out (src/first-read.ts). */
export type ClientExtras = Pick<OscClientOptions, 'fetch'>;

/** A profile of the server: it signs the calls, the browser holds no key. */
export function connectProfile(origin: string, name: string, region: string, accountId: string, extras: ClientExtras = {}): Connection {
  return {
    kind: 'profile',
    client: createOscClient({ endpoint: `${origin}/profiles/${encodeURIComponent(name)}`, region, ...extras }),
    region,
    accountId,
    label: `profile ${name}`,
    profile: name,
  };
}

export function connect(
  credentials: Credentials,
  kind: Connection['kind'],
  accountId: string,
  label?: string,
  extras: ClientExtras = {},
): Connection {
  return {
    kind,
    client: createOscClient({ ...credentials, ...extras }),
    region: credentials.region,
    accountId,
    label: label ?? accountId,
  };
}

const TAB_KEY = 'snapshot-console.connection';

/** Only when the user ticked "keep for this tab": sessionStorage dies with the tab; never localStorage. */
export const tabStorage = {
  save(credentials: Credentials & { accountId: string }) {
    sessionStorage.setItem(TAB_KEY, JSON.stringify(credentials));
  },
  load(): (Credentials & { accountId: string }) | null {
    try {
      const raw = sessionStorage.getItem(TAB_KEY);
      const value = raw ? (JSON.parse(raw) as Partial<Credentials & { accountId: string }>) : null;
      if (value?.endpoint && value.region && value.accessKey && value.secretKey && value.accountId) {
        return value as Credentials & { accountId: string };
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
  | { kind: 'cloud'; credentials: Credentials; accountId: string }
  | { kind: 'none' };

export function initialChoice(): Choice {
  const saved = tabStorage.load();
  if (saved) {
    const { accountId, ...credentials } = saved;
    return { kind: 'cloud', credentials, accountId };
  }
  const demo = sessionStorage.getItem(DEMO_KEY);
  if (demo) return { kind: 'demo', accountId: demo };
  // With profiles on the server, the first one is the default; else the sandbox's demo operator.
  return { kind: 'profile', name: sessionStorage.getItem(PROFILE_KEY) ?? undefined };
}

/**
 * The sandbox's demo accounts and the server's profiles, as the connection provider reads them (and, for the
 * first screen, src/first-read.ts before React renders: the same keys, so the provider finds them cached).
 */
export const demoAccountsQuery = (origin: string) =>
  queryOptions({
    queryKey: ['sandbox', 'accounts', origin] as const,
    queryFn: ({ signal }) => fetchDemoAccounts(origin, signal),
    staleTime: Infinity,
    retry: false,
  });

export const profilesQuery = (origin: string) =>
  queryOptions({
    queryKey: ['console', 'profiles', origin] as const,
    queryFn: ({ signal }) => fetchProfiles(origin, signal),
    staleTime: Infinity,
    retry: false,
  });

/**
 * The connection a choice makes with what the server said: `demo` / `profiles` are undefined while unknown
 * (not asked yet, or pending), null when this server has none. null: not connected (yet).
 */
export function resolveConnection(
  choice: Choice,
  demo: DemoAccount[] | null | undefined,
  profiles: ConsoleProfile[] | null | undefined,
  origin: string,
  extras: ClientExtras = {},
): Connection | null {
  if (choice.kind === 'cloud') return connect(choice.credentials, 'cloud', choice.accountId, undefined, extras);
  if (choice.kind === 'profile' && profiles?.length) {
    const profile = profiles.find((p) => p.Name === choice.name) ?? profiles[0]!;
    return connectProfile(origin, profile.Name, profile.Region, profile.AccountId ?? 'unknown', extras);
  }
  if (choice.kind === 'profile' && profiles === undefined) return null;
  if ((choice.kind !== 'demo' && choice.kind !== 'profile') || !demo) return null;
  const account =
    demo.find((a) => choice.kind === 'demo' && a.AccountId === choice.accountId) ??
    demo.find((a) => a.Role === 'operator') ??
    demo[0];
  if (!account) return null;
  return connect(
    { endpoint: origin, region: account.Region, accessKey: account.AccessKey, secretKey: account.SecretKey },
    'sandbox',
    account.AccountId,
    account.AccountAlias,
    extras,
  );
}
