import { queryOptions } from '@tanstack/react-query';
import { createOscClient, type OscClient, type OscClientOptions } from '../api/client';
import { fetchDemoAccounts, fetchProfiles, type ConsoleProfile, type DemoAccount } from '../api/sandbox';

/** One connected Region: an OUTSCALE account lives in one Region, so each Region has its own account and keys. */
export interface RegionConnection {
  region: string;
  accountId: string;
  client: OscClient;
  label: string;
}

/**
 * Who the dashboard is talking to, as the rest of the app sees it. The secret keys stay in the clients. `client`,
 * `region` and `accountId` are the account's own Region, the one the pages show; `regions` lists every connected
 * Region, that one first, and `clientFor` gives the client of one (undefined when that Region is not connected).
 */
export interface Connection extends RegionConnection {
  kind: 'sandbox' | 'cloud' | 'profile';
  /** The server's osc-cli profile, for `kind: 'profile'`. */
  profile?: string;
  regions: readonly RegionConnection[];
  clientFor(region: string): OscClient | undefined;
}

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

/** Client options beside the credentials: a fetch to watch the first read go out (src/first-read.ts). */
export type ClientExtras = Pick<OscClientOptions, 'fetch'>;

/** A connection and its Regions, one per Region: the first is the account's own, the one the pages show. */
function withRegions(kind: Connection['kind'], parts: readonly ExtraRegion[], extras: ClientExtras, profile?: string): Connection {
  const regions: RegionConnection[] = [];
  for (const { credentials, accountId, label } of parts) {
    if (!regions.some((r) => r.region === credentials.region)) {
      regions.push({ client: createOscClient({ ...credentials, ...extras }), region: credentials.region, accountId, label: label ?? accountId });
    }
  }
  return { ...regions[0]!, kind, profile, regions, clientFor: (name) => regions.find((r) => r.region === name)?.client };
}

/**
 * A profile of the server: it signs the calls, the browser holds no key. With `others` (the server's profiles),
 * the first profile of each other Region is connected too.
 */
export function connectProfile(origin: string, name: string, region: string, accountId: string, extras: ClientExtras = {}, others: readonly ConsoleProfile[] = []): Connection {
  const parts = [{ Name: name, Region: region, AccountId: accountId }, ...others].map(
    (p): ExtraRegion => ({ credentials: { endpoint: profileEndpoint(origin, p.Name), region: p.Region }, accountId: p.AccountId ?? 'unknown', label: `profile ${p.Name}` }),
  );
  return withRegions('profile', parts, extras, name);
}

/** Keys for the account's own Region, and `others` for other Regions (each its own account). */
export function connect(
  credentials: Credentials,
  kind: Connection['kind'],
  accountId: string,
  label?: string,
  extras: ClientExtras = {},
  others: readonly ExtraRegion[] = [],
): Connection {
  return withRegions(kind, [{ credentials, accountId, label }, ...others], extras);
}

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
  if (choice.kind === 'cloud') return connect(choice.credentials, 'cloud', choice.accountId, undefined, extras, choice.extra);
  if (choice.kind === 'profile' && profiles?.length) {
    // With one profile per Region, every Region is connected: the chosen profile's first, then the first profile
    // of each other Region.
    const profile = profiles.find((p) => p.Name === choice.name) ?? profiles[0]!;
    return connectProfile(origin, profile.Name, profile.Region, profile.AccountId ?? 'unknown', extras, profiles);
  }
  if (choice.kind === 'profile' && profiles === undefined) return null;
  if ((choice.kind !== 'demo' && choice.kind !== 'profile') || !demo) return null;
  const account =
    demo.find((a) => choice.kind === 'demo' && a.AccountId === choice.accountId) ??
    demo.find((a) => a.Role === 'operator') ??
    demo[0];
  if (!account) return null;
  // The organisation's accounts in other Regions (the demo operator has one in us-east-2), each at its Region's own
  // endpoint; the chosen account at the Region-less one, as always.
  const others = demo
    .filter((a) => a.Organisation && a.Organisation === account.Organisation)
    .map((a): ExtraRegion => ({ credentials: { endpoint: `${origin}/${a.Region}`, region: a.Region, accessKey: a.AccessKey, secretKey: a.SecretKey }, accountId: a.AccountId, label: a.AccountAlias }));
  return connect(
    { endpoint: origin, region: account.Region, accessKey: account.AccessKey, secretKey: account.SecretKey },
    'sandbox',
    account.AccountId,
    account.AccountAlias,
    extras,
    others,
  );
}
