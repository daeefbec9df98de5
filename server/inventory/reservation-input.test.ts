import { describe, expect, it } from 'vitest';
import { UserInputError } from '../auth/user-input';
import { parseOrderId, parseReservationRequest, RESERVATION_LIMITS } from './reservation-input';

const valid = { sku: 'SKU-00042', locationId: 'WH1', qty: 2, orderId: 'W-100231', ttlSeconds: 600 };

/** The field and problem a bad input is refused with. */
function refusal(input: unknown): { field: string; problem: string } {
  try {
    parseReservationRequest(input);
  } catch (err) {
    if (err instanceof UserInputError) return { field: err.field, problem: err.problem };
    throw err;
  }
  throw new Error(`accepted: ${JSON.stringify(input)}`);
}

describe('parseReservationRequest', () => {
  it('accepts a valid request as it is, and defaults ttlSeconds', () => {
    expect(parseReservationRequest(valid)).toEqual(valid);
    const { ttlSeconds: _drop, ...noTtl } = valid;
    expect(parseReservationRequest(noTtl).ttlSeconds).toBe(RESERVATION_LIMITS.defaultTtlSeconds);
  });

  it('accepts the bounds', () => {
    for (const qty of [1, RESERVATION_LIMITS.maxQty]) expect(parseReservationRequest({ ...valid, qty }).qty).toBe(qty);
    for (const ttlSeconds of [1, 86_400]) expect(parseReservationRequest({ ...valid, ttlSeconds }).ttlSeconds).toBe(ttlSeconds);
    expect(parseReservationRequest({ ...valid, sku: 'S'.repeat(64), orderId: 'o'.repeat(64), locationId: 'L'.repeat(32) })).toBeTruthy();
  });

  it.each([
    ['sku', { sku: '' }],
    ['sku', { sku: 'S'.repeat(65) }],
    ['sku', { sku: 'SKU 42' }],
    ['sku', { sku: 42 }],
    ['locationId', { locationId: '' }],
    ['locationId', { locationId: 'L'.repeat(33) }],
    ['qty', { qty: 0 }],
    ['qty', { qty: 10_001 }],
    ['qty', { qty: 1.5 }],
    ['qty', { qty: '2' }],
    ['orderId', { orderId: '' }],
    ['orderId', { orderId: 'o'.repeat(65) }],
    ['orderId', { orderId: 'W 1' }],
    ['ttlSeconds', { ttlSeconds: 0 }],
    ['ttlSeconds', { ttlSeconds: 86_401 }],
    ['ttlSeconds', { ttlSeconds: null }],
  ])('refuses a bad %s: %j', (field, patch) => {
    expect(refusal({ ...valid, ...patch }).field).toBe(field);
  });

  it('names a missing field, and an unknown one', () => {
    for (const field of ['sku', 'locationId', 'qty', 'orderId']) {
      const { [field as keyof typeof valid]: _drop, ...rest } = valid;
      expect(refusal(rest).field).toBe(field);
    }
    expect(refusal({ ...valid, price: 3 })).toEqual({ field: 'price', problem: 'not a field of this request' });
  });

  it('refuses a body that is not an object, naming the body', () => {
    for (const body of [null, [], 'x', 3]) expect(refusal(body).field).toBe('');
  });
});

describe('parseOrderId', () => {
  it('takes an order id of the contract, and names orderId otherwise', () => {
    expect(parseOrderId('W-100231')).toBe('W-100231');
    for (const bad of ['', 'o'.repeat(65), 'W 1', 'W\n1']) expect(() => parseOrderId(bad)).toThrow(expect.objectContaining({ field: 'orderId' }) as Error);
  });
});
