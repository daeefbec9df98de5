import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';

/**
 * An outside producer for the e2e tests: a till no simulator knows, sending through the real
 * REST ingest (POST /api/v1/events) with an API key made by the real `npm run apikey` command
 * against the app's own Redis (playwright.config.ts hands its port on).
 */
const ROOT = path.join(import.meta.dirname, '..');

export function createIngestKey(storeId: string, name: string): string {
  const redisPort = process.env.TILLSTREAM_E2E_REDIS_PORT;
  if (!redisPort) throw new Error('TILLSTREAM_E2E_REDIS_PORT is unset: run through playwright.config.ts');
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'server/bin/apikey.ts', 'create', '--store', storeId, '--name', name, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${redisPort}` },
  });
  return (JSON.parse(out) as { key: string }).key;
}

export interface OutsideTill {
  storeId: string;
  tillId: string;
  cashierId: string;
  receiptId: string;
}

/**
 * A sale at a fresh till of `storeId`, post-voided 2 minutes later, then the drawer opened
 * without a sale a minute after (the default rule `postvoid-then-nosale`), all in the last
 * 5 minutes; sent in one request and accepted whole (202).
 */
export async function sendPostVoidThenNoSale(request: APIRequestContext, key: string, storeId: string): Promise<OutsideTill> {
  const tag = Date.now().toString(36).toUpperCase();
  const till: OutsideTill = { storeId, tillId: `${storeId}-E${tag}`, cashierId: `CE${tag}`, receiptId: `${storeId}-E${tag}-000001` };
  const at = (minAgo: number) => new Date(Date.now() - minAgo * 60_000).toISOString();
  const env = { source: till.tillId, storeId, tillId: till.tillId, cashierId: till.cashierId, schemaVersion: 1 };
  const events = [
    { type: 'pos.receipt.opened', occurredAt: at(4), receiptId: till.receiptId, payload: {} },
    { type: 'pos.item.added', occurredAt: at(4), receiptId: till.receiptId, payload: { lineId: 1, sku: 'SKU-E2E', qty: 2, unitPrice: 2450, entry: 'scanned' } },
    { type: 'pos.payment.captured', occurredAt: at(3.9), receiptId: till.receiptId, payload: { method: 'card', amount: 4900 } },
    { type: 'pos.receipt.closed', occurredAt: at(3.9), receiptId: till.receiptId, payload: { total: 4900, items: 2, lines: 1 } },
    { type: 'pos.receipt.postvoided', occurredAt: at(2), receiptId: till.receiptId, payload: { total: 4900, items: 2, reason: 'customer changed mind', supervisorId: 'CE2E-SUP' } },
    { type: 'pos.drawer.opened', occurredAt: at(1), payload: { reason: 'no_sale' } },
  ].map((e, i) => ({ ...env, ...e, id: `e2e-${tag}-${i + 1}`, seq: i + 1 }));
  const res = await request.post('/api/v1/events', { headers: { authorization: `Bearer ${key}` }, data: events });
  expect(res.status(), await res.text()).toBe(202);
  return till;
}
