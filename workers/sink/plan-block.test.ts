import { describe, expect, it } from 'vitest';
import type { InputMessage } from '../harness/worker';
import { toEventRow } from './event-row';
import { classify, settle } from './plan-block';

const msg = (offset: number, source: string, seq: number): InputMessage => ({
  topic: 'events.validated',
  partition: 0,
  offset: String(offset),
  key: source,
  value: Buffer.from(JSON.stringify({ id: `${source}-${seq}`, type: 'pos.drawer.opened', schemaVersion: 1, source, seq, occurredAt: '2026-11-21T10:00:00Z', payload: {} })),
  headers: {},
});
const bad = (offset: number): InputMessage => ({ ...msg(offset, 'X', 1), value: Buffer.from('{oops') });
const run = (messages: InputMessage[], done: bigint | null, recovered = new Set<string>()) =>
  classify(
    messages,
    messages.map((m) => toEventRow(m.value, m.partition, m.offset)),
    done,
    recovered,
  );

describe('classify and settle: what one batch inserts', () => {
  it('a first batch: every storable message is a candidate, the block covers all its offsets', () => {
    const c = run([msg(10, 'A', 1), msg(11, 'A', 2), bad(12), msg(13, 'B', 1)], null);
    expect(c.candidates).toEqual([0, 1, 3]);
    expect([c.from, c.to]).toEqual(['10', '13']);
    expect(c.outcomes[2]).toMatchObject({ kind: 'dlq', reason: expect.stringMatching(/^not JSON/) });
  });

  it('drops an event seen earlier in the block, and those Redis has seen', () => {
    const c = run([msg(0, 'A', 1), msg(1, 'A', 2), msg(2, 'A', 1), msg(3, 'B', 5)], null);
    expect(c.candidates).toEqual([0, 1, 3]);
    const { outcomes, kept } = settle(c, [false, true, false]);
    expect(kept).toEqual([0, 3]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'duplicate', 'duplicate', 'ok']);
  });

  it('a replay: offsets up to done insert nothing; ok if re-sent by this call, duplicate if stored before, dlq again if bad', () => {
    const c = run([msg(5, 'A', 1), bad(6), msg(7, 'A', 2), msg(8, 'A', 3), msg(9, 'A', 4)], 8n, new Set(['7', '8']));
    expect(c.candidates).toEqual([4]);
    expect([c.from, c.to]).toEqual(['9', '9']);
    const { outcomes, kept } = settle(c, [false]);
    expect(outcomes.map((o) => o.kind)).toEqual(['duplicate', 'dlq', 'ok', 'ok', 'ok']);
    expect(kept).toEqual([4]);
  });

  it('a batch replayed entirely has no block', () => {
    const c = run([msg(0, 'A', 1), msg(1, 'A', 2)], 1n);
    expect(c).toMatchObject({ candidates: [], from: null, to: null });
  });

});
