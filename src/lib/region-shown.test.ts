import { describe, expect, it } from 'vitest';
import { connect, type ExtraRegion } from './connection';
import { showRegion } from './connection-provider';

const us: ExtraRegion = { credentials: { endpoint: 'https://api.us-east-2.example', region: 'us-east-2', accessKey: 'AKUS', secretKey: 'secret-us' }, accountId: '222222222222', label: 'demo-operator-us' };
const connection = connect({ endpoint: 'https://api.eu-west-2.example', region: 'eu-west-2', accessKey: 'AKEU', secretKey: 'secret-eu' }, 'sandbox', '111111111111', 'demo-operator', {}, [us]);

describe('showRegion: the connection as the pages see it, re-based on the Region shown', () => {
  it('takes the client, Region, account and label of the Region shown; regions and clientFor stay as connected', () => {
    const shown = showRegion(connection, 'us-east-2')!;
    expect(shown.region).toBe('us-east-2');
    expect(shown.accountId).toBe('222222222222');
    expect(shown.label).toBe('demo-operator-us');
    expect(shown.client).toBe(connection.clientFor('us-east-2'));
    expect(shown.client.endpoint).toBe('https://api.us-east-2.example');
    expect(shown.kind).toBe('sandbox');
    expect(shown.regions).toBe(connection.regions);
    expect(shown.regions.map((r) => r.region)).toEqual(['eu-west-2', 'us-east-2']);
    expect(shown.clientFor('eu-west-2')).toBe(connection.client);
  });

  it('is the connection itself for no Region, its first Region, or a Region not connected', () => {
    expect(showRegion(connection, '')).toBe(connection);
    expect(showRegion(connection, 'eu-west-2')).toBe(connection);
    expect(showRegion(connection, 'ap-northeast-1')).toBe(connection);
    expect(showRegion(null, 'us-east-2')).toBeNull();
  });
});
