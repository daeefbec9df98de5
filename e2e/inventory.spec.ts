import path from 'node:path';
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import type { LocationStockAnswer, SkuStockAnswer } from '../lib/inventory/inventory-api-types';
import { signIn } from './sign-in';

/**
 * The inventory page against the live chain (the simulator keeps selling while the test
 * runs): find a SKU by typing part of it, see it at every location the API lists with the
 * same numbers, a store manager's scope, a reorder point set through the page, the fraud
 * analyst refused. Numbers move: the page and the API are read again until they agree.
 */

type Row = SkuStockAnswer['locations'][number];

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), `${url} → ${res.status()}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

/**
 * A SKU of S001 with master data and stock that sells slowly (its numbers move least while
 * the page and the API are compared), once the simulator's stock has reached the inventory.
 */
async function quietSkuOfS001(request: APIRequestContext): Promise<string> {
  let items: LocationStockAnswer['items'] = [];
  await expect
    .poll(
      async () => {
        items = (await json<LocationStockAnswer>(request, '/api/v1/inventory/locations/S001?sort=sku&limit=1000')).items.filter((i) => i.name !== null && i.onHand > 0);
        return items.length;
      },
      { message: 'stock at S001', timeout: 90_000, intervals: [1000] },
    )
    .toBeGreaterThan(0);
  const selling = items.filter((i) => i.unitsPerDay > 0).sort((a, b) => a.unitsPerDay - b.unitsPerDay);
  return (selling[0] ?? items[0]!).sku;
}

/** A number as the page shows it ("1,250 units", "-3 units", "3.4 days"); null for "no sales". */
const numberIn = (text: string): number | null => {
  const m = /-?[\d,]+(\.\d+)?/.exec(text);
  return m ? Number(m[0].replace(/,/g, '')) : null;
};

/** The stock table as shown: location → the number of each column. */
async function tableOnPage(page: Page): Promise<Record<string, Record<string, number | null>>> {
  const rows = await page
    .getByTestId('sku-stock-table')
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        id: (tr.getAttribute('data-testid') ?? '').replace(/^stock-row-/, ''),
        cells: Object.fromEntries([...tr.querySelectorAll('[data-col]')].map((c) => [c.getAttribute('data-col') ?? '', c.textContent ?? ''])),
      })),
    );
  return Object.fromEntries(
    rows.map((r) => [r.id, Object.fromEntries(Object.entries(r.cells).filter(([k]) => k !== 'location' && k !== 'status').map(([k, v]) => [k, numberIn(v)]))]),
  );
}

const COLUMNS = ['onHand', 'reserved', 'safetyStock', 'available', 'incoming', 'reorderPoint'] as const;
const expectedOf = (locations: Row[]) => Object.fromEntries(locations.map((l) => [l.locationId, Object.fromEntries(COLUMNS.map((c) => [c, l[c]]))]));

/** The page's table and the API's answer are the same, location by location (re-read both until they are: stock moves). */
async function expectTableMatchesApi(page: Page, sku: string): Promise<SkuStockAnswer> {
  let api: SkuStockAnswer | undefined;
  await expect(async () => {
    api = await json<SkuStockAnswer>(page.request, `/api/v1/inventory/skus/${encodeURIComponent(sku)}`);
    const shown = await tableOnPage(page);
    expect(Object.keys(shown).sort(), 'locations').toEqual(api.locations.map((l) => l.locationId).sort());
    // Days of cover are shown with one decimal (the API has two).
    for (const l of api.locations) {
      const days = shown[l.locationId]!.daysOfCover;
      if (l.daysOfCover === null) expect(days, `${l.locationId} days of cover`).toBeNull();
      else expect(Math.abs(days! - l.daysOfCover), `${l.locationId} days of cover ${days} vs ${l.daysOfCover}`).toBeLessThanOrEqual(0.051);
      delete shown[l.locationId]!.daysOfCover;
    }
    expect(shown).toEqual(expectedOf(api.locations));
  }).toPass({ timeout: 45_000, intervals: [1000, 2000] });
  return api!;
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(testInfo.project.outputDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test.describe('inventory page', () => {
  test.setTimeout(180_000);

  test('a merchandiser finds a SKU by typing part of it and sees it at every location, as the API says', async ({ page }, testInfo) => {
    await signIn(page, 'merch', '/inventory');
    await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible();
    const sku = await quietSkuOfS001(page.request);

    const box = page.getByRole('combobox', { name: 'Find a SKU' });
    await box.fill('zz-no-such-thing');
    await expect(page.getByTestId('sku-search-status')).toHaveText("No SKU matches 'zz-no-such-thing'");

    // Part of the id; then the keyboard: down to the SKU, Enter.
    await box.fill(sku.slice(0, -1));
    const options = page.getByRole('listbox', { name: 'Matching SKUs' }).getByRole('option');
    await expect(options.filter({ hasText: sku })).toBeVisible();
    await expect(box).toHaveAttribute('aria-expanded', 'true');
    const suggestions = path.join(testInfo.project.outputDir, 'inventory-suggestions.png');
    await page.screenshot({ path: suggestions });
    await testInfo.attach('inventory-suggestions', { path: suggestions, contentType: 'image/png' });
    const texts = await options.allTextContents();
    const index = texts.findIndex((t) => t.startsWith(sku));
    expect(index, texts.join(' | ')).toBeGreaterThanOrEqual(0);
    for (let i = 0; i <= index; i++) await box.press('ArrowDown');
    await expect(options.nth(index)).toHaveAttribute('aria-selected', 'true');
    await expect(box).toHaveAttribute('aria-activedescendant', (await options.nth(index).getAttribute('id'))!);
    await box.press('Enter');

    await expect(page).toHaveURL(new RegExp(`[?&]sku=${sku}(&|$)`));
    await expect(page.getByRole('listbox', { name: 'Matching SKUs' })).toBeHidden();
    await expect(page.getByTestId('sku-heading')).toContainText(sku);
    const api = await expectTableMatchesApi(page, sku);
    expect(api.locations.length).toBeGreaterThan(1);
    // Totals: the API's, with their unit.
    await expect(page.getByTestId('stock-totals').locator('[data-col="onHand"]')).toContainText(/units?$/);

    // Live: read again every 10 s while the tab is visible, and says when.
    const updated = page.getByTestId('sku-updated');
    await expect(updated).toHaveText(/^updated \d\d:\d\d:\d\d$/);
    const first = await updated.textContent();
    await expect(updated).not.toHaveText(first!, { timeout: 25_000 });

    // A location: its low-stock list (as many as the API counts) and its open orders; the view is in the URL.
    await page.getByTestId('location-picker').selectOption('S001');
    await expect(page).toHaveURL(/[?&]location=S001(&|$)/);
    await expect(page.getByTestId('low-stock').getByRole('heading', { name: /Low stock at S001/ })).toBeVisible();
    await expect(async () => {
      const low = await json<LocationStockAnswer>(page.request, '/api/v1/inventory/locations/S001?lowOnly=true&limit=1000');
      if (low.total === 0) await expect(page.getByTestId('low-empty')).toHaveText('S001 has nothing below its reorder point.', { timeout: 1000 });
      else await expect(page.getByTestId('low-count')).toContainText(`${low.total === 1 ? '1 SKU' : `${low.total} SKUs`} below`, { timeout: 1000 });
    }).toPass({ timeout: 45_000 });
    await expect(page.getByTestId('replenishments').getByRole('heading', { name: /Open replenishment orders at S001/ })).toBeVisible();
    await expect(page.getByTestId('orders-table').or(page.getByTestId('orders-empty'))).toBeVisible();

    // The same view after a reload (shared link).
    await page.reload();
    await expect(page.getByTestId('sku-heading')).toContainText(sku);
    await expect(page.getByTestId('location-picker')).toHaveValue('S001');
    await expect(page.getByRole('combobox', { name: 'Find a SKU' })).toHaveValue(sku);
    await expectTableMatchesApi(page, sku);

    await screenshot(page, testInfo, 'inventory');
    // Tablet: the page does not scroll sideways; wide tables scroll inside their card.
    await page.setViewportSize({ width: 820, height: 1180 });
    await expect(page.getByTestId('sku-stock-table')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, testInfo, 'inventory-tablet');
  });

  test('a store manager sees its stores only, and sets a reorder point that the API then answers', async ({ page }, testInfo) => {
    await signIn(page, 'manager', '/inventory');
    const sku = await quietSkuOfS001(page.request);

    // A click on the suggestion this time.
    const box = page.getByRole('combobox', { name: 'Find a SKU' });
    await box.fill(sku.slice(0, -1).toLowerCase());
    await page.getByRole('option').filter({ hasText: sku }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]sku=${sku}(&|$)`));

    const api = await expectTableMatchesApi(page, sku);
    const mine = api.locations.map((l) => l.locationId);
    expect(mine).toContain('S001');
    for (const l of mine) expect(['S001', 'S002']).toContain(l);
    expect(await page.getByTestId('location-picker').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean))).toEqual(['S001', 'S002']);

    // The API's validation, shown by its field.
    const form = page.getByTestId('reorder-form');
    await form.getByTestId('reorder-location').selectOption('S001');
    // Above what S001 has: the SKU becomes low there.
    const point = Math.max(api.locations.find((l) => l.locationId === 'S001')!.available, 0) + 500;
    const units = (n: number) => `${n.toLocaleString('en-US')} units`;
    await form.getByLabel('Reorder point (units)').fill(String(point));
    await form.getByLabel('Target level (units, optional)').fill('5');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByTestId('reorder-error-targetLevel')).toHaveText('must be above reorderPoint');
    await expect(form.getByLabel('Target level (units, optional)')).toHaveAttribute('aria-invalid', 'true');

    await form.getByLabel('Target level (units, optional)').fill(String(point + 100));
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByTestId('reorder-status')).toHaveText(`Saved: ${sku} at S001 reorders below ${units(point)}; orders fill up to ${units(point + 100)}.`);
    const s001 = async () => (await json<SkuStockAnswer>(page.request, `/api/v1/inventory/skus/${sku}`)).locations.find((l) => l.locationId === 'S001')!;
    expect(await s001()).toMatchObject({ reorderPoint: point, targetLevel: point + 100, thresholdSource: 'api', low: true });
    await expect(page.getByTestId('stock-row-S001').locator('[data-col="reorderPoint"]')).toHaveText(`${units(point)} set`);
    await expect(page.getByTestId('stock-row-S001').locator('[data-col="status"]')).toHaveText(/low|out/);

    // Now in S001's low-stock list.
    await page.getByTestId('location-picker').selectOption('S001');
    await expect(page.getByTestId(`low-row-${sku}`)).toBeVisible();
    await expect(page.getByTestId(`low-row-${sku}`).locator('[data-col="reorderPoint"]')).toHaveText(`${units(point)} set`);
    await screenshot(page, testInfo, 'inventory-manager');

    // Back to the default: the API no longer has one set.
    await form.getByRole('button', { name: 'Back to default' }).click();
    await expect(form.getByTestId('reorder-status')).toContainText(`${sku} at S001 is back to the default`);
    expect((await s001()).thresholdSource).not.toBe('api');
  });

  test('a fraud analyst gets the not-allowed page, and no Inventory link', async ({ page }) => {
    await signIn(page, 'fraud', '/status');
    await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Inventory' })).toHaveCount(0);
    const res = await page.goto('/inventory');
    expect(res?.status()).toBe(403);
    await expect(page.getByTestId('not-allowed')).toBeVisible();
    await expect(page.getByTestId('sku-stock')).toHaveCount(0);
    expect((await page.request.get('/api/v1/inventory/skus?q=SKU')).status()).toBe(403);
  });
});
