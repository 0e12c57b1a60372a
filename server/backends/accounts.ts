/**
 * The accounts backend: the caller's account (ReadAccounts), the Regions (ReadRegions, no auth) and the caller's
 * Subregions (ReadSubregions).
 *
 * LIMITATIONS:
 * - ReadRegions lists the five public Regions; the sandbox itself serves every Region string.
 * - Each Region has Subregions a and b; LocationCode is fixed per Region rather than random per account.
 */
import { apiHost, PUBLIC_REGIONS } from '../../src/api/regions';
import type { Account, Region, Subregion } from '../../src/api/schemas';
import type { ActionInput, RequestContext } from '../osc/context';
import { oscErrors } from '../osc/errors';
import { decodeToken, encodeToken, pageOf } from '../model/paging';
import type { AccountRow, Store } from '../model/store';
import { checkPageRequest, type Page, type PageRequest } from './caller';

export type FiltersSubregion = NonNullable<ActionInput<'ReadSubregions'>['Filters']>;

const LOCATION_CODES = ['PAR1', 'PAR4'];

export class AccountsBackend {
  constructor(private readonly store: Store) {}

  /** The caller's account row, from the store's prepared-statement cache (not prepared again on every call). */
  private caller(ctx: RequestContext): AccountRow {
    const row = ctx.accountId ? (this.store.statement('SELECT * FROM accounts WHERE account_id = ?').get(ctx.accountId) as AccountRow | undefined) : undefined;
    if (!row) throw oscErrors.authFailed('This call needs a signed request.');
    return row;
  }

  /** The caller's own account. */
  account(ctx: RequestContext): Account {
    const row = this.caller(ctx);
    const optional = (key: string, value: string | null) => (value ? { [key]: value } : {});
    return {
      AccountId: row.account_id,
      CustomerId: row.customer_id,
      Email: row.email,
      ...optional('FirstName', row.first_name),
      ...optional('LastName', row.last_name),
      ...optional('CompanyName', row.company),
      ...optional('City', row.city),
      ...optional('Country', row.country),
      ...optional('ZipCode', row.zip),
    };
  }

  /** The public Regions, with their API endpoints as ReadRegions gives them (host alone). */
  regions(): Region[] {
    return PUBLIC_REGIONS.map((name) => ({ RegionName: name, Endpoint: apiHost(name) }));
  }

  /** One page of the Subregions of the caller's Region that match the filters. */
  subregions(ctx: RequestContext, filters: FiltersSubregion, page: PageRequest = {}): Page<Subregion> {
    const row = this.caller(ctx);
    const f = filters;
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
    checkPageRequest(page);
    const scope = { me: row.account_id, filters: f, kind: 'subregions' };
    const after = page.token ? decodeToken(this.store.tokenKey, page.token, scope) : undefined;
    const rest = after ? subregions.filter((s) => s.SubregionName > after.id) : subregions;
    const found = pageOf(rest, page.limit, (s) => ({ createdAt: 0, id: s.SubregionName }), (c) => encodeToken(this.store.tokenKey, c, scope));
    return { items: found.items, ...(found.NextPageToken ? { nextPageToken: found.NextPageToken } : {}) };
  }
}
