import { expect, expectNoSeriousA11yViolations, test } from './fixtures';

test('the dashboard connects to the sandbox demo operator and shows its live data', async ({ page, sandbox }) => {
  const accounts = await sandbox.accounts();
  const operator = accounts.find((account) => account.Role === 'operator');
  const partner = accounts.find((account) => account.Role === 'partner');
  expect(operator, 'the sandbox seeds an operator account').toBeDefined();
  expect(partner, 'the sandbox seeds a partner account').toBeDefined();

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
  await expect(page.getByLabel('Account ID')).toHaveText(operator!.AccountId);

  const states = page.getByRole('table', { name: 'Number of own snapshots in each state' });
  const count = (state: string) => states.getByRole('row', { name: new RegExp(`^${state}\\b`) }).getByRole('cell');
  await expect(count('completed')).not.toHaveText('0');
  await expect(count('error')).toHaveText('1');
  const total = Number(await states.getByRole('row', { name: /^Total/ }).getByRole('cell').innerText());
  expect(total).toBeGreaterThanOrEqual(35);

  await expectNoSeriousA11yViolations(page);

  await page.getByLabel('Demo account').selectOption(partner!.AccountId);
  await expect(page.getByLabel('Account ID')).toHaveText(partner!.AccountId);
});
