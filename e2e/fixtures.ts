import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { createOscClient, type OscClient } from '../src/api/client';
import { demoAccountsResponseSchema, SANDBOX_ACCOUNTS_PATH, type DemoAccount } from '../src/api/sandbox';
import { E2E_BASE_URL } from './config';

/** Fails with the list of serious or critical axe violations on the page as it is now. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, 'serious or critical accessibility violations').toEqual([]);
}

interface SandboxFixture {
  baseURL: string;
  accounts(): Promise<DemoAccount[]>;
  /** The real typed client, signed as a demo account: to check through the API what the page did. */
  api(role: 'operator' | 'partner'): Promise<OscClient>;
  /** The next N signed API calls answer 429. */
  throttleNext(n: number): Promise<void>;
}

export const test = base.extend<{ sandbox: SandboxFixture; freshSandbox: void }>({
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
    await use({
      baseURL: E2E_BASE_URL,
      accounts,
      api: async (role) => {
        const account = (await accounts()).find((a) => a.Role === role);
        if (!account) throw new Error(`no ${role} demo account`);
        return createOscClient({ endpoint: E2E_BASE_URL, region: account.Region, accessKey: account.AccessKey, secretKey: account.SecretKey });
      },
      throttleNext: async (n) => {
        const response = await request.post(`${E2E_BASE_URL}/sandbox/faults`, { data: { throttleNext: n } });
        expect(response.ok()).toBe(true);
      },
    });
  },
});

export { expect };
