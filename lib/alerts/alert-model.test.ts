import { describe, expect, it } from 'vitest';
import { lossAlertSchema, type LossAlert } from '../loss/rules/loss-alert';
import type { StockAlert } from '../inventory/stock-alerts';
import { alertSchema, dedupeKeyOf, openAlert } from './alert-model';
import { acknowledge, escalate, raise, resolveAuto, resolveBy, resolvedUnseen } from './alert-transitions';
import { fromLossAlert, fromStockAlert, parseTopicAlert } from './topic-alerts';

const stock: StockAlert = {
  id: 'low:S001:SKU1:1',
  kind: 'low_stock',
  severity: 'critical',
  subject: { locationId: 'S001', sku: 'SKU1' },
  evidence: { onHand: 0, reserved: 0, available: 0, incoming: 0, reorderPoint: 4 },
  state: 'open',
  openedAt: 1000,
};
const loss: LossAlert = lossAlertSchema.parse({
  id: 'R1:1:S001-T1:42',
  kind: 'loss_rule',
  severity: 'warning',
  subject: { storeId: 'S001', tillId: 'T1', cashierId: 'C7', receiptId: 'RC9' },
  evidence: { ruleId: 'R1', ruleVersion: 1, ruleName: 'void after override', ruleKind: 'sequence', events: [], detail: {} },
  state: 'open',
  openedAt: 2000,
  day: '2026-11-21',
});

describe('mapping the alerts topic into the one model', () => {
  it('maps a low stock alert: the location is the subject store, the SKU its sku', () => {
    const t = fromStockAlert(stock);
    expect(t.resolvedAt).toBeNull();
    expect(t.raised).toMatchObject({ id: stock.id, kind: 'low_stock', severity: 'critical', subject: { storeId: 'S001', sku: 'SKU1' }, openedAt: 1000 });
    expect(fromStockAlert({ ...stock, state: 'resolved', resolvedAt: 5000 }).resolvedAt).toBe(5000);
  });

  it('maps a loss rule hit: store, till, cashier and rule as the subject, the receipt as evidence', () => {
    const t = fromLossAlert(loss);
    expect(t.raised.subject).toEqual({ storeId: 'S001', tillId: 'T1', cashierId: 'C7', ruleId: 'R1' });
    expect(t.raised.evidence).toMatchObject({ ruleId: 'R1', receiptId: 'RC9', day: '2026-11-21' });
  });

  it('parses the bytes of either, and names what is wrong otherwise', () => {
    expect(parseTopicAlert(Buffer.from(JSON.stringify(stock)))).toMatchObject({ ok: true, alert: { raised: { kind: 'low_stock' } } });
    expect(parseTopicAlert(Buffer.from(JSON.stringify(loss)))).toMatchObject({ ok: true, alert: { raised: { kind: 'loss_rule' } } });
    expect(parseTopicAlert(Buffer.from('{'))).toEqual({ ok: false, reason: 'alert: not JSON' });
    expect(parseTopicAlert(Buffer.from('{"kind":"x"}'))).toMatchObject({ ok: false });
  });

  it('opens a valid alert of the model, with its dedupe key', () => {
    const a = openAlert(fromStockAlert(stock).raised, 9);
    expect(alertSchema.parse(a)).toEqual(a);
    expect(a).toMatchObject({ state: 'open', version: 1, repeats: 0, dedupeKey: 'low_stock|S001||SKU1||' });
  });
});

describe('dedupe and state changes', () => {
  const r = fromLossAlert(loss).raised;
  const a = openAlert(r, 10);

  it('keys one open alert per kind and subject', () => {
    expect(dedupeKeyOf('store_offline', { storeId: 'S1' })).not.toBe(dedupeKeyOf('revenue_below', { storeId: 'S1' }));
    expect(dedupeKeyOf('store_offline', { storeId: 'S1' })).toBe(dedupeKeyOf('store_offline', { storeId: 'S1' }));
  });

  it('opens a new alert, then nothing for the same id again (a replay)', () => {
    expect(raise(r, { byId: null, open: null, merged: false }, 10)).toMatchObject({ open: 'set', expectedVersion: 0 });
    expect(raise(r, { byId: a, open: a, merged: false }, 11)).toBeNull();
    expect(raise(r, { byId: null, open: null, merged: true }, 11)).toBeNull();
  });

  it('counts another alert of the same condition as a repeat of the open one (no storm)', () => {
    const c = raise({ ...r, id: 'other' }, { byId: null, open: a, merged: false }, 12)!;
    expect(c).toMatchObject({ open: 'keep', mergedId: 'other', expectedVersion: 1, alert: { id: a.id, repeats: 1, repeatIds: ['other'], version: 2 } });
  });

  it('acknowledges, then resolves; each only once', () => {
    const ack = acknowledge(a, 'fraud', 20)!;
    expect(ack.alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'fraud', acknowledgedAt: 20, version: 2 });
    expect(acknowledge(ack.alert, 'fraud', 21)).toBeNull();
    const res = resolveBy(ack.alert, 'admin', 30)!;
    expect(res).toMatchObject({ open: 'del', alert: { state: 'resolved', resolvedBy: 'admin', resolvedAt: 30, version: 3 } });
    expect(resolveBy(res.alert, 'admin', 31)).toBeNull();
    expect(resolveAuto(res.alert, 31, 31)).toBeNull();
    expect(acknowledge(res.alert, 'x', 32)).toBeNull();
  });

  it('resolves automatically when the condition clears, and keeps a resolution never seen open as history', () => {
    expect(resolveAuto(a, 40, 41)?.alert).toMatchObject({ state: 'resolved', resolvedBy: 'auto', resolvedAt: 40 });
    expect(resolveAuto(null, 40, 41)).toBeNull();
    expect(resolvedUnseen(r, 50, 51)).toMatchObject({ open: 'keep', alert: { state: 'resolved', resolvedAt: 50 } });
  });
});

describe('escalation while the condition holds', () => {
  const lagging = { id: 'store_offline:S001:1', kind: 'store_offline' as const, severity: 'warning' as const, subject: { storeId: 'S001' }, evidence: { reason: 'lagging' }, openedAt: 1000 };
  it('a graver verdict raises the open alert’s severity and evidence, keeping it the one alert; the same or lesser changes nothing', () => {
    const open = openAlert(lagging, 1000);
    const c = escalate(open, { ...lagging, id: 'store_offline:S001:2', severity: 'critical', evidence: { reason: 'silent' } }, 5000);
    expect(c).toMatchObject({ expectedVersion: 1, open: 'keep', alert: { id: lagging.id, severity: 'critical', evidence: { reason: 'silent' }, version: 2, updatedAt: 5000 } });
    expect(escalate(open, lagging, 5000)).toBeNull();
    expect(escalate(c!.alert, { ...lagging, severity: 'warning' }, 6000)).toBeNull();
    expect(escalate(null, lagging, 6000)).toBeNull();
  });
});
