import { describe, expect, it } from 'vitest';
import { exampleEvent } from '../../lib/contract/example-event';
import { checkSyntax } from './check-syntax';

const NOW = Date.parse('2026-11-21T10:15:03.123Z');
const buf = (x: unknown) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x));

describe('checkSyntax', () => {
  it('accepts a contract event on its topic, and on a MirrorMaker copy of pos.events', () => {
    expect(checkSyntax(buf(exampleEvent('pos.item.added')), 'pos.events', NOW).ok).toBe(true);
    expect(checkSyntax(buf(exampleEvent('pos.item.added')), 'S001.pos.events', NOW).ok).toBe(true);
    expect(checkSyntax(buf(exampleEvent('ecom.order.paid')), 'ecom.events', NOW).ok).toBe(true);
  });

  it('names what is wrong', () => {
    expect(checkSyntax(null, 'pos.events', NOW)).toEqual({ ok: false, reason: 'empty message' });
    expect(checkSyntax(buf('{"id":'), 'pos.events', NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/^not JSON/) });
    const noQty = exampleEvent('pos.item.added') as { payload: Record<string, unknown> };
    delete noQty.payload.qty;
    expect(checkSyntax(buf(noQty), 'pos.events', NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('payload.qty') });
    expect(checkSyntax(buf(exampleEvent('pos.item.added')), 'ecom.events', NOW)).toEqual({ ok: false, reason: 'type: pos.item.added belongs on pos.events, not ecom.events' });
    const future = { ...exampleEvent('pos.item.added'), occurredAt: '2026-11-21T10:30:00.000Z' };
    expect(checkSyntax(buf(future), 'pos.events', NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/^occurredAt: .* in the future/) });
  });
});

describe('seen bitmap keys', () => {
  it('chunk seqs so that any seq of the contract fits a Redis bitmap', async () => {
    const { redisKeys } = await import('../../lib/redis-keys');
    expect(redisKeys.validatorSeen('S001-T01', 5)).toEqual({ key: 'ts:val:seen:S001-T01:0', bit: 5 });
    const big = redisKeys.validatorSeen('S001-T01', Number.MAX_SAFE_INTEGER);
    expect(big.bit).toBeLessThan(2 ** 24);
    expect(big.key).toBe(`ts:val:seen:S001-T01:${Math.floor(Number.MAX_SAFE_INTEGER / 2 ** 24)}`);
  });
});
