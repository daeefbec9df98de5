import { describe, expect, it } from 'vitest';
import { parseInput, UserInputError } from '../auth/user-input';
import {
  alertsQuerySchema,
  INVENTORY_LIMITS,
  locationIdSchema,
  locationStockQuerySchema,
  movementsQuerySchema,
  parsePath,
  parseQuery,
  replenishmentsQuerySchema,
  skuSchema,
  thresholdRequestSchema,
} from './inventory-input';

const get = (query: string) => new Request(`http://127.0.0.1:3000/api/v1/inventory/x?${query}`);

/** The field and problem a bad input is refused with. */
function refusal(run: () => unknown): { field: string; problem: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof UserInputError) return { field: err.field, problem: err.problem };
    throw err;
  }
  throw new Error('accepted');
}

describe('location stock query', () => {
  it('defaults: every category, not only low, by days of cover, 100 per page', () => {
    expect(parseQuery(locationStockQuerySchema, get(''))).toEqual({ lowOnly: false, sort: 'daysOfCover', limit: INVENTORY_LIMITS.defaultPage });
  });

  it('takes every parameter', () => {
    expect(parseQuery(locationStockQuerySchema, get('category=dairy&lowOnly=true&sort=available&limit=5&cursor=abc'))).toEqual({
      category: 'dairy',
      lowOnly: true,
      sort: 'available',
      limit: 5,
      cursor: 'abc',
    });
    expect(parseQuery(locationStockQuerySchema, get('lowOnly=0')).lowOnly).toBe(false);
    expect(parseQuery(locationStockQuerySchema, get('lowOnly=1&limit=1000')).limit).toBe(1000);
  });

  it('refuses a bad or unknown parameter, naming it', () => {
    expect(refusal(() => parseQuery(locationStockQuerySchema, get('sort=price'))).field).toBe('sort');
    expect(refusal(() => parseQuery(locationStockQuerySchema, get('lowOnly=yes'))).field).toBe('lowOnly');
    for (const limit of ['0', '1001', '-1', '2.5', 'ten']) expect(refusal(() => parseQuery(locationStockQuerySchema, get(`limit=${limit}`))).field, limit).toBe('limit');
    expect(refusal(() => parseQuery(locationStockQuerySchema, get('colour=red')))).toEqual({ field: 'colour', problem: 'not a field of this request' });
    expect(refusal(() => parseQuery(locationStockQuerySchema, get('sort=sku&sort=available')))).toEqual({ field: 'sort', problem: 'given more than once' });
  });
});

describe('movements query', () => {
  it('needs the location and the SKU; from and to are instants', () => {
    expect(parseQuery(movementsQuerySchema, get('locationId=S001&sku=SKU-1&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00%2B01:00'))).toEqual({
      locationId: 'S001',
      sku: 'SKU-1',
      from: '2026-11-20T00:00:00Z',
      to: '2026-11-21T00:00:00+01:00',
      limit: INVENTORY_LIMITS.defaultMovements,
    });
    expect(refusal(() => parseQuery(movementsQuerySchema, get('sku=SKU-1'))).field).toBe('locationId');
    expect(refusal(() => parseQuery(movementsQuerySchema, get('locationId=S001'))).field).toBe('sku');
    expect(refusal(() => parseQuery(movementsQuerySchema, get('locationId=S001&sku=SKU-1&from=yesterday'))).field).toBe('from');
    expect(refusal(() => parseQuery(movementsQuerySchema, get("locationId=S0' OR 1&sku=SKU-1"))).field).toBe('locationId');
    expect(refusal(() => parseQuery(movementsQuerySchema, get(`locationId=S001&sku=SKU-1&limit=${INVENTORY_LIMITS.maxMovements + 1}`))).field).toBe('limit');
  });
});

describe('alerts and replenishments queries', () => {
  it('default to open; each list has its own states', () => {
    expect(parseQuery(alertsQuerySchema, get(''))).toMatchObject({ state: 'open' });
    expect(parseQuery(alertsQuerySchema, get('state=resolved&locationId=DC01'))).toMatchObject({ state: 'resolved', locationId: 'DC01' });
    expect(parseQuery(replenishmentsQuerySchema, get('state=received'))).toMatchObject({ state: 'received' });
    expect(parseQuery(replenishmentsQuerySchema, get('state=expired'))).toMatchObject({ state: 'expired' });
    expect(refusal(() => parseQuery(alertsQuerySchema, get('state=received'))).field).toBe('state');
    expect(refusal(() => parseQuery(replenishmentsQuerySchema, get('state=resolved'))).field).toBe('state');
  });
});

describe('paths', () => {
  it('takes ids by the event contract’s rules and names the segment that is wrong', () => {
    expect(parsePath({ locationId: locationIdSchema, sku: skuSchema }, { locationId: 'S001', sku: 'SKU/42:a' })).toEqual({ locationId: 'S001', sku: 'SKU/42:a' });
    expect(refusal(() => parsePath({ sku: skuSchema }, { sku: 'SKU 42' })).field).toBe('sku');
    expect(refusal(() => parsePath({ sku: skuSchema }, { sku: 'S'.repeat(65) })).field).toBe('sku');
    expect(refusal(() => parsePath({ locationId: locationIdSchema }, { locationId: 'L'.repeat(33) })).field).toBe('locationId');
  });
});

describe('threshold request', () => {
  const parse = (body: unknown) => parseInput(thresholdRequestSchema, body);

  it('takes a reorder point and an optional target above it', () => {
    expect(parse({ reorderPoint: 12, targetLevel: 60 })).toEqual({ reorderPoint: 12, targetLevel: 60 });
    expect(parse({ reorderPoint: 0 })).toEqual({ reorderPoint: 0 });
  });

  it('refuses what the inventory could not apply, naming the field', () => {
    expect(refusal(() => parse({ targetLevel: 60 })).field).toBe('reorderPoint');
    expect(refusal(() => parse({ reorderPoint: -1 })).field).toBe('reorderPoint');
    expect(refusal(() => parse({ reorderPoint: 1.5 })).field).toBe('reorderPoint');
    expect(refusal(() => parse({ reorderPoint: 10_000_001 })).field).toBe('reorderPoint');
    expect(refusal(() => parse({ reorderPoint: '12' })).field).toBe('reorderPoint');
    expect(refusal(() => parse({ reorderPoint: 12, targetLevel: 12 }))).toEqual({ field: 'targetLevel', problem: 'must be above reorderPoint' });
    expect(refusal(() => parse({ reorderPoint: 12, source: 'masterdata' }))).toEqual({ field: 'source', problem: 'not a field of this request' });
    expect(refusal(() => parse([])).field).toBe('');
  });
});
