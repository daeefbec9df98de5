import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { KpiAnswer, SeriesAnswer } from '../lib/kpis/kpi-answers';
import { signIn } from './sign-in';

/** The chart's points as the page shows them: [minute ISO, net sales cents]. */
async function shownPoints(page: Page): Promise<[string, number][]> {
  return JSON.parse((await page.getByTestId('per-minute-chart').getAttribute('data-points')) ?? '[]') as [string, number][];
}

async function screenshot(page: Page, name: string, outputDir: string) {
  const file = path.join(outputDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await test.info().attach(name, { path: file, contentType: 'image/png' });
}

test('the chain overview: KPIs, the league with freshness, live sales per minute that agree with the API', async ({ page }, testInfo) => {
  await signIn(page, 'merch');
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Chain overview' })).toBeVisible();
  await expect(page.getByTestId('kpi-net-sales')).toContainText(/Net sales · today/);
  await expect(page.getByTestId('kpi-net-sales')).toContainText(/[€£$]/);
  await expect(page.getByTestId('store-league').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('freshness-S001')).toHaveAttribute('data-status', /online|lagging/);
  await expect(page.getByTestId('top-sku').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('top-category').locator('tbody tr').first()).toBeVisible();

  // Live: the indicator turns live, then deltas arrive and the chart moves while the simulator runs.
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
  const before = JSON.stringify(await shownPoints(page));
  await expect(page.getByTestId('live-updated')).toContainText('updated', { timeout: 30_000 });
  await expect.poll(async () => JSON.stringify(await shownPoints(page)), { timeout: 30_000 }).not.toBe(before);

  // Every closed minute the page shows is the API's number, to the cent (the current and the
  // previous minute may still be moving between the two reads; a busy server may deliver the
  // page's deltas a little after the API answers, so both are read again until they agree).
  let compared = 0;
  await expect
    .poll(
      async () => {
        const api = (await (await page.request.get('/api/v1/sales/per-minute')).json()) as SeriesAnswer;
        const shown = new Map(await shownPoints(page));
        const settled = api.points.slice(0, -2).filter((p) => shown.has(p.minute));
        compared = settled.length;
        return settled.filter((p) => shown.get(p.minute) !== p.netSales).map((p) => `${p.minute}: page ${shown.get(p.minute)}, API ${p.netSales}`);
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toEqual([]);
  expect(compared).toBeGreaterThan(50);
  expect((await shownPoints(page)).some(([, net]) => net !== 0)).toBe(true);

  // The net sales tile is the API's figure at some moment: read both until they meet.
  await expect
    .poll(
      async () => {
        const ui = Number(await page.getByTestId('kpi-net-sales').getAttribute('data-value'));
        const k = (await (await page.request.get('/api/v1/kpis')).json()) as KpiAnswer;
        return ui === k.kpis.netSales;
      },
      { timeout: 30_000, intervals: [200] },
    )
    .toBe(true);
  await screenshot(page, 'overview', testInfo.project.outputDir);
  // The same page in the dark theme, and at tablet width.
  await page.getByRole('button', { name: /Switch to dark theme/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'overview-dark', testInfo.project.outputDir);
  await page.setViewportSize({ width: 820, height: 1180 });
  await screenshot(page, 'overview-tablet', testInfo.project.outputDir);
  // Nothing wider than the screen but the tables, which scroll inside their panels.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
  await page.getByRole('button', { name: /Switch to light theme/ }).click();
});

test('the overview keeps its filters in the URL, and a reload keeps them', async ({ page }) => {
  await signIn(page, 'admin', '/overview');
  const filters = page.getByTestId('filters');
  const region = filters.getByLabel('Region');
  await expect(region.locator('option').nth(1)).toBeAttached();
  const firstRegion = (await region.locator('option').nth(1).textContent())!;
  await region.selectOption(firstRegion);
  await expect(page).toHaveURL(new RegExp(`region=${encodeURIComponent(firstRegion).replace(/%20/g, '(\\+|%20)')}`));
  await filters.getByLabel('Channel').selectOption('stores');
  await filters.getByLabel('Period').selectOption('hour');
  await expect(page).toHaveURL(/channel=stores/);
  await expect(page).toHaveURL(/period=hour/);
  await expect(page.getByTestId('kpi-net-sales')).toContainText('last 60 minutes');
  await page.reload();
  await expect(page.getByTestId('filters').getByLabel('Region')).toHaveValue(firstRegion);
  await expect(page.getByTestId('filters').getByLabel('Channel')).toHaveValue('stores');
  await expect(page.getByTestId('scope-label')).toContainText(`region ${firstRegion}`);
  // The league shows only that region's stores.
  const api = (await (await page.request.get(`/api/v1/kpis/stores?region=${encodeURIComponent(firstRegion)}&channel=stores`)).json()) as { stores: { storeId: string }[] };
  await expect(page.getByTestId('store-league').locator('tbody tr')).toHaveCount(api.stores.length);
  // A custom range in the past: a fixed figure, compared with a week earlier.
  await page.goto('/overview?period=custom&from=2000-01-01T00:00&to=2000-01-01T01:00');
  await expect(page.getByTestId('kpi-net-sales')).toContainText('a week earlier');
  // An address that makes no sense says so, and shows the default.
  await page.goto('/overview?channel=fax');
  await expect(page.getByRole('alert').filter({ hasText: 'channel "fax"' })).toBeVisible();
});

test('a hidden tab pauses the live updates and catches up when shown again', async ({ page }) => {
  await signIn(page, 'merch', '/overview');
  const indicator = page.getByTestId('live-indicator');
  await expect(indicator).toHaveAttribute('data-status', 'live');
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await expect(indicator).toHaveAttribute('data-status', 'paused');
  const frozen = JSON.stringify(await shownPoints(page));
  await page.waitForTimeout(3_000);
  expect(JSON.stringify(await shownPoints(page))).toBe(frozen);
  // Shown again: a fresh snapshot, then deltas again.
  const snapshot = page.waitForResponse((r) => r.url().includes('/api/v1/sales/per-minute') && r.status() === 200);
  await setHidden(false);
  await snapshot;
  await expect(indicator).toHaveAttribute('data-status', 'live');
  await expect.poll(async () => JSON.stringify(await shownPoints(page)), { timeout: 30_000 }).not.toBe(frozen);
});
