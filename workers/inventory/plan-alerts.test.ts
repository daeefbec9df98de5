import { describe, expect, it } from 'vitest';
import { redisKeys } from '../../lib/redis-keys';
import type { Check } from '../harness/checked-apply';
import { WriteSet } from '../harness/write-set';
import { planAlerts, thresholdOf, type OutboxMessage, type PairLevels } from './plan-alerts';

const levels = (l: Partial<PairLevels> = {}): PairLevels => ({ reservedRaw: '', incomingRaw: '', thresholdRaw: '', lowRaw: '', replenishmentRaw: '', velocityRaw: '', safetyRaw: '', ...l });
const after = { locationId: 'S001', sku: 'A', onHand: 4, reservedDelta: 0, inbound: 0, ms: 1000 };

function plan(l: PairLevels, a = after) {
  const checks: Check[] = [];
  const ws = new WriteSet();
  const outbox: OutboxMessage[] = [];
  planAlerts(a, l, checks, ws, outbox);
  return { checks, writes: ws.toWrites(), outbox };
}

describe('low-stock rules', () => {
  it('takes the default reorder point from sales velocity when none is set, and never alerts a SKU that does not sell', () => {
    expect(thresholdOf(levels({ velocityRaw: '2' }))).toEqual({ reorderPoint: 6, targetLevel: 20 });
    expect(plan(levels({ velocityRaw: '2' })).outbox.map((m) => JSON.parse(m.value).kind ?? 'order')).toEqual(['low_stock', 'order']);
    expect(plan(levels()).outbox).toEqual([]);
  });

  it('orders up to the target counting what is incoming, and orders nothing while an order is open', () => {
    const set = JSON.stringify({ reorderPoint: 10, targetLevel: 30, source: 'api', setAt: 1 });
    const first = plan(levels({ thresholdRaw: set, incomingRaw: '6', reservedRaw: '1' }));
    // available 4 − 1 = 3; 30 − (3 + 6) = 21.
    expect(JSON.parse(first.outbox[1]!.value)).toMatchObject({ qty: 21, evidence: { available: 3, incoming: 6 } });
    const open = JSON.stringify({ id: 'repl:x', state: 'open' });
    const again = plan(levels({ thresholdRaw: set, replenishmentRaw: open }));
    expect(again.outbox.map((m) => m.topic)).toEqual(['alerts']);
    expect(again.checks).toContainEqual({ op: 'heq', key: redisKeys.invLow('S001'), field: 'A', value: '' });
  });

  it('expires an order that never fully arrived a day later, and orders again if still low', () => {
    const set = JSON.stringify({ reorderPoint: 10, targetLevel: 30, source: 'api', setAt: 1 });
    const open = JSON.stringify({ id: 'repl:old', locationId: 'S001', sku: 'A', qty: 20, state: 'open', createdAt: 0 });
    const later = plan(levels({ thresholdRaw: set, replenishmentRaw: open, incomingRaw: '12' }), { ...after, ms: 25 * 3_600_000 });
    expect(later.writes).toContainEqual({ op: 'hset', key: redisKeys.invReplenishments(), field: 'repl:old', value: expect.stringContaining('"state":"expired"') });
    // 12 no longer incoming; a new order of 30 − 4.
    expect(JSON.parse(later.outbox.find((m) => m.topic === 'replenishment.orders')!.value)).toMatchObject({ qty: 26, evidence: { incoming: 0 } });
    const sooner = plan(levels({ thresholdRaw: set, replenishmentRaw: open, incomingRaw: '12' }), { ...after, ms: 3_600_000 });
    expect(sooner.outbox.map((m) => m.topic)).toEqual(['alerts']);
  });
});
