/**
 * The list's first ReadSnapshots, sent before the app's scripts have run. vite.config.ts builds this module into a
 * small chunk of its own that index.html loads `async`: it runs as soon as it arrives, while the entry (React DOM,
 * React Query, zod, the app) still downloads and evaluates, so the first pages' round trip overlaps that work
 * instead of following it.
 *
 * It reads what the app reads: the demo accounts and the server's profiles (index.html's preloads), the tab's choice
 * (tab-connection.ts) and the URL's view (list-state.ts); it sends the first page of each of the view's reads, signed
 * as the client signs (signer.ts, list-pages.ts). It checks no answer and renders nothing: the app parses every
 * answer with its schemas as before. src/first-read.ts gives `take` to the first read's client, which takes an
 * answer only for the very same call (early-answers.ts: same keys, endpoint, action and body) and sends any other.
 * On another page, with another Region in the URL (?region=), or with nothing to connect with, nothing is sent.
 */
import { callKey, getKey, type EarlyAnswers } from './api/early-answers';
import { jsonAnswer, PROFILES_PATH, SANDBOX_ACCOUNTS_PATH } from './api/json-answer';
import type { ConsoleProfile, DemoAccount } from './api/sandbox';
import { apiRequest, apiSigner, type CallTarget } from './api/signer';
import { parseListState, toFiltersSnapshot } from './features/snapshots/list-state';
import { FIRST_PAGE_SIZE, pageRequest } from './lib/list-pages';
import { matchRoute } from './lib/routes';
import { chooseDemoAccount, chooseProfile, demoCredentials, initialChoice, profileTarget, type Choice } from './lib/tab-connection';

export interface EarlyRead {
  /** Resolves, never rejects, once the first pages' reads are out: how many were sent (0: none). */
  sent: Promise<number>;
  /** An answer asked for here, once, by the key of the request that would have asked for it. */
  take: EarlyAnswers;
}

/** The items of `json[list]` whose `fields` are strings; null when there is no such list (the app's schemas check the rest). */
function itemsOf<T>(json: unknown, list: string, fields: readonly string[]): T[] | null {
  const items = (json as Record<string, unknown> | null)?.[list];
  if (!Array.isArray(items)) return null;
  return items.filter((item: Record<string, unknown> | null) => fields.every((field) => typeof item?.[field] === 'string')) as T[];
}

/** The first Region's target and account for a choice, picked as resolveConnection (connection.ts) picks them. */
async function firstRegion(choice: Choice, origin: string, accounts: Promise<unknown>, profiles: Promise<unknown>) {
  if (choice.kind === 'cloud') return { target: choice.credentials as CallTarget, accountId: choice.accountId };
  const profile = chooseProfile(choice, itemsOf<ConsoleProfile>(await profiles, 'Profiles', ['Name', 'Region']));
  if (profile) {
    const { credentials, accountId } = profileTarget(origin, profile);
    return { target: credentials, accountId };
  }
  const account = chooseDemoAccount(choice, itemsOf<DemoAccount>(await accounts, 'Accounts', ['AccountId', 'AccessKey', 'SecretKey', 'Region', 'Role']));
  if (!account) return undefined;
  return { target: demoCredentials(origin, account), accountId: account.AccountId };
}

export function startEarlyRead(
  where: Pick<Location, 'origin' | 'pathname' | 'search'> = window.location,
  choose: () => Choice = initialChoice,
  doFetch: typeof fetch = (input, init) => fetch(input, init),
): EarlyRead {
  const answers = new Map<string, Promise<Response>>();
  // The app reads each answer it takes; this module reads the accounts and profiles from clones.
  const ask = (key: string, request: RequestInfo) => {
    const answer = doFetch(request);
    answers.set(key, answer);
    return answer;
  };
  const json = (url: string) => ask(getKey(url), url).then((response) => jsonAnswer(response.clone()), () => null);
  const accounts = json(`${where.origin}${SANDBOX_ACCOUNTS_PATH}`);
  const profiles = json(`${where.origin}${PROFILES_PATH}`);
  const sent = (async () => {
    if (matchRoute(where.pathname).page !== 'list') return 0;
    const first = await firstRegion(choose(), where.origin, accounts, profiles);
    const params = new URLSearchParams(where.search);
    const region = params.get('region');
    if (!first || (region && region !== first.target.region)) return 0;
    const signer = apiSigner(first.target);
    const reads = toFiltersSnapshot(parseListState(params), first.accountId);
    const requests = await Promise.all(
      (Array.isArray(reads) ? reads : [reads]).map(async (filters) => {
        const body = JSON.stringify(pageRequest(filters, FIRST_PAGE_SIZE));
        return [callKey(first.target, 'ReadSnapshots', body), await apiRequest(signer, first.target, 'ReadSnapshots', body)] as const;
      }),
    );
    // The mark shows in bench/first-rows-trace.ts's waterfall (the read handed to fetch, signed).
    performance.mark('first-read:sent');
    for (const [key, request] of requests) void ask(key, request).catch(() => undefined);
    return requests.length;
  })().catch(() => 0);
  return {
    sent,
    take: (key) => {
      const answer = answers.get(key);
      answers.delete(key);
      return answer;
    },
  };
}

/** Started as this module is evaluated: index.html runs it before the entry, which imports it too (one instance). */
export const earlyRead: EarlyRead | undefined = typeof window === 'undefined' ? undefined : startEarlyRead();
