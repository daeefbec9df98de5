import { describe, expect, it } from 'vitest';
import { defaultThreshold } from '../../lib/inventory/thresholds';
import { daysOfCover, isTracked, NO_FIELDS, stockLevel, thresholdInForce } from './stock-level';

const fields = (f: Partial<typeof NO_FIELDS>) => ({ ...NO_FIELDS, ...f });

describe('daysOfCover', () => {
  it('is available / units per day, 2 decimals', () => {
    expect(daysOfCover(10, 4)).toBe(2.5);
    expect(daysOfCover(10, 3)).toBe(3.33);
    expect(daysOfCover(1, 1000)).toBe(0);
  });

  it('is 0 with nothing (or less) available, and null for a SKU that does not sell', () => {
    expect(daysOfCover(0, 2)).toBe(0);
    expect(daysOfCover(-5, 2)).toBe(0);
    expect(daysOfCover(10, 0)).toBeNull();
    expect(daysOfCover(0, 0)).toBeNull();
    expect(daysOfCover(10, Number.NaN)).toBeNull();
  });
});

describe('stockLevel', () => {
  it('available is on hand − reserved − safety stock; the fields are read as units', () => {
    const s = stockLevel(fields({ onHand: '50', reserved: '7', safetyStock: '3', incoming: '20' }));
    expect(s).toMatchObject({ onHand: 50, reserved: 7, safetyStock: 3, available: 40, incoming: 20 });
    expect(stockLevel(NO_FIELDS)).toMatchObject({ onHand: 0, reserved: 0, safetyStock: 0, available: 0, incoming: 0, unitsPerDay: 0, daysOfCover: null, low: false });
    expect(stockLevel(fields({ onHand: 'garbage' })).onHand).toBe(0);
    expect(stockLevel(fields({ onHand: '-4' })).available).toBe(-4);
  });

  it('takes the threshold set (with its source and the target an order fills to), else the default from velocity', () => {
    const set = JSON.stringify({ reorderPoint: 12, targetLevel: 60, source: 'masterdata', setAt: 1 });
    expect(stockLevel(fields({ onHand: '11', threshold: set, velocity: '5' }))).toMatchObject({ reorderPoint: 12, targetLevel: 60, thresholdSource: 'masterdata', low: true });
    // Without a target: twice the reorder point (lib/inventory/thresholds.ts targetOf).
    const noTarget = JSON.stringify({ reorderPoint: 12, source: 'api', setAt: 1, setBy: 'merch' });
    expect(stockLevel(fields({ onHand: '12', threshold: noTarget }))).toMatchObject({ reorderPoint: 12, targetLevel: 24, thresholdSource: 'api', low: false });
    // An unreadable threshold is as none: the default applies.
    const d = defaultThreshold(2.5);
    expect(stockLevel(fields({ onHand: '3', threshold: '{oops', velocity: '2.5' }))).toMatchObject({ ...d, thresholdSource: 'velocity', low: 3 < d.reorderPoint, unitsPerDay: 2.5 });
  });

  it('is low when available is under the reorder point, never with a reorder point of 0', () => {
    const rp = (n: number) => JSON.stringify({ reorderPoint: n, source: 'api', setAt: 1 });
    expect(stockLevel(fields({ onHand: '9', threshold: rp(10) })).low).toBe(true);
    expect(stockLevel(fields({ onHand: '10', threshold: rp(10) })).low).toBe(false);
    // Reservations and safety stock count: what cannot be promised is not there.
    expect(stockLevel(fields({ onHand: '15', reserved: '4', safetyStock: '2', threshold: rp(10) })).low).toBe(true);
    expect(stockLevel(fields({ onHand: '-3', threshold: rp(0) })).low).toBe(false);
    // Stock never counted nor moved is not known: a threshold alone (or a reservation) is not low.
    expect(stockLevel(fields({ threshold: rp(10) })).low).toBe(false);
    expect(stockLevel(fields({ reserved: '2', threshold: rp(10) })).low).toBe(false);
    expect(stockLevel(fields({ onHand: '0', threshold: rp(10) })).low).toBe(true);
  });

  it('gives days of cover from the velocity and what is available', () => {
    expect(stockLevel(fields({ onHand: '30', reserved: '6', velocity: '4' }))).toMatchObject({ available: 24, unitsPerDay: 4, daysOfCover: 6 });
    expect(stockLevel(fields({ onHand: '30', velocity: '0' })).daysOfCover).toBeNull();
  });
});

describe('thresholdInForce and isTracked', () => {
  it('names where the threshold comes from', () => {
    expect(thresholdInForce(null, 0)).toEqual({ reorderPoint: 0, targetLevel: 0, thresholdSource: 'velocity' });
    expect(thresholdInForce(JSON.stringify({ reorderPoint: 5, targetLevel: 8, source: 'api', setAt: 1 }), 100)).toEqual({ reorderPoint: 5, targetLevel: 8, thresholdSource: 'api' });
  });

  it('a pair is tracked by any stock field or a threshold, not by velocity alone', () => {
    expect(isTracked(NO_FIELDS)).toBe(false);
    expect(isTracked(fields({ velocity: '3' }))).toBe(false);
    expect(isTracked(fields({ onHand: '0' }))).toBe(true);
    expect(isTracked(fields({ threshold: '{}' }))).toBe(true);
  });
});
