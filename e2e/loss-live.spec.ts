import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { RiskAnswer } from '../lib/loss/risk-answers';
import { createIngestKey, sendPostVoidThenNoSale } from './outside-till';
import { signIn } from './sign-in';

/** YYYY-MM-DD in the browser's timezone (the page's date inputs use it). */
const today = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/**
 * Issue 8 in the browser, on a pattern of an outside producer (e2e/outside-till.ts): a sale,
 * its post-void and a no-sale drawer open at a till no simulator knows, sent through the REST
 * ingest. The rule's hit reaches an open page live; the ranking filtered by that rule lists
 * the cashier with their hit; a backtest of the rule over today finds it, with its evidence.
 */
test('a rule hit from an outside till arrives live, filters the ranking, and a backtest finds it', async ({ page, request }, testInfo) => {
  test.setTimeout(180_000);
  const key = createIngestKey('S001', 'e2e outside till');
  await signIn(page, 'fraud', '/loss?store=S001');
  await expect(page.getByTestId('rules-alerts')).toBeVisible();
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live', { timeout: 30_000 });
  // The page loaded, and its store's loss room was joined, before the pattern happened: what follows can only come by the push.
  await expect(page.getByTestId('rules-alerts-state')).toHaveAttribute('data-live', 'joined', { timeout: 30_000 });
  const till = await sendPostVoidThenNoSale(request, key, 'S001');

  const row = page.getByTestId('alerts-table').locator('tr', { hasText: till.cashierId });
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  await expect(row).toHaveAttribute('data-fresh', 'true');
  await expect(row).toContainText('new');
  await expect(row.getByRole('link', { name: till.cashierId })).toHaveAttribute('href', `/loss/cashiers/${till.cashierId}?store=S001`);
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'loss-live-alert.png'), fullPage: true });

  // The ranking filtered by the rule: the cashiers it hit today, as the API lists them, ours among them.
  await page.getByTestId('loss-filters').getByLabel(/^Rule/).selectOption('postvoid-then-nosale');
  await expect(page).toHaveURL(/[?&]rule=postvoid-then-nosale/);
  await expect(page.getByTestId('rule-filter-note')).toBeVisible();
  const ours = page.getByTestId(`risk-row-${till.cashierId}`);
  await expect(ours).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('risk-table').getByRole('columnheader', { name: 'Rule hits' })).toBeVisible();
  const api = (await (await page.request.get('/api/v1/loss/risk?storeId=S001&rule=postvoid-then-nosale&limit=1000')).json()) as RiskAnswer;
  const mine = api.cashiers.find((c) => c.cashierId === till.cashierId);
  expect(mine?.ruleHits).toBe(1);
  await expect(page.getByTestId('risk-table').locator('tbody tr')).toHaveCount(api.cashiers.length);
  await expect(ours.locator('td').nth(7)).toHaveText('1');
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'loss-rule-filter.png'), fullPage: true });

  // A backtest of the rule over today replays ClickHouse's history and finds the same pattern.
  await page.goto('/loss/rules');
  await page.getByTestId('backtest-rule').selectOption('postvoid-then-nosale');
  await page.getByTestId('backtest-from').fill(today());
  await page.getByTestId('backtest-to').fill(today());
  const byCashier = page.getByTestId('backtest-by-cashier');
  await expect(async () => {
    await page.getByTestId('backtest-run').click();
    await expect(byCashier).toContainText(till.cashierId, { timeout: 10_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
  await expect(page.getByTestId('backtest-examples').locator(`a[href^="/loss/receipts/${till.receiptId}"]`).first()).toBeVisible();
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'loss-backtest-hits.png'), fullPage: true });
});
