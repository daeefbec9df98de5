import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../lib/loss/rules/default-rules';
import type { RuleEvent } from '../../lib/loss/rules/evaluate';
import { redisKeys } from '../../lib/redis-keys';
import type { Check } from '../harness/checked-apply';
import { WriteSet } from '../harness/write-set';
import { planRules, ruleStateKeys } from './plan-rules';

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const ev = (seq: number, type: string, min: number, payload: Record<string, unknown> = {}): RuleEvent => ({
  id: `e${seq}`,
  type,
  source: 'S001-T1',
  seq,
  occurredAt: new Date(T0 + min * 60_000).toISOString(),
  ms: T0 + min * 60_000,
  day: '2026-11-21',
  storeId: 'S001',
  tillId: 'S001-T1',
  cashierId: 'C1',
  receiptId: type === 'pos.receipt.postvoided' ? 'R1' : '',
  lineId: 0,
  sku: '',
  amount: 100,
  units: 1,
  payload,
  lineSkus: [],
  kafka: { topic: 'events.validated', partition: 2, offset: String(40 + seq) },
});
const rule = DEFAULT_RULES.filter((r) => r.id === 'postvoid-then-nosale');

describe('planRules', () => {
  it('checks every state it read, writes the states back with a TTL, and stores and outboxes each hit', () => {
    const events = [ev(1, 'pos.receipt.postvoided', 0), ev(2, 'pos.drawer.opened', 2, { reason: 'no_sale' })];
    const keys = ruleStateKeys(rule, events);
    expect(keys).toEqual(['postvoid-then-nosale@1|till|S001-T1|S001-T1']);
    const checks: Check[] = [];
    const ws = new WriteSet();
    const { alerts, outbox } = planRules(rule, events, new Map([[keys[0]!, '']]), checks, ws);
    expect(checks).toEqual([{ op: 'heq', key: redisKeys.lossRuleState(keys[0]!), field: 's', value: '' }]);
    expect(alerts.map((a) => a.id)).toEqual(['postvoid-then-nosale:1:S001-T1:2']);
    expect(outbox).toEqual([{ topic: 'alerts', key: 'S001:C1', value: JSON.stringify(alerts[0]) }]);
    const writes = ws.toWrites();
    // The pair is used up: the state is gone.
    expect(writes).toContainEqual({ op: 'del', key: redisKeys.lossRuleState(keys[0]!) });
    expect(writes).toContainEqual({ op: 'hset', key: redisKeys.lossHits('S001', '2026-11-21'), field: alerts[0]!.id, value: JSON.stringify(alerts[0]) });
    expect(writes).toContainEqual({ op: 'rpush', key: redisKeys.lossOutbox(), values: [JSON.stringify(outbox[0])] });
  });

  it('keeps a state between batches: the post-void in one, the no-sale open in the next', () => {
    const first = { checks: [] as Check[], ws: new WriteSet() };
    const a = planRules(rule, [ev(1, 'pos.receipt.postvoided', 0)], new Map(), first.checks, first.ws);
    expect(a.alerts).toEqual([]);
    const stored = first.ws.toWrites().find((w) => w.op === 'hset')!;
    expect(first.ws.toWrites()).toContainEqual({ op: 'expire', key: stored.key, seconds: 5 * 60 + 60 });
    const key = ruleStateKeys(rule, [ev(2, 'pos.drawer.opened', 2, { reason: 'no_sale' })])[0]!;
    const b = planRules(rule, [ev(2, 'pos.drawer.opened', 2, { reason: 'no_sale' })], new Map([[key, (stored as { value: string }).value]]), [], new WriteSet());
    expect(b.alerts.map((x) => x.evidence.events.map((e) => [e.id, e.kafka?.offset]))).toEqual([
      [
        ['e1', '41'],
        ['e2', '42'],
      ],
    ]);
  });
});
