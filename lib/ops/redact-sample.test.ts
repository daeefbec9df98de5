import { describe, expect, it } from 'vitest';
import { maskDigits, reasonClass, reasonField } from './dlq-reason';
import { redactSample, redactValue } from './redact-sample';

const dead = (value: unknown, reason: string) => ({
  value: typeof value === 'string' ? Buffer.from(value) : Buffer.from(JSON.stringify(value)),
  headers: {},
  reason,
  worker: 'validator',
  at: '2026-11-21T10:00:00.000Z',
  origin: { topic: 'pos.events', partition: 1, offset: '9' },
});

describe('reasons', () => {
  it('one class for the same problem whatever its numbers and ids', () => {
    expect(reasonClass('payload.total: 299 is not the lines (300) less discounts (0) = 300')).toBe('payload.total: # is not the lines (#) less discounts (#) = #');
    expect(reasonClass('storeId: store S777 is not in the master data')).toBe(reasonClass('storeId: store S123 is not in the master data'));
    expect(reasonClass('')).toBe('no reason given');
    expect(reasonClass('x'.repeat(500)).length).toBe(160);
  });

  it('the field a reason names, through `schema:`', () => {
    expect(reasonField('payload.total: 299 is not…')).toBe('payload.total');
    expect(reasonField('schema: payload.loyaltyId: Invalid input')).toBe('payload.loyaltyId');
    expect(reasonField('not JSON: Unexpected token')).toBeNull();
    expect(reasonField('empty message')).toBeNull();
  });

  it('masks card-like digit runs, keeps short numbers', () => {
    expect(maskDigits('card 4111 1111 1111 1111 paid 300')).toBe('card [masked] paid 300');
  });
});

describe('redacted samples', () => {
  it('keeps the identifiers and the named field, nothing else of the event', () => {
    const s = redactSample(
      dead(
        { type: 'pos.receipt.closed', source: 'S001-T01', seq: 4, occurredAt: '2026-11-21T09:59:00.000Z', storeId: 'S001', cashierId: 'C0001', cashierName: 'Ana Ruiz', payload: { total: 299, loyaltyId: 'L-123' } },
        'payload.total: 299 is not the lines (300)',
      ),
    );
    expect(s).toMatchObject({ type: 'pos.receipt.closed', source: 'S001-T01', seq: 4, storeId: 'S001', field: 'payload.total', value: '299', unparseable: false });
    expect(JSON.stringify(s)).not.toMatch(/Ana Ruiz|L-123|C0001/);
  });

  it('masks personal and payment fields a reason names, and long values', () => {
    expect(redactSample(dead({ type: 'pos.loyalty.identified', payload: { loyaltyId: 4111111111111111 } }, 'schema: payload.loyaltyId: bad')).value).toBe('[redacted]');
    expect(redactValue({ cardNumber: '4111111111111111', qty: 2 })).toBe('{"cardNumber":"[redacted]","qty":2}');
    expect(redactValue('z'.repeat(200))!.length).toBe(80);
    expect(redactValue({ note: 'paid with 4111111111111111' })).toBe('{"note":"paid with [masked]"}');
  });

  it('keeps only the size of a message that is not a JSON object', () => {
    const s = redactSample(dead('garbage{ 4111111111111111', 'not JSON: Unexpected token'));
    expect(s).toMatchObject({ unparseable: true, bytes: 25, type: null, value: null, field: null });
    expect(s.reason).toBe('not JSON: Unexpected token');
  });
});
