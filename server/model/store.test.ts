import { describe, expect, it } from 'vitest';
import { seedDemo } from './seed';
import { openStore, type AccountRow } from './store';

const row = (n: number, secret: string): AccountRow => ({
  account_id: `99990000000${n}`,
  alias: null,
  email: `a${n}@example.com`,
  first_name: null,
  last_name: null,
  company: null,
  city: null,
  country: null,
  zip: null,
  customer_id: `c${n}`,
  region: 'eu-west-2',
  access_key: `AKSTORETEST${n}`,
  secret_key: secret,
  role: 'partner',
  position: 10 + n,
});

describe('store credentials', () => {
  it('answers from memory, and sees every change to the accounts', () => {
    const store = openStore(':memory:');
    seedDemo(store, new Date('2026-11-25T00:00:00Z'));
    const [first] = store.listAccounts();
    expect(store.secretFor(first!.AccessKey)).toEqual({ secretKey: first!.SecretKey, accountId: first!.AccountId });
    expect(store.secretFor('AKSTORETEST1')).toBeUndefined();

    store.addAccount(row(1, 'SECRET-ONE'));
    expect(store.secretFor('AKSTORETEST1')).toEqual({ secretKey: 'SECRET-ONE', accountId: '999900000001' });

    store.reset();
    expect(store.secretFor('AKSTORETEST1')).toBeUndefined();
    expect(store.secretFor(first!.AccessKey)).toBeUndefined();
    store.close();
  });
});
