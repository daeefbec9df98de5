import { REPLENISHMENT_EXPIRES_MS, subjectKey, type ReplenishmentOrder, type StockAlert } from '../../lib/inventory/stock-alerts';
import { defaultThreshold, parseThreshold, targetOf, type Threshold } from '../../lib/inventory/thresholds';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import type { Check } from '../harness/checked-apply';
import type { WriteSet } from '../harness/write-set';

/** What the alert rules read of one SKU at one location, besides its on hand. */
export interface PairLevels {
  reservedRaw: string;
  incomingRaw: string;
  /** The stored threshold (JSON) or ''. */
  thresholdRaw: string;
  /** The open low_stock alert (JSON) or ''. */
  lowRaw: string;
  /** The open replenishment order (JSON) or ''. */
  replenishmentRaw: string;
  /** Units sold per day (invVelocity), '' when unknown. */
  velocityRaw: string;
  /** Safety stock (invSafetyStock), '' when none. */
  safetyRaw: string;
}

/** One pair after the batch's movements. */
export interface PairAfter {
  locationId: string;
  sku: string;
  onHand: number;
  reservedDelta: number;
  /** Units that arrived (received, transferred in): they settle what was incoming. */
  inbound: number;
  /** Event time of the pair's last change in the batch. */
  ms: number;
}

/** A message planned with the batch's writes, produced once they are applied (the outbox). */
export interface OutboxMessage {
  topic: string;
  key: string;
  value: string;
}

/**
 * The rules of issue 6 for each pair whose stock changed and is known (planStock does not
 * call this for a pair never counted nor moved: lib/inventory/stock-known.ts); its
 * threshold: the one set over the API or by master data, else the default from sales velocity:
 * - available (on hand − reserved − safety stock) drops below the reorder point while the pair is not
 *   low: one `low_stock` alert, and one replenishment order up to the target level counting
 *   what is incoming (none while one is open); then nothing more while it stays low;
 * - available is back at or above the reorder point: the alert is resolved;
 * - units arrive: what was incoming drops by them; an order fully arrived is received, one
 *   not fully arrived a day after it was raised expires (the rest is no longer incoming);
 * Every write is checked against what was read (the low and order fields), so a crossing
 * raises one alert however batches of other partitions interleave; alerts and orders go
 * into the outbox in the same atomic apply, and to Kafka after it.
 */
export function planAlerts(after: PairAfter, levels: PairLevels, checks: Check[], ws: WriteSet, outbox: OutboxMessage[]): void {
  const { locationId, sku, ms } = after;
  const reserved = Number(levels.reservedRaw || 0) + after.reservedDelta;
  let incoming = Number(levels.incomingRaw || 0);
  // Available to promise, as the reservation API and the read API count it.
  const available = after.onHand - reserved - Number(levels.safetyRaw || 0);
  const threshold = thresholdOf(levels);
  const pairField = subjectKey(locationId, sku);
  let order = levels.replenishmentRaw ? (JSON.parse(levels.replenishmentRaw) as ReplenishmentOrder) : null;

  if (after.inbound > 0 && incoming > 0) {
    const settled = Math.min(incoming, after.inbound);
    ws.hincrby(redisKeys.invIncoming(locationId), sku, -settled);
    incoming -= settled;
    if (incoming === 0 && order) {
      const received: ReplenishmentOrder = { ...order, state: 'received', receivedAt: ms };
      checks.push({ op: 'heq', key: redisKeys.invOpenReplenishment(), field: pairField, value: levels.replenishmentRaw });
      ws.push({ op: 'hset', key: redisKeys.invReplenishments(), field: order.id, value: JSON.stringify(received) });
      ws.push({ op: 'hset', key: redisKeys.invOpenReplenishment(), field: pairField, value: '' });
      order = null;
    }
  }

  // An order that never fully arrived (the warehouse was short) stops counting as incoming.
  if (order && ms - order.createdAt > REPLENISHMENT_EXPIRES_MS) {
    if (incoming > 0) ws.hincrby(redisKeys.invIncoming(locationId), sku, -incoming);
    incoming = 0;
    checks.push({ op: 'heq', key: redisKeys.invOpenReplenishment(), field: pairField, value: levels.replenishmentRaw });
    ws.push({ op: 'hset', key: redisKeys.invReplenishments(), field: order.id, value: JSON.stringify({ ...order, state: 'expired', expiredAt: ms } satisfies ReplenishmentOrder) });
    ws.push({ op: 'hset', key: redisKeys.invOpenReplenishment(), field: pairField, value: '' });
    order = null;
  }

  const evidence = { onHand: after.onHand, reserved, available, incoming, reorderPoint: threshold.reorderPoint };
  const low = levels.lowRaw ? (JSON.parse(levels.lowRaw) as StockAlert) : null;
  if (!low && threshold.reorderPoint > 0 && available < threshold.reorderPoint) {
    const alert: StockAlert = {
      id: `low_stock:${locationId}:${sku}:${ms}`,
      kind: 'low_stock',
      severity: available <= 0 ? 'critical' : 'warning',
      subject: { locationId, sku },
      evidence,
      state: 'open',
      openedAt: ms,
    };
    checks.push({ op: 'heq', key: redisKeys.invLow(locationId), field: sku, value: '' });
    ws.push({ op: 'hset', key: redisKeys.invLow(locationId), field: sku, value: JSON.stringify(alert) });
    ws.push({ op: 'hset', key: redisKeys.invAlerts(), field: alert.id, value: JSON.stringify(alert) });
    outbox.push({ topic: TOPICS.alerts.name, key: pairField, value: JSON.stringify(alert) });
    const qty = targetOf(threshold) - (available + incoming);
    if (!order && qty > 0) {
      const created: ReplenishmentOrder = { id: `repl:${locationId}:${sku}:${ms}`, locationId, sku, qty, targetLevel: targetOf(threshold), evidence, alertId: alert.id, state: 'open', createdAt: ms };
      checks.push({ op: 'heq', key: redisKeys.invOpenReplenishment(), field: pairField, value: levels.replenishmentRaw });
      ws.push({ op: 'hset', key: redisKeys.invOpenReplenishment(), field: pairField, value: JSON.stringify(created) });
      ws.push({ op: 'hset', key: redisKeys.invReplenishments(), field: created.id, value: JSON.stringify(created) });
      ws.hincrby(redisKeys.invIncoming(locationId), sku, qty);
      outbox.push({ topic: TOPICS.replenishmentOrders.name, key: pairField, value: JSON.stringify(created) });
    }
  } else if (low && available >= threshold.reorderPoint) {
    const resolved: StockAlert = { ...low, state: 'resolved', resolvedAt: ms, evidence };
    checks.push({ op: 'heq', key: redisKeys.invLow(locationId), field: sku, value: levels.lowRaw });
    ws.push({ op: 'hset', key: redisKeys.invLow(locationId), field: sku, value: '' });
    ws.push({ op: 'hset', key: redisKeys.invAlerts(), field: low.id, value: JSON.stringify(resolved) });
    outbox.push({ topic: TOPICS.alerts.name, key: pairField, value: JSON.stringify(resolved) });
  }
}

/** The pair's threshold: set (API, master data), else the default from its velocity. */
export function thresholdOf(levels: Pick<PairLevels, 'thresholdRaw' | 'velocityRaw'>): Pick<Threshold, 'reorderPoint' | 'targetLevel'> {
  return parseThreshold(levels.thresholdRaw) ?? defaultThreshold(Number(levels.velocityRaw || 0));
}
