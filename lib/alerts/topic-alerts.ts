import { z } from 'zod';
import { stockAlertSchema, type StockAlert } from '../inventory/stock-alerts';
import { lossAlertSchema, type LossAlert } from '../loss/rules/loss-alert';
import type { RaisedAlert } from './alert-model';

/** A message of the `alerts` topic, mapped into the one model: what was raised, and whether the producer says it is resolved (and when). */
export interface TopicAlert {
  raised: RaisedAlert;
  resolvedAt: number | null;
}

export function fromStockAlert(a: StockAlert): TopicAlert {
  return {
    raised: {
      id: a.id,
      kind: 'low_stock',
      severity: a.severity,
      subject: { storeId: a.subject.locationId, sku: a.subject.sku },
      evidence: { ...a.evidence },
      openedAt: a.openedAt,
    },
    resolvedAt: a.state === 'resolved' ? (a.resolvedAt ?? a.openedAt) : null,
  };
}

/** A loss rule's hit: subject store, till, cashier and rule (the receipt is evidence: two hits of one rule by one cashier are one condition). */
export function fromLossAlert(a: LossAlert): TopicAlert {
  const { storeId, tillId, cashierId, receiptId } = a.subject;
  return {
    raised: {
      id: a.id,
      kind: 'loss_rule',
      severity: a.severity,
      subject: { storeId, tillId, cashierId, ruleId: a.evidence.ruleId },
      evidence: { ...a.evidence, receiptId, day: a.day },
      openedAt: a.openedAt,
    },
    resolvedAt: a.state === 'resolved' ? a.openedAt : null,
  };
}

const topicAlertSchema = z.union([stockAlertSchema, lossAlertSchema]);

/** The bytes of an `alerts` message → the one model, or the reason it is not an alert (for the DLQ). */
export function parseTopicAlert(value: Buffer | null): { ok: true; alert: TopicAlert } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(value?.toString('utf8') ?? '');
  } catch {
    return { ok: false, reason: 'alert: not JSON' };
  }
  const r = topicAlertSchema.safeParse(json);
  if (!r.success) return { ok: false, reason: `alert: ${r.error.issues[0]?.path.join('.') || 'body'}: ${r.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, alert: r.data.kind === 'low_stock' ? fromStockAlert(r.data) : fromLossAlert(r.data) };
}
