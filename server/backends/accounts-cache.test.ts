/** ReadAccounts and ReadSubregions use the store's prepared-statement cache: nothing is prepared per call. */
import { describe, expect, it, vi } from 'vitest';
import { OPERATOR, PARTNER, setup } from '../test-kit';

describe('account reads and prepared statements', () => {
  it('ReadAccounts and ReadSubregions prepare no statement after their first call, and answer each caller', () => {
    const { store, call } = setup();
    call('ReadAccounts', {});
    call('ReadSubregions', {});
    const prepare = vi.spyOn(store.db, 'prepare');
    try {
      for (let i = 0; i < 3; i++) {
        expect(call('ReadAccounts', {}).Accounts?.[0]?.AccountId).toBe(OPERATOR);
        expect(call('ReadAccounts', {}, PARTNER).Accounts?.[0]?.AccountId).toBe(PARTNER);
        expect(call('ReadSubregions', {}).Subregions).toHaveLength(2);
      }
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      prepare.mockRestore();
    }
  });
});
