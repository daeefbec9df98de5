import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './default-rules';
import { evaluate, MAX_HELD, runRules, stateKeyOf, type KeyState, type RuleEvent, type RuleStates } from './evaluate';
import { ruleDraftSchema, ruleSchema, type Rule } from './rule-schema';
import { ruleEventOf } from './rule-event';

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const MIN = 60_000;
const rule = (id: string): Rule => DEFAULT_RULES.find((r) => r.id === id)!;

let seqs = new Map<string, number>();
/** An event at till T1 (source S001-T1) of store S001, `min` minutes after T0. */
function ev(type: string, min: number, o: Partial<RuleEvent> = {}): RuleEvent {
  const tillId = o.tillId ?? 'T1';
  const source = o.source ?? `S001-${tillId}`;
  const seq = o.seq ?? (seqs.get(source) ?? 0) + 1;
  seqs.set(source, seq);
  const ms = T0 + min * MIN;
  return {
    id: `${source}-${seq}`,
    type,
    source,
    seq,
    occurredAt: new Date(ms).toISOString(),
    ms,
    day: '2026-11-21',
    storeId: 'S001',
    tillId,
    cashierId: 'C1',
    receiptId: '',
    lineId: 0,
    sku: '',
    amount: 0,
    units: 0,
    payload: {},
    lineSkus: [],
    kafka: { topic: 'events.validated', partition: 3, offset: String(100 + seq) },
    ...o,
  };
}
const noSale = (min: number, o: Partial<RuleEvent> = {}) => ev('pos.drawer.opened', min, { payload: { reason: 'no_sale' }, ...o });
const postVoid = (min: number, o: Partial<RuleEvent> = {}) => ev('pos.receipt.postvoided', min, { receiptId: 'R9', amount: 1200, units: 2, ...o });

describe('rules as data', () => {
  it('the default rules are valid, one of each kind, enabled', () => {
    expect(new Set(DEFAULT_RULES.map((r) => r.kind))).toEqual(new Set(['sequence', 'receipt_count', 'refund_unsold_sku', 'threshold']));
    for (const r of DEFAULT_RULES) expect(ruleSchema.parse(r)).toEqual(r);
  });

  it('refuses what is not a rule', () => {
    const ok = rule('postvoid-then-nosale');
    const bad: unknown[] = [
      { ...ok, kind: 'magic' },
      { ...ok, steps: [ok.kind === 'sequence' ? ok.steps[0] : null] },
      { ...ok, withinMs: 0 },
      { ...ok, withinMs: 3 * 86_400_000 },
      { ...ok, id: 'Has Spaces' },
      { ...ok, version: 0 },
      { ...ok, extra: 1 },
      { ...rule('postvoid-rate'), metric: 'receipts' },
      { ...rule('many-line-voids'), match: { type: 'DROP TABLE' } },
    ];
    for (const b of bad) expect(ruleSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
    const { version: _v, ...draft } = ok;
    expect(ruleDraftSchema.safeParse(draft).success).toBe(true);
  });
});

describe('evaluate', () => {
  it('a post-void then a no-sale open at the same till within 5 minutes: one hit, with both events and their offsets', () => {
    seqs = new Map();
    const pv = postVoid(0);
    const ns = noSale(2);
    const { hits } = runRules([rule('postvoid-then-nosale')], [pv, ev('pos.item.added', 1, { sku: 'A' }), ns]);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      id: `postvoid-then-nosale:1:${ns.source}:${ns.seq}`,
      ruleId: 'postvoid-then-nosale',
      ruleVersion: 1,
      severity: 'critical',
      subject: { storeId: 'S001', tillId: 'T1', cashierId: 'C1' },
      occurredAt: ns.occurredAt,
    });
    expect(hits[0]!.evidence.map((e) => [e.id, e.type, e.seq, e.kafka?.offset])).toEqual([
      [pv.id, 'pos.receipt.postvoided', pv.seq, pv.kafka!.offset],
      [ns.id, 'pos.drawer.opened', ns.seq, ns.kafka!.offset],
    ]);
  });

  it('not after the window, not at another till, not for another drawer reason, not in the wrong order', () => {
    seqs = new Map();
    const r = [rule('postvoid-then-nosale')];
    expect(runRules(r, [postVoid(0), noSale(5.1)]).hits).toEqual([]);
    expect(runRules(r, [postVoid(0), noSale(1, { tillId: 'T2' })]).hits).toEqual([]);
    expect(runRules(r, [postVoid(0), ev('pos.drawer.opened', 1, { payload: { reason: 'float' } })]).hits).toEqual([]);
    expect(runRules(r, [noSale(0), postVoid(1)]).hits).toEqual([]);
  });

  it('one post-void pairs with one no-sale open', () => {
    seqs = new Map();
    expect(runRules([rule('postvoid-then-nosale')], [postVoid(0), noSale(1), noSale(2)]).hits).toHaveLength(1);
    expect(runRules([rule('postvoid-then-nosale')], [postVoid(10), postVoid(11), noSale(12), noSale(13)]).hits).toHaveLength(2);
  });

  it('a price override then a void of the same line, by the same cashier', () => {
    seqs = new Map();
    const r = [rule('override-then-line-void')];
    const o = { receiptId: 'R1' };
    expect(runRules(r, [ev('pos.price.overridden', 0, { ...o, lineId: 2 }), ev('pos.item.voided', 1, { ...o, lineId: 3 })]).hits).toEqual([]);
    const hit = runRules(r, [ev('pos.price.overridden', 0, { ...o, lineId: 4 }), ev('pos.item.voided', 1, { ...o, lineId: 5 }), ev('pos.item.voided', 2, { ...o, lineId: 4 })]).hits;
    expect(hit.map((h) => h.evidence.map((e) => [e.type, e.lineId]))).toEqual([
      [
        ['pos.price.overridden', 4],
        ['pos.item.voided', 4],
      ],
    ]);
  });

  it('more than 3 line voids in one receipt: one hit at the fourth, with all four', () => {
    seqs = new Map();
    const voids = [1, 2, 3, 4, 5].map((i) => ev('pos.item.voided', i, { receiptId: 'R2', lineId: i }));
    const other = ev('pos.item.voided', 3, { receiptId: 'R3', lineId: 1 });
    const { hits } = runRules([rule('many-line-voids')], [...voids.slice(0, 2), other, ...voids.slice(2)]);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.evidence.map((e) => e.id)).toEqual(voids.slice(0, 4).map((v) => v.id));
    expect(hits[0]!.detail).toEqual({ count: 4, moreThan: 3 });
  });

  it('a refund without receipt of a SKU no till of the store rang up earlier that day', () => {
    seqs = new Map();
    const r = [rule('refund-unsold-sku')];
    const sold = ev('pos.item.added', 0, { tillId: 'T2', sku: 'SKU-A', lineId: 1, receiptId: 'R5' });
    const refund = ev('pos.refund.issued', 5, { amount: 500, payload: { withReceipt: false, amount: 500, method: 'cash' }, lineSkus: ['SKU-A', 'SKU-B'] });
    const withReceipt = ev('pos.refund.issued', 6, { amount: 500, payload: { withReceipt: true }, lineSkus: ['SKU-C'] });
    const { hits } = runRules(r, [sold, refund, withReceipt]);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toEqual({ unsoldSkus: ['SKU-B'], withReceipt: false });
    expect(hits[0]!.evidence.map((e) => e.id)).toEqual([refund.id]);
    // Another day, or another store, knows nothing of that sale.
    expect(runRules(r, [sold, { ...refund, day: '2026-11-22', seq: 99 }]).hits).toHaveLength(1);
  });

  it('a cashier’s post-void rate above 3 per 100 receipts, once they have 20 receipts: one hit a day', () => {
    seqs = new Map();
    const r = [rule('postvoid-rate')];
    const closes = (n: number, from: number, o: Partial<RuleEvent> = {}) =>
      Array.from({ length: n }, (_, i) => ev('pos.receipt.closed', from + i, { receiptId: `R${from + i}`, amount: 1000, units: 2, ...o }));
    // 1 post-void in 19 receipts: 5.26 per 100, but fewer than 20 receipts.
    const early = runRules(r, [...closes(20, 0), postVoid(30)]);
    expect(early.hits).toEqual([]);
    // Two more closes: 21 − 1 = 20 receipts, 1 post-void = 5 per 100 > 3.
    const { hits } = runRules(r, [...closes(1, 40)], early.states);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toMatchObject({ metric: 'postVoids', count: 1, receipts: 20, per100Receipts: 5 });
    expect(hits[0]!.evidence.map((e) => e.type)).toEqual(['pos.receipt.postvoided', 'pos.receipt.closed']);
    expect(runRules(r, [postVoid(50), postVoid(51)], early.states).hits).toEqual([]);
  });

  it('never mutates the state it is given, and ignores events a rule does not look at', () => {
    seqs = new Map();
    const r = rule('postvoid-then-nosale');
    const pv = postVoid(0);
    const s1 = evaluate(r, null, pv).state!;
    const frozen = JSON.stringify(s1);
    const deepFreeze = (o: unknown): void => {
      if (o && typeof o === 'object') {
        Object.freeze(o);
        for (const v of Object.values(o)) deepFreeze(v);
      }
    };
    deepFreeze(s1);
    expect(evaluate(r, s1, noSale(1)).hits).toHaveLength(1);
    expect(JSON.stringify(s1)).toBe(frozen);
    const sale = ev('pos.item.added', 1);
    expect(stateKeyOf(r, sale)).toBeNull();
    expect(evaluate(r, s1, sale)).toEqual({ state: s1, hits: [] });
  });

  it('builds the same event from a row of events.validated or of history', () => {
    const row = {
      id: 'e1', type: 'pos.drawer.opened', source: 'S001-T1', seq: 7, store_id: 'S001', till_id: 'T1', cashier_id: 'C1', receipt_id: '',
      line_id: 0, sku: '', amount: 0, units: 0, payload: '{"reason":"no_sale"}', line_skus: [], kafka_partition: 4, kafka_offset: 1234,
    };
    const e = ruleEventOf(row, T0, '2026-11-21', 'events.validated');
    expect(e).toMatchObject({ occurredAt: '2026-11-21T09:00:00.000Z', payload: { reason: 'no_sale' }, kafka: { topic: 'events.validated', partition: 4, offset: '1234' } });
    expect(ruleEventOf(row, T0, '2026-11-21', null).kafka).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------
// Property: one batch or one by one (the state through JSON, as Redis keeps it) gives the same hits.

const TYPES = ['pos.receipt.postvoided', 'pos.drawer.opened', 'pos.price.overridden', 'pos.item.voided', 'pos.item.added', 'pos.receipt.closed', 'pos.refund.issued'] as const;
const arbStep = fc.record({
  type: fc.constantFrom(...TYPES),
  till: fc.constantFrom('T1', 'T2', 'T3'),
  cashier: fc.constantFrom('C1', 'C2'),
  gapS: fc.integer({ min: 0, max: 400 }),
  receipt: fc.constantFrom('R1', 'R2', 'R3', ''),
  line: fc.integer({ min: 1, max: 3 }),
  sku: fc.constantFrom('A', 'B', 'C'),
  flag: fc.boolean(),
});
type Step = { type: string; till: string; cashier: string; gapS: number; receipt: string; line: number; sku: string; flag: boolean };
function eventsOf(steps: Step[]): RuleEvent[] {
  let ms = T0;
  const seq = new Map<string, number>();
  return steps.map((s) => {
    ms += s.gapS * 1000;
    const source = `S001-${s.till}`;
    const n = (seq.get(source) ?? 0) + 1;
    seq.set(source, n);
    const payload: Record<string, unknown> =
      s.type === 'pos.drawer.opened' ? { reason: s.flag ? 'no_sale' : 'float' } : s.type === 'pos.refund.issued' ? { withReceipt: s.flag } : {};
    return {
      id: `${source}-${n}`,
      type: s.type,
      source,
      seq: n,
      occurredAt: new Date(ms).toISOString(),
      ms,
      day: new Date(ms).toISOString().slice(0, 10),
      storeId: 'S001',
      tillId: s.till,
      cashierId: s.cashier,
      receiptId: s.receipt,
      lineId: s.line,
      sku: s.type === 'pos.item.added' ? s.sku : '',
      amount: 100,
      units: 1,
      payload,
      lineSkus: s.type === 'pos.refund.issued' ? [s.sku] : [],
      kafka: { topic: 'events.validated', partition: 0, offset: String(n) },
    };
  });
}
const tight: Rule[] = [
  ...DEFAULT_RULES,
  { ...rule('many-line-voids'), id: 'two-voids', moreThan: 1 } as Rule,
  { ...rule('postvoid-rate'), id: 'void-rate', metric: 'lineVoids', per100ReceiptsAbove: 10, minReceipts: 2 } as Rule,
  { ...rule('postvoid-then-nosale'), id: 'three-step', by: 'cashier', steps: [{ type: 'pos.item.voided' }, { type: 'pos.receipt.postvoided' }, { type: 'pos.drawer.opened' }] } as Rule,
];

describe('evaluate, as a property', () => {
  it('feeding the events in one batch or in any cut into batches, the states stored as JSON in between, gives the same hits', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { minLength: 1, maxLength: 120 }), fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 20 }), (steps, cuts) => {
        const events = eventsOf(steps);
        const whole = runRules(tight, events).hits;
        let states: RuleStates = new Map();
        const pieces = [];
        for (let i = 0, c = 0; i < events.length; c++) {
          const n = cuts[c % cuts.length]!;
          const { hits, states: next } = runRules(tight, events.slice(i, i + n), states);
          pieces.push(...hits);
          states = new Map([...next].map(([k, v]) => [k, JSON.parse(JSON.stringify(v)) as KeyState]));
          i += n;
        }
        expect(pieces).toEqual(whole);
        // One by one, too.
        const single: typeof whole = [];
        const st: RuleStates = new Map();
        for (const e of events) single.push(...runRules(tight, [e], st).hits);
        expect(single).toEqual(whole);
        // Bounded state.
        for (const s of states.values()) if ('held' in s) expect(s.held.length).toBeLessThanOrEqual(MAX_HELD);
        // Every hit is named by its rule, version and last event, once.
        expect(new Set(whole.map((h) => h.id)).size).toBe(whole.length);
      }),
      { numRuns: 300 },
    );
  });

  it('the events of one till are what a till-keyed rule sees: interleaving other tills changes nothing', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { minLength: 1, maxLength: 80 }), fc.array(fc.nat(), { minLength: 1, maxLength: 80 }), (steps, order) => {
        const events = eventsOf(steps);
        const tillRules = tight.filter((r) => r.kind === 'sequence' && r.by === 'till');
        const byTill = new Map<string, RuleEvent[]>();
        for (const e of events) byTill.set(e.tillId, [...(byTill.get(e.tillId) ?? []), e]);
        // Another interleaving that keeps each till's order (as partitions consumed at different speeds).
        const queues = [...byTill.values()].map((q) => [...q]);
        const shuffled: RuleEvent[] = [];
        let k = 0;
        while (queues.some((q) => q.length > 0)) {
          const live = queues.filter((q) => q.length > 0);
          shuffled.push(live[order[k++ % order.length]! % live.length]!.shift()!);
        }
        const sort = (hs: { id: string }[]) => hs.map((h) => h.id).sort();
        expect(sort(runRules(tillRules, shuffled).hits)).toEqual(sort(runRules(tillRules, events).hits));
      }),
      { numRuns: 200 },
    );
  });
});
