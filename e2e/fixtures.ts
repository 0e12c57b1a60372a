import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
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
}

export const test = base.extend<{ sandbox: SandboxFixture }>({
  sandbox: async ({ request }, use) => {
    await use({
      baseURL: E2E_BASE_URL,
      accounts: async () => {
        const response = await request.get(`${E2E_BASE_URL}${SANDBOX_ACCOUNTS_PATH}`);
        expect(response.ok()).toBe(true);
        return demoAccountsResponseSchema.parse(await response.json()).Accounts;
      },
    });
  },
});

export { expect };
