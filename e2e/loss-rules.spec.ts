import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from './sign-in';

/** YYYY-MM-DD in the browser's timezone (the page's date inputs use it). */
const today = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

test('a fraud analyst opens the rules, backtests a default rule over today and sees a result', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'fraud', '/loss');
  await page.getByTestId('rules-link').click();
  await expect(page).toHaveURL(/\/loss\/rules$/);
  await expect(page.getByTestId('loss-rules-page')).toBeVisible();
  const row = page.getByTestId('rule-many-line-voids');
  await expect(row).toBeVisible();
  await expect(row).toContainText('More than 3 × pos.item.voided in one receipt');
  // Not an admin: nothing to change.
  await expect(row.getByRole('button', { name: 'Disable' })).toHaveCount(0);
  await expect(page.getByTestId('rule-editor')).toHaveCount(0);

  await page.getByTestId('backtest-rule').selectOption('postvoid-then-nosale');
  await page.getByTestId('backtest-from').fill(today());
  await page.getByTestId('backtest-to').fill(today());
  await page.getByTestId('backtest-run').click();
  const result = page.getByTestId('backtest-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('backtest-error')).toHaveCount(0);
  const hits = Number((await page.getByTestId('backtest-hits').innerText()).replace(/[^0-9]/g, ''));
  expect(Number.isInteger(hits)).toBe(true);
  await expect(result).toContainText(/took \d/);
  if (hits === 0) await expect(page.getByTestId('backtest-no-hits')).toContainText('No hits');
  else {
    await expect(page.getByTestId('backtest-by-cashier').locator('tbody tr').first()).toBeVisible();
    await expect(page.getByTestId('backtest-examples').locator('a[href^="/loss/receipts/"]').first()).toBeVisible();
  }
  await expect(page.getByTestId('rules-alerts')).toBeVisible();
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'loss-rules.png'), fullPage: true });
});

test('an admin disables and re-enables a rule, and its version goes up each time', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  await signIn(page, 'admin', '/loss/rules');
  const row = page.getByTestId('rule-refund-unsold-sku');
  await expect(row).toBeVisible();
  const version = async () => Number((await row.getByTestId('rule-version').innerText()).replace(/^v/, ''));
  const v0 = await version();
  await expect(row.getByTestId('rule-enabled')).toHaveText('on');

  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row.getByTestId('rule-enabled')).toHaveText('off');
  await expect(row.getByTestId('rule-version')).toHaveText(`v${v0 + 1}`);

  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row.getByTestId('rule-enabled')).toHaveText('on');
  await expect(row.getByTestId('rule-version')).toHaveText(`v${v0 + 2}`);

  // The editor shows the rule's JSON, based on the version shown.
  await row.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByTestId('rule-editor')).toContainText(`based on version ${v0 + 2}`);
  await expect(page.getByLabel('Rule JSON (without id and version)')).toHaveValue(/"kind": "refund_unsold_sku"/);
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'loss-rules-admin.png'), fullPage: true });
});

test('a store manager gets "not allowed" on the rules page and 403 from the rules API', async ({ page }) => {
  await signIn(page, 'manager');
  const res = await page.goto('/loss/rules');
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('not-allowed')).toBeVisible();
  await expect(page.getByTestId('loss-rules-page')).toHaveCount(0);
  expect((await page.request.get('/api/v1/loss/rules')).status()).toBe(403);
  expect((await page.request.get('/api/v1/loss/alerts')).status()).toBe(403);
});
