import type { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { redisKeys } from '../../lib/redis-keys';
import { catalogEntryOf, createSkuCatalog, searchCatalog } from './sku-catalog';

const master = (sku: string, name: string, category = 'Dairy & Eggs') => JSON.stringify({ sku, name, category, price: 199 });
const CATALOG = [
  catalogEntryOf('SKU100012', master('SKU100012', 'Whole Milk 1 l')),
  catalogEntryOf('SKU100002', master('SKU100002', 'Greek Yogurt 500 g')),
  catalogEntryOf('SKU100001', master('SKU100001', 'Organic Apples 1 kg', 'Fruit & Vegetables')),
  catalogEntryOf('SKU200001', master('SKU200001', 'Milk Chocolate Bar 100 g', 'Snacks & Sweets')),
  catalogEntryOf('MILK-7', master('MILK-7', 'Oat drink')),
  catalogEntryOf('SKU-BROKEN', '{not json'),
];
const ids = (r: { items: { sku: string }[] }) => r.items.map((i) => i.sku);

describe('searchCatalog', () => {
  it('finds the start of an id, case-insensitive, by id', () => {
    expect(ids(searchCatalog(CATALOG, 'sku1000', 10))).toEqual(['SKU100001', 'SKU100002', 'SKU100012']);
    expect(searchCatalog(CATALOG, 'SKU100001', 10).items).toEqual([{ sku: 'SKU100001', name: 'Organic Apples 1 kg', category: 'Fruit & Vegetables', match: 'sku' }]);
    // Inside an id is not a match: only its start is.
    expect(ids(searchCatalog(CATALOG, '00012', 10))).toEqual([]);
  });

  it('finds a part of a name, case-insensitive, after the id matches, by name', () => {
    const r = searchCatalog(CATALOG, 'MILK', 10);
    expect(r.items.map((i) => [i.sku, i.match])).toEqual([
      ['MILK-7', 'sku'],
      ['SKU200001', 'name'],
      ['SKU100012', 'name'],
    ]);
  });

  it('keeps a SKU whose master data does not parse, found by its id', () => {
    expect(searchCatalog(CATALOG, 'sku-b', 10).items).toEqual([{ sku: 'SKU-BROKEN', name: null, category: null, match: 'sku' }]);
  });

  it('answers at most limit, and says when more matched', () => {
    expect(searchCatalog(CATALOG, 'sku', 2)).toMatchObject({ more: true, items: [{ sku: 'SKU-BROKEN' }, { sku: 'SKU100001' }] });
    expect(searchCatalog(CATALOG, 'sku', 5).more).toBe(false);
    expect(searchCatalog(CATALOG, 'nothing like it', 5)).toEqual({ items: [], more: false });
  });
});

describe('createSkuCatalog', () => {
  function fakeRedis() {
    const hash: Record<string, string> = { SKU1: master('SKU1', 'Milk') };
    const hgetall = vi.fn(async (key: string) => {
      expect(key).toBe(redisKeys.skus());
      return { ...hash };
    });
    return { hash, hgetall, redis: { hgetall } as unknown as Redis };
  }

  it('reads the hash once per TTL, and once for requests that arrive together', async () => {
    const { hash, hgetall, redis } = fakeRedis();
    let t = 0;
    const catalog = createSkuCatalog(redis, 5000, () => t);
    const [a, b] = await Promise.all([catalog(), catalog()]);
    expect(hgetall).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    hash.SKU2 = master('SKU2', 'Bread');
    t = 4999;
    expect((await catalog()).map((e) => e.sku)).toEqual(['SKU1']);
    t = 5000;
    expect((await catalog()).map((e) => e.sku).sort()).toEqual(['SKU1', 'SKU2']);
    expect(hgetall).toHaveBeenCalledTimes(2);
  });

  it('keeps no failure: the next request reads again', async () => {
    const { hgetall, redis } = fakeRedis();
    hgetall.mockRejectedValueOnce(new Error('ECONNREFUSED'));
    const catalog = createSkuCatalog(redis, 5000, () => 0);
    await expect(catalog()).rejects.toThrow('ECONNREFUSED');
    expect((await catalog()).map((e) => e.sku)).toEqual(['SKU1']);
  });
});
