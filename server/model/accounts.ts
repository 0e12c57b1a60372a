/**
 * ReadAccounts (the caller), ReadRegions (no auth) and ReadSubregions.
 *
 * LIMITATIONS:
 * - ReadRegions lists the five public Regions; the sandbox itself serves every Region string.
 * - Each Region has Subregions a and b; LocationCode is fixed per Region rather than random per account.
 */
import { PUBLIC_REGIONS } from '../../src/api/schemas';
import { DRY_RUN_OK, type ActionHandlers } from '../osc/context';
import { oscErrors } from '../osc/errors';
import { decodeToken, encodeToken, pageOf } from './paging';
import type { AccountRow, Store } from './store';

const LOCATION_CODES = ['PAR1', 'PAR4'];

/** The caller's account row, from the store's prepared-statement cache (not prepared again on every call). */
function callerAccount(store: Store, accountId: string | null): AccountRow | undefined {
  return accountId ? (store.statement('SELECT * FROM accounts WHERE account_id = ?').get(accountId) as AccountRow | undefined) : undefined;
}

export function accountHandlers(store: Store): Pick<ActionHandlers, 'ReadAccounts' | 'ReadRegions' | 'ReadSubregions'> {
  return {
    ReadAccounts: (input, ctx) => {
      const row = callerAccount(store, ctx.accountId);
      if (!row) throw oscErrors.authFailed('This call needs a signed request.');
      if (input.DryRun) return DRY_RUN_OK;
      const optional = (key: string, value: string | null) => (value ? { [key]: value } : {});
      return {
        Accounts: [
          {
            AccountId: row.account_id,
            CustomerId: row.customer_id,
            Email: row.email,
            ...optional('FirstName', row.first_name),
            ...optional('LastName', row.last_name),
            ...optional('CompanyName', row.company),
            ...optional('City', row.city),
            ...optional('Country', row.country),
            ...optional('ZipCode', row.zip),
          },
        ],
      };
    },
    ReadRegions: (input) => {
      if (input.DryRun) return DRY_RUN_OK;
      return { Regions: PUBLIC_REGIONS.map((name) => ({ RegionName: name, Endpoint: `api.${name}.outscale.com` })) };
    },
    ReadSubregions: (input, ctx) => {
      const row = callerAccount(store, ctx.accountId);
      if (!row) throw oscErrors.authFailed('This call needs a signed request.');
      if (input.DryRun) return DRY_RUN_OK;
      const f = input.Filters ?? {};
      const all = ['a', 'b'].map((letter, i) => ({
        RegionName: row.region,
        SubregionName: `${row.region}${letter}`,
        State: 'available',
        LocationCode: LOCATION_CODES[i] ?? 'PAR1',
      }));
      const subregions = all.filter(
        (s) =>
          (!f.RegionNames || f.RegionNames.includes(s.RegionName)) &&
          (!f.States || f.States.includes(s.State)) &&
          (!f.SubregionNames || f.SubregionNames.includes(s.SubregionName)),
      );
      // Paged like every Read call: a token is checked (4117 when garbage or foreign), never ignored.
      if (input.NextPageToken !== undefined && input.ResultsPerPage === undefined) {
        throw oscErrors.missingParameter('ResultsPerPage is required with NextPageToken.');
      }
      const scope = { me: row.account_id, filters: f, kind: 'subregions' };
      const after = input.NextPageToken ? decodeToken(store.tokenKey, input.NextPageToken, scope) : undefined;
      const rest = after ? subregions.filter((s) => s.SubregionName > after.id) : subregions;
      const page = pageOf(rest, input.ResultsPerPage, (s) => ({ createdAt: 0, id: s.SubregionName }), (c) => encodeToken(store.tokenKey, c, scope));
      return { Subregions: page.items, ...(page.NextPageToken ? { NextPageToken: page.NextPageToken } : {}) };
    },
  };
}
