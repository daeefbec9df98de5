import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectMessages, createKeyWithCli, ndjson, postEvents, startWeb, stopWeb, type CreatedKey } from '../../test/ingest-harness';
import type { TillstreamProcess } from '../../test/tillstream-process';

/**
 * An integrator who has only read the design's wire contract ("Event envelope", "Wire
 * contract of the core events") sends a day's worth of a small shop over REST. The
 * events below are written by hand from that page: nothing here comes from lib/contract,
 * so a change there that breaks what outside producers rely on fails this test.
 */
describe('an outside producer, from the wire contract alone', () => {
  const run = crypto.randomBytes(4).toString('hex');
  let web: TillstreamProcess;
  let key: CreatedKey;
  let consumer: Awaited<ReturnType<typeof collectMessages>>;

  beforeAll(async () => {
    [web, key, consumer] = await Promise.all([
      startWeb('outside-producer'),
      createKeyWithCli('S010', 'Corner shop integration'),
      collectMessages(['pos.events', 'ecom.events', 'warehouse.events'], `op-${run}`),
    ]);
  });

  afterAll(async () => {
    await consumer?.stop();
    await stopWeb(web);
  });

  const till = { storeId: 'S010', tillId: 'S010-T01', cashierId: 'C0007', receiptId: `S010-T01-${run}-1` };
  const at = (s: number) => `2026-11-21T10:15:${String(s).padStart(2, '0')}.000Z`;

  it('a receipt, a void, a discount, a refund, drawer and Z report: 202', async () => {
    const events = [
      { id: `op-${run}-1`, type: 'pos.receipt.opened', schemaVersion: 1, source: 'S010-T01', seq: 1, occurredAt: at(1), ...till, payload: {} },
      {
        id: `op-${run}-2`,
        type: 'pos.item.added',
        schemaVersion: 1,
        source: 'S010-T01',
        seq: 2,
        occurredAt: at(2),
        ...till,
        payload: { lineId: 1, sku: 'MILK-1L', qty: 2, unitPrice: 129, entry: 'scanned' },
      },
      {
        id: `op-${run}-3`,
        type: 'pos.item.added',
        schemaVersion: 1,
        source: 'S010-T01',
        seq: 3,
        occurredAt: at(3),
        ...till,
        payload: { lineId: 2, sku: 'BREAD-500', qty: 1, unitPrice: 249, entry: 'keyed' },
      },
      { id: `op-${run}-4`, type: 'pos.item.voided', schemaVersion: 1, source: 'S010-T01', seq: 4, occurredAt: at(4), ...till, payload: { lineId: 2 } },
      {
        id: `op-${run}-5`,
        type: 'pos.discount.applied',
        schemaVersion: 1,
        source: 'S010-T01',
        seq: 5,
        occurredAt: at(5),
        ...till,
        payload: { kind: 'loyalty', amount: 20, lineId: 1 },
      },
      {
        id: `op-${run}-6`,
        type: 'pos.payment.captured',
        schemaVersion: 1,
        source: 'S010-T01',
        seq: 6,
        occurredAt: at(6),
        ...till,
        payload: { method: 'card', amount: 238 },
      },
      {
        id: `op-${run}-7`,
        type: 'pos.receipt.closed',
        schemaVersion: 1,
        source: 'S010-T01',
        seq: 7,
        occurredAt: at(7),
        ...till,
        payload: { total: 238, items: 2, lines: 1 },
      },
      {
        id: `op-${run}-8`,
        type: 'pos.drawer.opened',
        schemaVersion: 1,
        source: 'S010-T01',
        seq: 8,
        occurredAt: at(8),
        storeId: 'S010',
        tillId: 'S010-T01',
        cashierId: 'C0007',
        payload: { reason: 'no_sale' },
      },
      {
        id: `op-${run}-9`,
        type: 'pos.refund.issued',
        schemaVersion: 1,
        source: 'S010-T01',
        seq: 9,
        occurredAt: at(9),
        storeId: 'S010',
        tillId: 'S010-T01',
        cashierId: 'C0007',
        receiptId: `S010-T01-${run}-2`,
        payload: { amount: 129, withReceipt: true, originalReceiptId: `S010-T01-${run}-1`, method: 'card', lines: [{ sku: 'MILK-1L', qty: 1 }] },
      },
      {
        id: `op-${run}-10`,
        type: 'pos.report.z',
        schemaVersion: 1,
        source: 'S010-T01',
        seq: 10,
        occurredAt: at(10),
        storeId: 'S010',
        tillId: 'S010-T01',
        cashierId: 'C0007',
        payload: { expectedCash: 15000, countedCash: 14950 },
      },
    ];
    const r = await postEvents(web.url, key.key, ndjson(events), { contentType: 'application/x-ndjson' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toEqual({ accepted: events.length });
    const got = await consumer.waitFor(events.map((e) => e.id));
    expect(got.every((m) => m.topic === 'pos.events' && m.key === 'S010:S010-T01')).toBe(true);
  });

  it("the web shop's order for the store and its stock movements: 202", async () => {
    const events = [
      {
        id: `op-${run}-w1`,
        type: 'ecom.order.placed',
        schemaVersion: 1,
        source: 'S010-WEB',
        seq: 1,
        occurredAt: at(20),
        storeId: 'S010',
        payload: { orderId: `W-${run}-1`, lines: [{ sku: 'MILK-1L', qty: 3, unitPrice: 129 }], total: 387, locationId: 'S010' },
      },
      { id: `op-${run}-w2`, type: 'ecom.order.paid', schemaVersion: 1, source: 'S010-WEB', seq: 2, occurredAt: at(21), storeId: 'S010', payload: { orderId: `W-${run}-1`, amount: 387 } },
      { id: `op-${run}-w3`, type: 'ecom.order.shipped', schemaVersion: 1, source: 'S010-WEB', seq: 3, occurredAt: at(22), storeId: 'S010', payload: { orderId: `W-${run}-1` } },
      {
        id: `op-${run}-s1`,
        type: 'stock.received',
        schemaVersion: 1,
        source: 'S010-BACKOFFICE',
        seq: 1,
        occurredAt: at(23),
        storeId: 'S010',
        payload: { locationId: 'S010', sku: 'MILK-1L', qty: 24 },
      },
      {
        id: `op-${run}-s2`,
        type: 'stock.adjusted',
        schemaVersion: 1,
        source: 'S010-BACKOFFICE',
        seq: 2,
        occurredAt: at(24),
        storeId: 'S010',
        payload: { locationId: 'S010', sku: 'MILK-1L', delta: -1, reason: 'damaged' },
      },
      {
        id: `op-${run}-s3`,
        type: 'stock.counted',
        schemaVersion: 1,
        source: 'S010-BACKOFFICE',
        seq: 3,
        occurredAt: at(25),
        storeId: 'S010',
        payload: { locationId: 'S010', sku: 'MILK-1L', counted: 20 },
      },
      {
        id: `op-${run}-s4`,
        type: 'stock.transferred',
        schemaVersion: 1,
        source: 'S010-BACKOFFICE',
        seq: 4,
        occurredAt: at(26),
        storeId: 'S010',
        payload: { fromLocationId: 'S010', toLocationId: 'S011', sku: 'BREAD-500', qty: 5 },
      },
    ];
    const r = await postEvents(web.url, key.key, events);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toEqual({ accepted: events.length });
    const got = await consumer.waitFor(events.map((e) => e.id));
    const topicOf = Object.fromEntries(got.map((m) => [m.value.id, [m.topic, m.key]]));
    expect(topicOf[`op-${run}-w1`]).toEqual(['ecom.events', `W-${run}-1`]);
    expect(topicOf[`op-${run}-s1`]).toEqual(['warehouse.events', 'S010:MILK-1L']);
    expect(topicOf[`op-${run}-s4`]).toEqual(['warehouse.events', 'S010:BREAD-500']);
  });
});
