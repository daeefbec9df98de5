import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { OpsAnswer } from '../lib/ops/ops-types';
import { createIngestKey } from './outside-till';
import { signIn } from './sign-in';

/** The reason class the validator's "total is not the lines" dead letters are counted under (lib/ops/dlq-reason.ts). */
const TOTAL_REASON = 'payload.total: # is not the lines (#) less discounts (#) = #';

async function screenshot(page: Page, name: string, outputDir: string) {
  const file = path.join(outputDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await test.info().attach(name, { path: file, contentType: 'image/png' });
}

/**
 * A receipt the contract accepts (so the REST ingest takes it, 202) and the validator rejects:
 * its close says 9,999 where its one line is 4,900. Sent from a till no simulator knows.
 */
async function sendWrongTotal(request: APIRequestContext, key: string): Promise<string> {
  const tag = Date.now().toString(36).toUpperCase();
  const tillId = `S001-D${tag}`;
  const receiptId = `${tillId}-000001`;
  const at = new Date(Date.now() - 60_000).toISOString();
  const env = { source: tillId, storeId: 'S001', tillId, cashierId: `CD${tag}`, schemaVersion: 1, occurredAt: at, receiptId };
  const events = [
    { type: 'pos.receipt.opened', payload: {} },
    { type: 'pos.item.added', payload: { lineId: 1, sku: 'SKU-E2E', qty: 2, unitPrice: 2450, entry: 'scanned' } },
    { type: 'pos.payment.captured', payload: { method: 'card', amount: 9999 } },
    { type: 'pos.receipt.closed', payload: { total: 9999, items: 2, lines: 1 } },
  ].map((e, i) => ({ ...env, ...e, id: `e2e-dlq-${tag}-${i + 1}`, seq: i + 1 }));
  const res = await request.post('/api/v1/events', { headers: { authorization: `Bearer ${key}` }, data: events });
  expect(res.status(), await res.text()).toBe(202);
  return tillId;
}

test('an admin sees workers and services, and malformed input in the dead letters with its reason', async ({ page, request }, testInfo) => {
  test.setTimeout(150_000);
  await signIn(page, 'admin', '/ops');
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Operations' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Operations', level: 1 })).toBeVisible();
  for (const name of ['kafka', 'redis', 'clickhouse']) await expect(page.getByTestId(`ops-service-${name}`)).toHaveAttribute('data-status', 'ok');
  for (const worker of ['validator', 'aggregator', 'dlq']) await expect(page.getByTestId(`ops-worker-${worker}`)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('ops-lag').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('ops-stores').getByTestId('ops-store-S001')).toBeVisible();
  // The web shop, the warehouse and HQ have their own rows, in no store's.
  for (const source of ['WEB', 'WMS', 'HQ']) await expect(page.getByTestId('ops-sources').getByTestId(`ops-source-${source}`)).toBeVisible();
  const answer = (await (await page.request.get('/api/v1/ops')).json()) as OpsAnswer;
  expect(answer.sources.map((s) => s.source)).toEqual(expect.arrayContaining(['HQ', 'WEB', 'WMS']));
  expect(answer.stores.flatMap((s) => s.gaps.map((g) => g.source)).filter((src) => !/^S\d{3}-/.test(src))).toEqual([]);
  // Rates need two samples of the counters: within a few refreshes the validator shows a number.
  await expect(page.getByTestId('ops-worker-validator').locator('td').nth(1)).not.toHaveText('–', { timeout: 30_000 });
  await screenshot(page, 'ops', testInfo.project.outputDir);

  const tillId = await sendWrongTotal(request, createIngestKey('S001', 'e2e ops wrong total'));
  const reason = page.getByTestId('ops-dlq-reason').and(page.locator(`[data-reason="${TOTAL_REASON}"]`));
  await expect(reason).toBeVisible({ timeout: 60_000 });
  await reason.locator('summary').click();
  const sample = reason.getByTestId('ops-dlq-samples').locator('tr', { hasText: tillId });
  await expect(sample).toBeVisible({ timeout: 30_000 });
  await expect(sample).toContainText('pos.receipt.closed');
  await expect(sample).toContainText('payload.total');
  await expect(sample).toContainText('9999');
  await expect(sample).toContainText('is not the lines (4900)');
  // Redacted: the cashier is not in the sample.
  await expect(reason).not.toContainText(`CD${tillId.slice('S001-D'.length)}`);
  await screenshot(page, 'ops-dlq', testInfo.project.outputDir);

  await page.getByRole('button', { name: /Switch to dark theme/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'ops-dark', testInfo.project.outputDir);
  await page.getByRole('button', { name: /Switch to light theme/ }).click();
});

test('GET /api/metrics as an admin is Prometheus text a real parser reads, with the ops API’s dead letters', async ({ page }) => {
  await signIn(page, 'admin', '/status');
  const ops = (await (await page.request.get('/api/v1/ops')).json()) as OpsAnswer;
  const res = await page.request.get('/api/metrics');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/plain; version=0.0.4');
  const families = parsePrometheusTextFormat(await res.text());
  const names = families.map((f) => f.name);
  for (const n of ['tillstream_worker_consumed_total', 'tillstream_consumer_lag_messages', 'tillstream_store_freshness_seconds', 'tillstream_service_up']) expect(names).toContain(n);
  const up = families.find((f) => f.name === 'tillstream_service_up')!;
  expect(up.metrics.map((m) => [m.labels?.service, m.value]).sort()).toEqual([['clickhouse', '1'], ['kafka', '1'], ['redis', '1']]);
  // Dead letters only grow: each reason the ops API listed is there with at least its count.
  const dlq = families.find((f) => f.name === 'tillstream_dlq_messages_total');
  for (const r of ops.dlq.reasons) {
    const m = dlq?.metrics.find((x) => x.labels?.worker === r.worker && x.labels?.reason === r.reason);
    expect(Number(m?.value), r.reason).toBeGreaterThanOrEqual(r.total);
  }
  expect((await page.request.get('/api/metrics', { headers: { authorization: 'Bearer not-the-token' } })).status()).toBe(401);
});

for (const user of ['manager', 'merch'] as const) {
  test(`a ${user === 'manager' ? 'store manager' : 'merchandiser'} gets 403 on /ops and /api/v1/ops, and no Operations link`, async ({ page }) => {
    await signIn(page, user, '/status');
    await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Operations' })).toHaveCount(0);
    const res = await page.goto('/ops');
    expect(res?.status()).toBe(403);
    await expect(page.getByTestId('not-allowed')).toBeVisible();
    await expect(page.getByTestId('ops-page')).toHaveCount(0);
    expect((await page.request.get('/api/v1/ops')).status()).toBe(403);
    expect((await page.request.get('/api/metrics')).status()).toBe(403);
  });
}
