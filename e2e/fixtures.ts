/**
 * What every end-to-end test gets, as Playwright fixtures:
 * - `sandbox`: the demo accounts of the sandbox under test, its fault knob, and a signed API client per
 *   account, so a test asks the sandbox what it holds instead of repeating the seed ("41 of 41");
 * - `snapshotsPage` and `copyDialog`: the page objects, one per test, built on this test's page.
 * Each test starts from freshly seeded data (`freshSandbox`), in its worker's own sandbox (`baseURL`, e2e/config.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { AwsClient } from 'aws4fetch';
import type { ActionRequest, FiltersSnapshot } from '../src/api/requests';
import type { ActionName, ActionResponse, Snapshot } from '../src/api/schemas';
import { demoAccountsResponseSchema, SANDBOX_ACCOUNTS_PATH, type DemoAccount } from '../src/api/sandbox';
import { E2E_BASE_URL } from './config';
import { CopyDialog } from './pages/copy-dialog';
import { SnapshotsPage } from './pages/snapshots-page';

/** Fails with the list of serious or critical axe violations on the page as it is now. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, 'serious or critical accessibility violations').toEqual([]);
}

export type Role = 'operator' | 'partner';

/** What a journey needs from the sandbox's data, or a failure that says what was missing. */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the sandbox holds no ${what}`);
  return value;
}

/** The demo accounts a sandbox lists at GET /sandbox/accounts (its keys are new on every start). */
export async function demoAccounts(baseURL: string): Promise<DemoAccount[]> {
  const response = await fetch(`${baseURL}${SANDBOX_ACCOUNTS_PATH}`);
  expect(response.ok, `GET ${SANDBOX_ACCOUNTS_PATH}`).toBe(true);
  return demoAccountsResponseSchema.parse(await response.json()).Accounts;
}

export function accountOf(accounts: DemoAccount[], role: Role): DemoAccount {
  const account = accounts.find((a) => a.Role === role);
  if (!account) throw new Error(`the sandbox lists no ${role} demo account`);
  return account;
}

/**
 * The OUTSCALE API as one account sees it, for a test to read what the sandbox holds and to change it.
 * Its own SigV4 signer (aws4fetch's AwsClient, service `oapi` as osc-sdk-go signs; the app signs `api`),
 * not the app's client: what a test expects does not come from the code under test.
 */
export interface OscApi {
  readonly account: DemoAccount;
  call<A extends ActionName>(action: A, request?: ActionRequest<A>): Promise<ActionResponse<A>>;
  /** Every snapshot this account can see with these filters, every page read. */
  snapshots(filters?: FiltersSnapshot): Promise<Snapshot[]>;
}

export function oscApi(baseURL: string, account: DemoAccount): OscApi {
  const signer = new AwsClient({
    accessKeyId: account.AccessKey,
    secretAccessKey: account.SecretKey,
    service: 'oapi',
    region: account.Region,
    retries: 0,
  });
  const call = async <A extends ActionName>(action: A, request?: ActionRequest<A>): Promise<ActionResponse<A>> => {
    const response = await signer.fetch(`${baseURL}/api/v1/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request ?? {}),
    });
    const text = await response.text();
    // The answer is the sandbox's: it never holds the secret key, so it may go into the failure message.
    if (!response.ok) throw new Error(`${action} as ${account.Role}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as ActionResponse<A>;
  };
  return {
    account,
    call,
    snapshots: async (filters) => {
      const all: Snapshot[] = [];
      let token: string | undefined;
      do {
        const page = await call('ReadSnapshots', { Filters: filters, ResultsPerPage: 1000, NextPageToken: token });
        all.push(...page.Snapshots);
        token = page.NextPageToken;
      } while (token);
      return all;
    },
  };
}

interface SandboxFixture {
  baseURL: string;
  accounts(): Promise<DemoAccount[]>;
  account(role: Role): Promise<DemoAccount>;
  /** Signed as a demo account: to learn what the page should show, and to check through the API what it did. */
  api(role: Role): Promise<OscApi>;
  /** The next N signed API calls answer 429. */
  throttleNext(n: number): Promise<void>;
}

interface Fixtures {
  freshSandbox: void;
  sandbox: SandboxFixture;
  snapshotsPage: SnapshotsPage;
  copyDialog: CopyDialog;
}

export const test = base.extend<Fixtures>({
  // This worker's own sandbox (e2e/config.ts), whatever the config file computed in the runner process.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    await use(E2E_BASE_URL);
  },
  // Every test starts from the same demo data, whatever the tests before it copied.
  freshSandbox: [
    async ({ request }, use) => {
      const response = await request.post(`${E2E_BASE_URL}/sandbox/reset`);
      expect(response.ok()).toBe(true);
      await use();
    },
    { auto: true },
  ],
  sandbox: async ({ request }, use) => {
    const accounts = async () => {
      const response = await request.get(`${E2E_BASE_URL}${SANDBOX_ACCOUNTS_PATH}`);
      expect(response.ok()).toBe(true);
      return demoAccountsResponseSchema.parse(await response.json()).Accounts;
    };
    const account = async (role: Role) => accountOf(await accounts(), role);
    await use({
      baseURL: E2E_BASE_URL,
      accounts,
      account,
      api: async (role) => oscApi(E2E_BASE_URL, await account(role)),
      throttleNext: async (n) => {
        const response = await request.post(`${E2E_BASE_URL}/sandbox/faults`, { data: { throttleNext: n } });
        expect(response.ok()).toBe(true);
      },
    });
  },
  snapshotsPage: async ({ page }, use) => {
    await use(new SnapshotsPage(page));
  },
  copyDialog: async ({ page }, use) => {
    await use(new CopyDialog(page));
  },
});

export { expect };
