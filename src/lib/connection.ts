import { queryOptions } from '@tanstack/react-query';
import { createOscClient, type OscClient, type OscClientOptions } from '../api/client';
import type { EarlyAnswers } from '../api/early-answers';
import { fetchDemoAccounts, fetchProfiles, type ConsoleProfile, type DemoAccount } from '../api/sandbox';
import { chooseDemoAccount, chooseProfile, demoCredentials, profileTarget, type Choice, type Credentials, type ExtraRegion } from './tab-connection';

export { DEMO_KEY, PROFILE_KEY, initialChoice, profileEndpoint, tabStorage, type Choice, type Credentials, type ExtraRegion } from './tab-connection';

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
 * Client options beside the credentials, for the first read (src/first-read.ts): a fetch that watches it go out, and
 * the answers src/early-read.ts asked for before the app's scripts ran.
 */
export type ClientExtras = Pick<OscClientOptions, 'fetch' | 'early'>;

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
    (p): ExtraRegion => ({ ...profileTarget(origin, p), label: `profile ${p.Name}` }),
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

/**
 * The sandbox's demo accounts and the server's profiles, as the connection provider reads them (and, for the
 * first screen, src/first-read.ts before React renders: the same keys, so the provider finds them cached).
 */
export const demoAccountsQuery = (origin: string, early?: EarlyAnswers) =>
  queryOptions({
    queryKey: ['sandbox', 'accounts', origin] as const,
    queryFn: ({ signal }) => fetchDemoAccounts(origin, signal, early),
    staleTime: Infinity,
    retry: false,
  });

export const profilesQuery = (origin: string, early?: EarlyAnswers) =>
  queryOptions({
    queryKey: ['console', 'profiles', origin] as const,
    queryFn: ({ signal }) => fetchProfiles(origin, signal, early),
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
  // With one profile per Region, every Region is connected: the chosen profile's first, then the first profile
  // of each other Region.
  const profile = chooseProfile(choice, profiles);
  if (profile) return connectProfile(origin, profile.Name, profile.Region, profile.AccountId ?? 'unknown', extras, profiles ?? []);
  if (choice.kind === 'profile' && profiles === undefined) return null;
  const account = chooseDemoAccount(choice, demo);
  if (!account || !demo) return null;
  // The organisation's accounts in other Regions (the demo operator has one in us-east-2), each at its Region's own
  // endpoint; the chosen account at the Region-less one, as always.
  const others = demo
    .filter((a) => a.Organisation && a.Organisation === account.Organisation)
    .map((a): ExtraRegion => ({ credentials: { endpoint: `${origin}/${a.Region}`, region: a.Region, accessKey: a.AccessKey, secretKey: a.SecretKey }, accountId: a.AccountId, label: a.AccountAlias }));
  return connect(
    demoCredentials(origin, account),
    'sandbox',
    account.AccountId,
    account.AccountAlias,
    extras,
    others,
  );
}
