// @vitest-environment happy-dom
/**
 * One account per Region (issue 14 item 2): the connection a choice makes lists every connected Region, the
 * account's own first, and `clientFor(region)` gives each Region's client; the demo operator connects both of its
 * Regions; profiles connect one per Region; typed keys for further Regions are kept in sessionStorage only with
 * "keep for this tab", never in localStorage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleProfile, DemoAccount } from '../api/sandbox';
import { initialChoice, resolveConnection, tabStorage, type Credentials } from './connection';

const ORIGIN = 'http://127.0.0.1:4441';
const account = (alias: string, accountId: string, region: string, role: string, organisation?: string): DemoAccount => ({
  AccountId: accountId,
  AccountAlias: alias,
  AccessKey: `AK${accountId}`.padEnd(20, '0'),
  SecretKey: `SECRET-${alias}`,
  Region: region,
  Role: role,
  ...(organisation ? { Organisation: organisation } : {}),
});
const OPERATOR = account('demo-operator', '339215505907', 'eu-west-2', 'operator', 'Demo Operator SAS');
const PARTNER = account('demo-partner', '726094853215', 'eu-west-2', 'partner', 'Demo Partner SARL');
const ABROAD = account('demo-abroad', '481516234200', 'us-east-2', 'abroad', 'Demo Abroad Inc');
const OPERATOR_US = account('demo-operator-us', '604183927715', 'us-east-2', 'operator', 'Demo Operator SAS');
const DEMO = [OPERATOR, PARTNER, ABROAD, OPERATOR_US];

const summary = (connection: ReturnType<typeof resolveConnection>) =>
  connection?.regions.map((r) => [r.region, r.accountId, r.client.endpoint]);

afterEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

describe('the Regions of a connection', () => {
  it('connects both Regions of the demo operator: its own at the Region-less endpoint, us-east-2 at its own', () => {
    const connection = resolveConnection({ kind: 'demo', accountId: OPERATOR.AccountId }, DEMO, null, ORIGIN)!;
    expect([connection.region, connection.accountId, connection.client.endpoint]).toEqual(['eu-west-2', OPERATOR.AccountId, ORIGIN]);
    expect(summary(connection)).toEqual([
      ['eu-west-2', OPERATOR.AccountId, ORIGIN],
      ['us-east-2', OPERATOR_US.AccountId, `${ORIGIN}/us-east-2`],
    ]);
    expect(connection.clientFor('us-east-2')).toBe(connection.regions[1]!.client);
    expect(connection.clientFor('eu-west-2')).toBe(connection.client);
    expect(connection.clientFor('us-east-2')?.region).toBe('us-east-2');
    expect(connection.clientFor('ap-northeast-1')).toBeUndefined();
  });

  it('is the default connection of the sandbox too (the first operator listed)', () => {
    const connection = resolveConnection({ kind: 'profile' }, DEMO, null, ORIGIN)!;
    expect(summary(connection)?.map(([region]) => region)).toEqual(['eu-west-2', 'us-east-2']);
  });

  it('acting as the us-east-2 account puts us-east-2 first, and eu-west-2 beside it', () => {
    const connection = resolveConnection({ kind: 'demo', accountId: OPERATOR_US.AccountId }, DEMO, null, ORIGIN)!;
    expect(summary(connection)).toEqual([
      ['us-east-2', OPERATOR_US.AccountId, ORIGIN],
      ['eu-west-2', OPERATOR.AccountId, `${ORIGIN}/eu-west-2`],
    ]);
  });

  it('connects one Region for an organisation with one account, and never another organisation of the Region', () => {
    expect(summary(resolveConnection({ kind: 'demo', accountId: PARTNER.AccountId }, DEMO, null, ORIGIN))).toEqual([['eu-west-2', PARTNER.AccountId, ORIGIN]]);
    expect(summary(resolveConnection({ kind: 'demo', accountId: ABROAD.AccountId }, DEMO, null, ORIGIN))).toEqual([['us-east-2', ABROAD.AccountId, ORIGIN]]);
    // A sandbox that names no organisation (an older server) connects the chosen account alone.
    const plain = DEMO.map(({ Organisation: _organisation, ...rest }) => rest);
    expect(resolveConnection({ kind: 'demo', accountId: OPERATOR.AccountId }, plain, null, ORIGIN)?.regions).toHaveLength(1);
  });

  it('with profiles, connects the chosen one and the first profile of each other Region, the server signing', () => {
    const profiles: ConsoleProfile[] = [
      { Name: 'paris', Region: 'eu-west-2', AccountId: '111111111111' },
      { Name: 'paris-ro', Region: 'eu-west-2', AccountId: '222222222222' },
      { Name: 'ohio', Region: 'us-east-2', AccountId: '333333333333' },
    ];
    const connection = resolveConnection({ kind: 'profile', name: 'paris-ro' }, null, profiles, ORIGIN)!;
    expect(connection.kind).toBe('profile');
    expect(summary(connection)).toEqual([
      ['eu-west-2', '222222222222', `${ORIGIN}/profiles/paris-ro`],
      ['us-east-2', '333333333333', `${ORIGIN}/profiles/ohio`],
    ]);
    expect(connection.regions.map((r) => r.label)).toEqual(['profile paris-ro', 'profile ohio']);
    // The server signs: the browser's clients hold no key.
    expect(connection.regions.every((r) => r.client.identity === r.client.endpoint)).toBe(true);
  });

  it('connects the typed Regions of a cloud choice, each with its own keys or a profile', () => {
    const home: Credentials = { endpoint: 'https://api.eu-west-2.outscale.com', region: 'eu-west-2', accessKey: 'AKHOME', secretKey: 'SKHOME' };
    const us: Credentials = { endpoint: 'https://api.us-east-2.outscale.com', region: 'us-east-2', accessKey: 'AKUS', secretKey: 'SKUS' };
    const connection = resolveConnection(
      {
        kind: 'cloud',
        credentials: home,
        accountId: '100000000001',
        extra: [
          { credentials: us, accountId: '100000000002' },
          { credentials: { endpoint: `${ORIGIN}/profiles/tokyo`, region: 'ap-northeast-1' }, accountId: '100000000003', label: 'profile tokyo' },
        ],
      },
      null,
      [],
      ORIGIN,
    )!;
    expect(summary(connection)).toEqual([
      ['eu-west-2', '100000000001', home.endpoint],
      ['us-east-2', '100000000002', us.endpoint],
      ['ap-northeast-1', '100000000003', `${ORIGIN}/profiles/tokyo`],
    ]);
    expect(connection.clientFor('us-east-2')?.identity).toBe('AKUS');
  });
});

describe('keeping further Regions for the tab', () => {
  it('keeps them in sessionStorage with the first Region, never in localStorage, and restores them', () => {
    const home: Credentials = { endpoint: 'https://api.eu-west-2.outscale.com', region: 'eu-west-2', accessKey: 'AKHOME', secretKey: 'SKHOME' };
    const us: Credentials = { endpoint: 'https://api.us-east-2.outscale.com', region: 'us-east-2', accessKey: 'AKUS', secretKey: 'SKUS-SECRET' };
    tabStorage.save({ ...home, accountId: '100000000001', extra: [{ credentials: us, accountId: '100000000002' }] });
    expect(JSON.stringify({ ...localStorage })).not.toContain('SKUS-SECRET');
    const choice = initialChoice();
    expect(choice).toMatchObject({ kind: 'cloud', accountId: '100000000001', extra: [{ accountId: '100000000002' }] });
    expect(summary(resolveConnection(choice, null, null, ORIGIN))?.map(([region]) => region)).toEqual(['eu-west-2', 'us-east-2']);
  });

  it('forgets a saved connection whose further Region lacks its account', () => {
    sessionStorage.setItem('snapshot-console.connection', JSON.stringify({ endpoint: 'e', region: 'r', accessKey: 'a', secretKey: 's', accountId: '1', extra: [{ credentials: { endpoint: 'e2', region: 'r2' } }] }));
    expect(tabStorage.load()).toBeNull();
    expect(sessionStorage.getItem('snapshot-console.connection')).toBeNull();
  });
});
