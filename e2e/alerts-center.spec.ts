import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { Alert } from '../lib/alerts/alert-model';
import { createIngestKey, sendPostVoidThenNoSale } from './outside-till';
import { apiSignIn, closeOpened, contexts } from './security-helpers';
import { signIn } from './sign-in';

/**
 * Issue 10's alerts center in the browser: the bell of the top bar and /alerts, live. An outside
 * till of S003 (e2e/outside-till.ts) sends a sale with a sequence gap through the REST ingest;
 * with the store's till gap threshold lowered, the alerts role raises a `till_gap` alert that
 * reaches the open page and the bell without a reload, is acknowledged from the page, and
 * resolves by itself once the missing events arrive. Then who sees what.
 */

interface AlertsAnswer {
  alerts: Alert[];
  total: number;
  counts: { open: number; critical: number };
  generatedAt: string;
}
interface ThresholdsAnswer {
  stores: { storeId: string; thresholds: { tillGapMinutes: number } }[];
  may: { scopes: string[]; fields: string[] };
}

const EVERY_STATE = 'open,acknowledged,resolved';
/** Every kind but the loss rules' hits. */
const NOT_LOSS = 'low_stock,store_offline,revenue_below,till_gap,dlq_rate,consumer_lag';

/** The alerts of a query, every one of them (the API gives the newest 200 unless asked for up to 1000). */
async function alertsOf(request: APIRequestContext, query: string): Promise<Alert[]> {
  const res = await request.get(`/api/v1/alerts${query}${query.includes('?') ? '&' : '?'}limit=1000`);
  expect(res.status(), await res.text()).toBe(200);
  const answer = (await res.json()) as AlertsAnswer;
  expect(answer.alerts.length, 'more than 1000 alerts match: narrow the query').toBe(answer.total);
  return answer.alerts;
}

/** How many alerts of a query the user may see, as the API counts them (no list travels). */
async function countOf(request: APIRequestContext, query: string): Promise<number> {
  const res = await request.get(`/api/v1/alerts${query}&limit=0`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as AlertsAnswer).total;
}

/** How many open alerts the user may see, as the API counts them (the bell's source). */
async function openCount(request: APIRequestContext): Promise<number> {
  const res = await request.get('/api/v1/alerts?state=open&limit=0');
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as AlertsAnswer).counts.open;
}

/**
 * A sale at a fresh till of `storeId`, seqs 1–7: receipt A opened, two lines, paid (4) and
 * closed (5), receipt B opened and a line. `seqs` picks which are sent now; the others can follow
 * (a payment and a close that arrive late still match their receipt). Accepted whole (202).
 */
function saleWithSeqs(storeId: string) {
  const tag = Date.now().toString(36).toUpperCase();
  const tillId = `${storeId}-G${tag}`;
  const cashierId = `CG${tag}`;
  const a = `${tillId}-000001`;
  const b = `${tillId}-000002`;
  const at = (secAgo: number) => new Date(Date.now() - secAgo * 1000).toISOString();
  const env = { source: tillId, storeId, tillId, cashierId, schemaVersion: 1 };
  const events = [
    { type: 'pos.receipt.opened', occurredAt: at(40), receiptId: a, payload: {} },
    { type: 'pos.item.added', occurredAt: at(38), receiptId: a, payload: { lineId: 1, sku: 'SKU-E2E', qty: 1, unitPrice: 250, entry: 'scanned' } },
    { type: 'pos.item.added', occurredAt: at(36), receiptId: a, payload: { lineId: 2, sku: 'SKU-E2E-2', qty: 2, unitPrice: 100, entry: 'scanned' } },
    { type: 'pos.payment.captured', occurredAt: at(34), receiptId: a, payload: { method: 'card', amount: 450 } },
    { type: 'pos.receipt.closed', occurredAt: at(33), receiptId: a, payload: { total: 450, items: 3, lines: 2 } },
    { type: 'pos.receipt.opened', occurredAt: at(30), receiptId: b, payload: {} },
    { type: 'pos.item.added', occurredAt: at(28), receiptId: b, payload: { lineId: 1, sku: 'SKU-E2E', qty: 1, unitPrice: 250, entry: 'scanned' } },
  ].map((e, i) => ({ ...env, ...e, id: `e2e-gap-${tag}-${i + 1}`, seq: i + 1 }));
  return {
    tillId,
    send: async (request: APIRequestContext, key: string, seqs: number[]) => {
      const res = await request.post('/api/v1/events', { headers: { authorization: `Bearer ${key}` }, data: events.filter((e) => seqs.includes(e.seq)) });
      expect(res.status(), await res.text()).toBe(202);
    },
  };
}

/** A source (till) of S003 as the stores API sees it: max seq, gaps. */
async function sourceOf(page: Page, tillId: string): Promise<unknown> {
  const stores = (await (await page.request.get('/api/v1/stores')).json()) as { stores: { storeId: string; sources: { source: string }[] }[] };
  return stores.stores.find((s) => s.storeId === 'S003')?.sources.find((x) => x.source === tillId) ?? null;
}

/**
 * The bell's count agrees with the API's count of open alerts (`check` looks at the ids of the open till gaps of S003). Other alerts
 * open and close meanwhile (the simulator's low stock, at times hundreds a minute): the bell is
 * read before and after the API, and the API's count must lie between the two readings.
 */
async function bellAgrees(page: Page, check: (openIds: string[]) => void): Promise<void> {
  const bell = page.getByTestId('alerts-bell');
  const count = async () => Number(await bell.getAttribute('data-count'));
  await expect(async () => {
    check((await alertsOf(page.request, '?state=open&kind=till_gap&storeId=S003')).map((a) => a.id));
    const before = await count();
    const open = await openCount(page.request);
    const after = await count();
    expect(open, `bell ${before} → ${after}, API ${open}`).toBeGreaterThanOrEqual(Math.min(before, after));
    expect(open, `bell ${before} → ${after}, API ${open}`).toBeLessThanOrEqual(Math.max(before, after));
  }).toPass({ timeout: 90_000, intervals: [500, 1_000, 2_000] });
}

async function setTillGap(page: Page, origin: string, value: number | null): Promise<ThresholdsAnswer> {
  const res = await page.request.patch('/api/v1/alerts/thresholds', { data: { scope: 'store:S003', set: { tillGapMinutes: value } }, headers: { origin } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as ThresholdsAnswer;
}

test.describe('alerts center', () => {
  test.afterEach(closeOpened);

  test('a till gap from an outside till reaches the page and the bell live, is acknowledged, and resolves by itself', async ({ page, request, baseURL }, testInfo) => {
    test.setTimeout(240_000);
    const shot = (name: string) => path.join(testInfo.project.outputDir, name);
    await signIn(page, 'admin', '/alerts');
    const changed = await setTillGap(page, baseURL!, 0.1);
    try {
      expect(changed.stores.find((s) => s.storeId === 'S003')?.thresholds.tillGapMinutes).toBe(0.1);
      const bell = page.getByTestId('alerts-bell');
      await expect(bell).toBeVisible();
      await expect(bell).toHaveAttribute('aria-label', /^Alerts: (none open|\d+ open)/);
      await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live', { timeout: 30_000 });
      // The page's snapshot was read and the alerts room joined before the gap happened: what follows can only come by the push.
      await expect(page.getByTestId('alerts-live')).toHaveAttribute('data-live', 'joined', { timeout: 30_000 });

      const key = createIngestKey('S003', 'e2e alerts center till');
      const sale = saleWithSeqs('S003');
      await sale.send(request, key, [1, 2, 3, 6, 7]);

      // The alerts role sees the gap at one evaluation and raises it at the first one past the threshold.
      const ourGaps = async () => (await alertsOf(page.request, '?kind=till_gap&storeId=S003')).filter((a) => a.subject.tillId === sale.tillId).length;
      await expect.poll(ourGaps, { timeout: 120_000 }).toBe(1).catch(async (err: Error) => {
        throw new Error(`${err.message}\nno till_gap alert for ${sale.tillId} in the API; the till as /api/v1/stores sees it: ${JSON.stringify(await sourceOf(page, sale.tillId))}`);
      });
      const row = page.getByTestId('alerts-table').locator('tbody tr', { hasText: sale.tillId });
      await expect(row).toHaveCount(1, { timeout: 30_000 });
      await expect(row).toHaveAttribute('data-kind', 'till_gap');
      await expect(row).toHaveAttribute('data-state', 'open');
      await expect(row).toHaveAttribute('data-fresh', 'new');
      await expect(row).toContainText('Till sequence gap');
      await expect(row).toContainText('seq 4–5 missing');
      const alertId = (await row.getAttribute('data-testid'))!.replace(/^alert-row-/, '');

      // The bell counts it: ours is among the API's open alerts, and the bell agrees with the API's count.
      await bellAgrees(page, (open) => expect(open).toContain(alertId));
      await expect(bell).toHaveAttribute('aria-label', /^Alerts: \d+ open/);
      await bell.screenshot({ path: shot('alerts-bell.png') });
      await page.screenshot({ path: shot('alerts-live.png'), fullPage: true });

      // Acknowledged from the page: the answer updates the row (who), and the bell lets it go.
      await row.getByRole('button', { name: 'Acknowledge' }).click();
      await expect(row).toHaveAttribute('data-state', 'acknowledged');
      await expect(row.getByTestId('alert-state')).toContainText('Acknowledged');
      await expect(row.getByTestId('alert-state')).toContainText('by admin');
      await expect(row.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
      await bellAgrees(page, (open) => expect(open).not.toContain(alertId));

      // The missing events arrive: the condition clears and the alert resolves by itself, live.
      await sale.send(request, key, [4, 5]);
      await expect(row).toHaveAttribute('data-state', 'resolved', { timeout: 120_000 });
      await expect(row.getByTestId('alert-state')).toContainText('by auto');
      await expect(row.getByTestId('alert-state')).toContainText('acknowledged by admin');
      await expect(row.getByRole('button')).toHaveCount(0);
      await page.screenshot({ path: shot('alerts-resolved.png'), fullPage: true });

      // The API agrees: one till gap alert for that till, resolved by auto after admin acknowledged it.
      const ours = (await alertsOf(page.request, `?kind=till_gap&storeId=S003&state=${EVERY_STATE}`)).filter((a) => a.subject.tillId === sale.tillId);
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatchObject({ id: alertId, state: 'resolved', resolvedBy: 'auto', acknowledgedBy: 'admin' });

      // Filters live in the URL: resolved only, this kind; the row is still there after a reload.
      await page.goto(`/alerts?state=resolved&kind=till_gap&store=S003`);
      await expect(page.getByTestId(`alert-row-${alertId}`)).toHaveAttribute('data-state', 'resolved');
      await expect(page.getByTestId('alerts-filters').getByLabel('Kind')).toHaveValue('till_gap');
    } finally {
      const restored = await setTillGap(page, baseURL!, null);
      expect(restored.stores.find((s) => s.storeId === 'S003')?.thresholds.tillGapMinutes).not.toBe(0.1);
    }
  });

  test('the thresholds page edits a store’s setting and shows a refusal at its field', async ({ page }, testInfo) => {
    await signIn(page, 'admin', '/alerts/rules');
    await expect(page.getByTestId('thresholds-page')).toBeVisible();
    await page.getByTestId('threshold-scope').selectOption('store:S003');
    const form = page.getByTestId('threshold-form-store:S003');
    const field = form.getByTestId('threshold-tillGapMinutes');
    await field.getByRole('textbox').fill('-1');
    await form.getByRole('button', { name: /^Save/ }).click();
    await expect(field.getByRole('alert')).toContainText('tillGapMinutes');
    await expect(field.getByRole('textbox')).toHaveAttribute('aria-invalid', 'true');
    // The pipeline's thresholds are the chain's only: not offered for a store.
    await expect(form.getByTestId('threshold-dlqPerMinute')).toHaveCount(0);
    await expect(page.getByTestId('threshold-store-S003')).toBeVisible();
    await page.screenshot({ path: path.join(testInfo.project.outputDir, 'alerts-thresholds.png'), fullPage: true });
  });

  test('a fraud analyst sees only loss rule alerts; a store manager may not set the chain’s thresholds nor see another store’s alerts', async ({ page, request, baseURL, playwright }, testInfo) => {
    test.setTimeout(180_000);
    // The browser's Notification API, recorded (a headless browser shows none).
    await page.addInitScript(() => {
      const shown: string[] = [];
      class RecordedNotification {
        static permission = 'default';
        static requestPermission = async () => (RecordedNotification.permission = 'granted');
        onclick: (() => void) | null = null;
        constructor(title: string, o?: { body?: string }) {
          shown.push(`${title} | ${o?.body ?? ''}`);
        }
      }
      Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown });
    });
    await signIn(page, 'fraud', '/alerts');
    const notify = page.getByRole('switch', { name: 'Notify me of new critical alerts' });
    await expect(notify).toHaveAttribute('aria-checked', 'false');
    await notify.click();
    await expect(notify).toHaveAttribute('aria-checked', 'true');
    expect(await page.evaluate(() => localStorage.getItem('ts-alert-notify'))).toBe('1');
    await expect(page.getByTestId('alerts-live')).toHaveAttribute('data-live', 'joined', { timeout: 30_000 });

    // A loss rule hit of S001 (an outside till, critical), so that the analyst's list is not empty: it arrives live and is notified.
    const till = await sendPostVoidThenNoSale(request, createIngestKey('S001', 'e2e alerts center loss'), 'S001');
    const table = page.getByTestId('alerts-table');
    await expect(table.locator('tbody tr', { hasText: till.cashierId })).toHaveCount(1, { timeout: 90_000 });
    await expect(async () => {
      const api = await alertsOf(page.request, '?state=open,acknowledged');
      expect(api.length).toBeGreaterThan(0);
      expect(api.every((a) => a.kind === 'loss_rule')).toBe(true);
      // The page shows the newest 300.
      await expect(table.locator('tbody tr')).toHaveCount(Math.min(api.length, 300), { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    const kinds = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(new Set(kinds)).toEqual(new Set(['loss_rule']));
    // Every kind of alert a fraud analyst may not see is absent from the API too (counted by the server over every alert).
    expect(await countOf(page.request, `?state=${EVERY_STATE}&kind=${NOT_LOSS}`)).toBe(0);
    expect(await countOf(page.request, `?state=${EVERY_STATE}&kind=loss_rule`)).toBeGreaterThan(0);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications), { timeout: 30_000 })
      .toContainEqual(expect.stringMatching(new RegExp(`^Critical alert: Loss rule hit \\| S001 · till ${till.tillId}`)));
    await expect(page.getByTestId('alerts-bell')).toBeVisible();
    await page.screenshot({ path: path.join(testInfo.project.outputDir, 'alerts-fraud.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.screenshot({ path: path.join(testInfo.project.outputDir, 'alerts-fraud-dark.png') });

    const manager = await apiSignIn(playwright, baseURL!, 'manager');
    contexts.push(manager.ctx);
    const chain = await manager.ctx.patch('/api/v1/alerts/thresholds', { data: { scope: 'chain', set: { offlineAfterMinutes: 6 } }, headers: manager.own });
    expect(chain.status(), await chain.text()).toBe(403);
    const mine = (await (await manager.ctx.get('/api/v1/alerts/thresholds')).json()) as ThresholdsAnswer;
    expect(mine.may.scopes.sort()).toEqual(['store:S001', 'store:S002']);
    // Counted by the server over every alert: none of another store, none of a kind a store manager may not see.
    for (let n = 3; n <= 12; n++) expect(await countOf(manager.ctx, `?storeId=S${String(n).padStart(3, '0')}&state=${EVERY_STATE}`)).toBe(0);
    expect(await countOf(manager.ctx, `?state=${EVERY_STATE}&kind=loss_rule,dlq_rate,consumer_lag`)).toBe(0);
  });
});
