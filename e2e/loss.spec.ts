import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import type { CashierReceiptsAnswer, ReceiptJournalAnswer } from '../lib/loss/journal-answers';
import type { RiskAnswer } from '../lib/loss/risk-answers';
import { signIn } from './sign-in';

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(testInfo.project.outputDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test('a fraud analyst drills from the ranking to a cashier, to one of their receipts with an exception, and reads its journal', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'fraud', '/loss');
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Loss prevention' })).toBeVisible();
  await expect(page.getByTestId('loss-page')).toBeVisible();
  await expect(page.getByTestId('risk-table').locator('tbody tr').first()).toBeVisible({ timeout: 60_000 });

  // A ranked cashier with at least one receipt carrying an exception today (asked of the API, as the page would).
  let chosen: { cashierId: string; storeId: string; receiptId: string } | null = null;
  await expect
    .poll(
      async () => {
        const risk = (await (await page.request.get('/api/v1/loss/risk?limit=1000')).json()) as RiskAnswer;
        for (const c of risk.cashiers.slice(0, 20)) {
          const r = (await (await page.request.get(`/api/v1/loss/cashiers/${encodeURIComponent(c.cashierId)}/receipts?storeId=${c.storeId}&exceptionsOnly=true&limit=50`)).json()) as CashierReceiptsAnswer;
          // A line void, an override or a post-void rather than a keyed line, when there is one.
          const strong = r.receipts.find((x) => x.exceptions.postVoided || x.exceptions.priceOverrides || x.exceptions.lineVoids);
          const first = strong ?? r.receipts.find((x) => Object.keys(x.exceptions).some((k) => k !== 'approvals'));
          if (first) {
            chosen = { cashierId: c.cashierId, storeId: c.storeId, receiptId: first.receiptId };
            return true;
          }
        }
        return false;
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toBe(true);
  const { cashierId, storeId } = chosen!;
  await shot(page, testInfo, 'loss-ranking');

  // The ranking links to the cashier's page.
  await page.getByTestId(`risk-row-${cashierId}`).getByRole('link', { name: cashierId }).click();
  await expect(page).toHaveURL(new RegExp(`/loss/cashiers/${cashierId}\\?store=${storeId}`));
  await expect(page.getByTestId('loss-cashier-page')).toBeVisible();
  await expect(page.getByTestId('cashier-day-chart')).toBeVisible();
  await expect(page.getByTestId('peer-table')).toBeVisible();
  await expect(page.getByTestId('receipts-table').locator('tbody tr').first()).toBeVisible();
  // With exceptions only: in the URL, and every row flagged.
  await page.getByTestId('exceptions-only').check();
  await expect(page).toHaveURL(/exceptionsOnly=true/);
  const rows = page.getByTestId('receipts-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toHaveClass(/loss-flagged/);
  // The CSV link downloads the same filter as CSV.
  const csvHref = await page.getByTestId('receipts-csv').getAttribute('href');
  expect(csvHref).toContain('format=csv');
  expect(csvHref).toContain('exceptionsOnly=true');
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
  expect(csv.headers()['content-disposition']).toMatch(/attachment; filename="receipts-/);
  await shot(page, testInfo, 'loss-cashier');

  // To the chosen receipt with an exception, and its journal.
  const { receiptId } = chosen!;
  await page.getByTestId(`receipt-${receiptId}`).getByRole('link', { name: receiptId }).click();
  await expect(page).toHaveURL(new RegExp(`/loss/receipts/${receiptId}`));
  await expect(page.getByTestId('loss-receipt-page')).toBeVisible();
  const journalRows = page.getByTestId('journal-table').locator('tbody tr');
  await expect(journalRows.first()).toBeVisible();
  const api = (await (await page.request.get(`/api/v1/loss/receipts/${encodeURIComponent(receiptId)}?storeId=${storeId}`)).json()) as ReceiptJournalAnswer;
  await expect(journalRows).toHaveCount(api.events.length);
  expect(api.events.some((e) => ['pos.item.voided', 'pos.price.overridden', 'pos.receipt.voided', 'pos.receipt.postvoided', 'pos.discount.applied', 'pos.item.added', 'pos.refund.issued'].includes(e.type))).toBe(true);
  await expect(page.getByTestId('receipt-summary')).toBeVisible();
  await expect(page.getByTestId(`back-to-${cashierId}`).first()).toBeVisible();
  await shot(page, testInfo, 'loss-receipt');
  await page.setViewportSize({ width: 820, height: 1180 });
  await shot(page, testInfo, 'loss-receipt-tablet');
  // Back to the cashier.
  await page.getByTestId(`back-to-${cashierId}`).first().click();
  await expect(page.getByTestId('loss-cashier-page')).toBeVisible();
  await expect(page.getByTestId('receipts-table').locator('tbody tr').first()).toBeVisible();
  await shot(page, testInfo, 'loss-cashier-tablet');
});

test('a store manager gets "not allowed" on every loss page and 403 from the loss APIs', async ({ page }) => {
  await signIn(page, 'manager');
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Loss prevention' })).toHaveCount(0);
  for (const url of ['/loss', '/loss/cashiers/C0001', '/loss/receipts/S001-T01-000001']) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(403);
    await expect(page.getByTestId('not-allowed')).toBeVisible();
    await expect(page.getByTestId('loss-page')).toHaveCount(0);
  }
  for (const url of ['/api/v1/loss/receipts/S001-T01-000001', '/api/v1/loss/cashiers/C0001/receipts', '/api/v1/loss/cashiers/C0001/receipts?format=csv', '/api/v1/loss/risk', '/api/v1/loss/exceptions?groupBy=cashier']) {
    expect((await page.request.get(url)).status(), url).toBe(403);
  }
});
