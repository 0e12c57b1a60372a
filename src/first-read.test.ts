/**
 * The list's first read goes out before React renders: with the demo accounts (or a profile) it is sent, signed,
 * under the very query key the snapshots page uses, so the page sends nothing twice; on another page, or with
 * nothing to connect with, nothing is read.
 */
import { hashKey, QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DemoAccount } from './api/sandbox';
import { parseListState, toFiltersSnapshot } from './features/snapshots/list-state';
import { connect, connectProfile, demoAccountsQuery, type Choice } from './lib/connection';
import { snapshotQueries } from './lib/snapshot-queries';
import { startEarlyRead } from './early-read';
import { startFirstRead } from './first-read';

const ORIGIN = 'http://127.0.0.1:4432';
const OPERATOR: DemoAccount = {
  AccountId: '339215505907',
  AccountAlias: 'operator',
  AccessKey: 'AKOPERATOR0000000001',
  SecretKey: 'S'.repeat(40),
  Region: 'eu-west-2',
  Role: 'operator',
};
const PARTNER: DemoAccount = { ...OPERATOR, AccountId: '448326616018', AccountAlias: 'partner', AccessKey: 'AKPARTNER00000000001', Role: 'partner' };

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A server: the demo accounts and profiles answer at once; each API call waits until the test releases it. */
function serve({ accounts, profiles }: { accounts?: DemoAccount[]; profiles?: { Name: string; Region: string; AccountId?: string }[] }) {
  const api: { url: string; body: unknown; signed: boolean; release: () => void }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const { pathname } = new URL(request.url);
    if (pathname === '/sandbox/accounts') return accounts ? json({ Accounts: accounts }) : new Response('Not found', { status: 404 });
    if (pathname === '/profiles') return profiles ? json({ Profiles: profiles }) : new Response('Not found', { status: 404 });
    const body: unknown = await request.json();
    return new Promise<Response>((resolve) =>
      api.push({
        url: request.url,
        body,
        signed: (request.headers.get('authorization') ?? '').startsWith('AWS4-HMAC-SHA256'),
        release: () => resolve(json({ Snapshots: [], ResponseContext: { RequestId: 'r' } })),
      }),
    );
  });
  vi.stubGlobal('fetch', fetchMock);
  return { api, fetchMock };
}

const sentReads = (fetchMock: ReturnType<typeof vi.fn>) =>
  fetchMock.mock.calls.filter(([input]) => (input instanceof Request ? input.url : String(input)).endsWith('/ReadSnapshots')).length;

const at = (path: string) => {
  const url = new URL(path, ORIGIN);
  return { origin: url.origin, pathname: url.pathname, search: url.search };
};

afterEach(() => vi.unstubAllGlobals());

describe('the first read before React renders', () => {
  it('sends the default view (own and shared with me), signed, under the key the snapshots page uses', async () => {
    const { api, fetchMock } = serve({ accounts: [PARTNER, OPERATOR] });
    const queryClient = new QueryClient();
    // Resolved, to true (main.tsx then waits for the first page), once a request is out (the other goes beside it),
    // before any answer.
    expect(await startFirstRead(queryClient, at('/'), { kind: 'profile' })).toBe(true);
    expect(sentReads(fetchMock)).toBeGreaterThan(0);
    await vi.waitFor(() => expect(api).toHaveLength(2));
    // The two go side by side, signed in parallel: either may leave first.
    const bodies = api.map((call) => JSON.stringify(call.body)).sort();
    expect(bodies).toEqual(
      [
        { Filters: { AccountIds: [OPERATOR.AccountId] }, ResultsPerPage: 100 },
        { Filters: { PermissionsToCreateVolumeAccountIds: [OPERATOR.AccountId] }, ResultsPerPage: 100 },
      ]
        .map((body) => JSON.stringify(body))
        .sort(),
    );
    expect(api.every((call) => call.signed && call.url === `${ORIGIN}/api/v1/ReadSnapshots`)).toBe(true);
    // The connection provider finds the accounts in the cache, and the page its list's query.
    expect(queryClient.getQueryData(demoAccountsQuery(ORIGIN).queryKey)).toEqual([PARTNER, OPERATOR]);
    const page = connect({ endpoint: ORIGIN, region: OPERATOR.Region, accessKey: OPERATOR.AccessKey, secretKey: OPERATOR.SecretKey }, 'sandbox', OPERATOR.AccountId);
    const key = snapshotQueries.list(page.client, toFiltersSnapshot(parseListState(new URLSearchParams()), OPERATOR.AccountId)).queryKey;
    expect(queryClient.getQueryCache().getAll().map((query) => query.queryHash)).toContain(hashKey(key));
    expect(queryClient.getQueryState(key)?.fetchStatus).toBe('fetching');
    api.forEach((call) => call.release());
    await vi.waitFor(() => expect(queryClient.getQueryState(key)?.status).toBe('success'));
  });

  it('reads with the filters of the link, as the chosen demo account', async () => {
    const { api } = serve({ accounts: [OPERATOR, PARTNER] });
    await startFirstRead(new QueryClient(), at('/?owner=mine&state=completed'), { kind: 'demo', accountId: PARTNER.AccountId });
    await vi.waitFor(() => expect(api).toHaveLength(1));
    expect(api.map((call) => call.body)).toEqual([{ Filters: { States: ['completed'], AccountIds: [PARTNER.AccountId] }, ResultsPerPage: 100 }]);
  });

  it('reads the Region the link shows (?region=), through the account and endpoint of that Region', async () => {
    const home = { ...OPERATOR, Organisation: 'demo' };
    const abroad: DemoAccount = { ...home, AccountId: '604183927715', AccountAlias: 'operator-us', AccessKey: 'AKOPERATORUS00000001', Region: 'us-east-2' };
    const { api } = serve({ accounts: [home, abroad] });
    await startFirstRead(new QueryClient(), at('/?region=us-east-2'), { kind: 'demo', accountId: home.AccountId });
    await vi.waitFor(() => expect(api).toHaveLength(2));
    expect(api.every((call) => call.url === `${ORIGIN}/us-east-2/api/v1/ReadSnapshots`)).toBe(true);
    expect(api.map((call) => JSON.stringify(call.body)).sort()).toEqual(
      [{ Filters: { AccountIds: [abroad.AccountId] }, ResultsPerPage: 100 }, { Filters: { PermissionsToCreateVolumeAccountIds: [abroad.AccountId] }, ResultsPerPage: 100 }]
        .map((body) => JSON.stringify(body))
        .sort(),
    );
  });

  it('reads through the server profile, unsigned in the page, when the server has profiles', async () => {
    const { api } = serve({ profiles: [{ Name: 'prod', Region: 'eu-west-2', AccountId: '123456789012' }] });
    const queryClient = new QueryClient();
    await startFirstRead(queryClient, at('/'), { kind: 'profile' });
    await vi.waitFor(() => expect(api).toHaveLength(2));
    expect(api.map((call) => [call.url, call.signed])).toEqual([
      [`${ORIGIN}/profiles/prod/api/v1/ReadSnapshots`, false],
      [`${ORIGIN}/profiles/prod/api/v1/ReadSnapshots`, false],
    ]);
    const page = connectProfile(ORIGIN, 'prod', 'eu-west-2', '123456789012');
    const key = snapshotQueries.list(page.client, toFiltersSnapshot(parseListState(new URLSearchParams()), '123456789012')).queryKey;
    expect(queryClient.getQueryState(key)?.fetchStatus).toBe('fetching');
  });

  it('reads with credentials kept for the tab, from their endpoint', async () => {
    const { api } = serve({ accounts: [OPERATOR] });
    const choice: Choice = {
      kind: 'cloud',
      credentials: { endpoint: 'https://api.eu-west-2.outscale.com', region: 'eu-west-2', accessKey: 'AKCLOUD', secretKey: 'x'.repeat(40) },
      accountId: '123456789012',
    };
    await startFirstRead(new QueryClient(), at('/'), choice);
    await vi.waitFor(() => expect(api).toHaveLength(2));
    expect(api.map((call) => call.url)).toEqual(Array(2).fill('https://api.eu-west-2.outscale.com/api/v1/ReadSnapshots'));
  });

  it('reads nothing on another page, when disconnected, or when no sandbox or profile serves the page', async () => {
    const { api, fetchMock } = serve({ accounts: [OPERATOR] });
    expect(await startFirstRead(new QueryClient(), at('/snapshots/snap-12345678'), { kind: 'profile' })).toBe(false);
    // Only the connection provider's two answers (it asks for them on every page), no API call.
    expect(fetchMock.mock.calls.map(([input]) => String(input))).toEqual([`${ORIGIN}/sandbox/accounts`, `${ORIGIN}/profiles`]);
    expect(await startFirstRead(new QueryClient(), at('/'), { kind: 'none' })).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api).toEqual([]);
    const staticHost = serve({});
    const queryClient = new QueryClient();
    await startFirstRead(queryClient, at('/'), { kind: 'profile' });
    expect(staticHost.fetchMock.mock.calls.map(([input]) => String(input))).toEqual([`${ORIGIN}/sandbox/accounts`, `${ORIGIN}/profiles`]);
    expect(staticHost.api).toEqual([]);
  });

  it('does not read a list the cache already holds', async () => {
    const { api } = serve({ accounts: [OPERATOR] });
    const queryClient = new QueryClient();
    const page = connect({ endpoint: ORIGIN, region: OPERATOR.Region, accessKey: OPERATOR.AccessKey, secretKey: OPERATOR.SecretKey }, 'sandbox', OPERATOR.AccountId);
    const key = snapshotQueries.list(page.client, toFiltersSnapshot(parseListState(new URLSearchParams()), OPERATOR.AccountId)).queryKey;
    queryClient.setQueryData(key, []);
    await startFirstRead(queryClient, at('/'), { kind: 'profile' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api).toEqual([]);
  });
});

describe('sent before the app runs (early-read.ts), taken by the first read', () => {
  const gets = (fetchMock: ReturnType<typeof vi.fn>) => fetchMock.mock.calls.map(([input]) => input).filter((input) => typeof input === 'string');
  const defaultKey = (client = connect({ endpoint: ORIGIN, region: OPERATOR.Region, accessKey: OPERATOR.AccessKey, secretKey: OPERATOR.SecretKey }, 'sandbox', OPERATOR.AccountId).client) =>
    snapshotQueries.list(client, toFiltersSnapshot(parseListState(new URLSearchParams()), OPERATOR.AccountId)).queryKey;

  it("sends the view's first pages as the client would, signed, and the first read takes them: nothing is asked twice", async () => {
    const { api, fetchMock } = serve({ accounts: [PARTNER, OPERATOR] });
    const early = startEarlyRead(at('/'), () => ({ kind: 'profile' }), fetchMock);
    expect(await early.sent).toBe(2);
    await vi.waitFor(() => expect(api).toHaveLength(2));
    expect(api.every((call) => call.signed && call.url === `${ORIGIN}/api/v1/ReadSnapshots`)).toBe(true);
    const queryClient = new QueryClient();
    expect(await startFirstRead(queryClient, at('/'), { kind: 'profile' }, early)).toBe(true);
    expect(queryClient.getQueryData(demoAccountsQuery(ORIGIN).queryKey)).toEqual([PARTNER, OPERATOR]);
    api.forEach((call) => call.release());
    await vi.waitFor(() => expect(queryClient.getQueryState(defaultKey())?.status).toBe('success'));
    expect(api).toHaveLength(2);
    expect(gets(fetchMock)).toEqual([`${ORIGIN}/sandbox/accounts`, `${ORIGIN}/profiles`]);
  });

  it('sends nothing early on another page, for another Region in the link, or with nothing to connect with', async () => {
    const home = { ...OPERATOR, Organisation: 'demo' };
    const abroad: DemoAccount = { ...home, AccountId: '604183927715', AccessKey: 'AKOPERATORUS00000001', Region: 'us-east-2' };
    const { api, fetchMock } = serve({ accounts: [home, abroad] });
    expect(await startEarlyRead(at('/snapshots/snap-12345678'), () => ({ kind: 'profile' }), fetchMock).sent).toBe(0);
    expect(await startEarlyRead(at('/'), () => ({ kind: 'none' }), fetchMock).sent).toBe(0);
    const early = startEarlyRead(at('/?region=us-east-2'), () => ({ kind: 'profile' }), fetchMock);
    expect(await early.sent).toBe(0);
    // The first read sends them itself, through that Region's account.
    expect(await startFirstRead(new QueryClient(), at('/?region=us-east-2'), { kind: 'profile' }, early)).toBe(true);
    await vi.waitFor(() => expect(api).toHaveLength(2));
    expect(api.every((call) => call.url === `${ORIGIN}/us-east-2/api/v1/ReadSnapshots`)).toBe(true);
  });

  it('is taken only by the very same call: another view or another account is sent by the first read', async () => {
    const { api, fetchMock } = serve({ accounts: [OPERATOR, PARTNER] });
    const early = startEarlyRead(at('/'), () => ({ kind: 'profile' }), fetchMock);
    await early.sent;
    await vi.waitFor(() => expect(api).toHaveLength(2));
    // "Mine" reads the very first call of the default view: that answer is taken.
    const mine = new QueryClient();
    await startFirstRead(mine, at('/?owner=mine'), { kind: 'profile' }, early);
    api[0]!.release();
    await vi.waitFor(() => expect(mine.getQueryCache().getAll().some((query) => query.state.status === 'success' && query.queryKey.includes('list'))).toBe(true));
    await startFirstRead(new QueryClient(), at('/?state=error'), { kind: 'profile' }, early);
    await startFirstRead(new QueryClient(), at('/'), { kind: 'demo', accountId: PARTNER.AccountId }, early);
    await vi.waitFor(() => expect(api).toHaveLength(6));
    const sent = (from: number) => api.slice(from).map((call) => JSON.stringify(call.body)).sort();
    const page = (Filters: object) => JSON.stringify({ Filters, ResultsPerPage: 100 });
    expect(sent(2)).toEqual(
      [
        page({ AccountIds: [OPERATOR.AccountId], States: ['error'] }),
        page({ PermissionsToCreateVolumeAccountIds: [OPERATOR.AccountId], States: ['error'] }),
        page({ AccountIds: [PARTNER.AccountId] }),
        page({ PermissionsToCreateVolumeAccountIds: [PARTNER.AccountId] }),
      ].sort(),
    );
  });

  it("reads through the server's profile unsigned, and with keys kept for the tab through the pass-through (via)", async () => {
    const { api, fetchMock } = serve({ profiles: [{ Name: 'prod', Region: 'eu-west-2', AccountId: '123456789012' }] });
    const early = startEarlyRead(at('/'), () => ({ kind: 'profile', name: 'prod' }), fetchMock);
    expect(await early.sent).toBe(2);
    await startFirstRead(new QueryClient(), at('/'), { kind: 'profile', name: 'prod' }, early);
    await vi.waitFor(() => expect(api).toHaveLength(2));
    expect(api.map((call) => [call.url, call.signed])).toEqual(Array(2).fill([`${ORIGIN}/profiles/prod/api/v1/ReadSnapshots`, false]));
    const cloud: Choice = {
      kind: 'cloud',
      credentials: { endpoint: 'https://api.eu-west-2.outscale.com', region: 'eu-west-2', accessKey: 'AKCLOUD', secretKey: 'x'.repeat(40), via: `${ORIGIN}/forward` },
      accountId: '123456789012',
    };
    const viaEarly = startEarlyRead(at('/'), () => cloud, fetchMock);
    expect(await viaEarly.sent).toBe(2);
    await startFirstRead(new QueryClient(), at('/'), cloud, viaEarly);
    await vi.waitFor(() => expect(api).toHaveLength(4));
    expect(api.slice(2).map((call) => [call.url, call.signed])).toEqual(Array(2).fill([`${ORIGIN}/forward/api/v1/ReadSnapshots`, true]));
  });
});

