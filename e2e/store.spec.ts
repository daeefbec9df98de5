import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { KpiAnswer } from '../lib/kpis/kpi-answers';
import { signIn } from './sign-in';

test('a store manager starts on its store: KPIs, hourly curve, tills, cashiers, low stock', async ({ page }, testInfo) => {
  await signIn(page, 'manager');
  await expect(page).toHaveURL(/\/stores\/S001$/);
  await expect(page.getByTestId('store-page')).toBeVisible();
  await expect(page.getByTestId('kpi-net-sales')).toContainText(/[€£$]/);
  await expect(page.getByTestId('hourly-chart')).toBeVisible();
  await expect(page.getByTestId('tills').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('cashiers').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('low-stock')).toBeVisible();
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
  // The store's net sales tile is the API's figure for S001 at some moment.
  await expect
    .poll(
      async () => {
        const ui = Number(await page.getByTestId('kpi-net-sales').getAttribute('data-value'));
        const k = (await (await page.request.get('/api/v1/kpis?storeId=S001')).json()) as KpiAnswer;
        return ui === k.kpis.netSales;
      },
      { timeout: 30_000, intervals: [200] },
    )
    .toBe(true);
  // Its navigation lists its two stores and no overview.
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await expect(nav.getByRole('link', { name: 'Store S002' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Overview' })).toHaveCount(0);
  const file = path.join(testInfo.project.outputDir, 'store.png');
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach('store', { path: file, contentType: 'image/png' });
  // The same page at tablet width.
  await page.setViewportSize({ width: 820, height: 1180 });
  const tablet = path.join(testInfo.project.outputDir, 'store-tablet.png');
  await page.screenshot({ path: tablet, fullPage: true });
  await testInfo.attach('store-tablet', { path: tablet, contentType: 'image/png' });
});

test('a store manager is refused another store’s page and the overview, with a page that says so', async ({ page }) => {
  await signIn(page, 'manager');
  for (const url of ['/stores/S003', '/overview']) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(403);
    await expect(page.getByTestId('not-allowed')).toBeVisible();
    await expect(page.getByTestId('store-page')).toHaveCount(0);
  }
  expect((await page.request.get('/api/v1/kpis?storeId=S003')).status()).toBe(403);
});

test('HQ sees any store page, reached from the league', async ({ page }) => {
  await signIn(page, 'fraud', '/overview');
  await page.getByTestId('league-S002').getByRole('link').click();
  await expect(page).toHaveURL(/\/stores\/S002$/);
  await expect(page.getByTestId('tills').locator('tbody tr').first()).toBeVisible();
  // A fraud analyst does not see stock: said so, not an error.
  await expect(page.getByTestId('low-stock')).toContainText('inventory roles');
});
