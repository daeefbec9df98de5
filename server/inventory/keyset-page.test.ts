import { describe, expect, it } from 'vitest';
import { UserInputError } from '../auth/user-input';
import { compareKeys, decodeCursor, encodeCursor, pageOf, type SortKey } from './keyset-page';
import { stockSortKey } from './stock-sort';

type Row = { sku: string; available: number; daysOfCover: number | null };
const rows: Row[] = [
  { sku: 'E', available: 5, daysOfCover: null },
  { sku: 'A', available: 10, daysOfCover: 5 },
  { sku: 'C', available: 0, daysOfCover: 0 },
  { sku: 'B', available: 10, daysOfCover: 5 },
  { sku: 'D', available: -2, daysOfCover: 0 },
  { sku: 'F', available: 1, daysOfCover: null },
  { sku: 'G', available: 3, daysOfCover: 0.5 },
];
const skus = (xs: Row[]) => xs.map((r) => r.sku);

/** Every page of a list, following nextCursor. */
function allPages<T>(list: T[], o: Omit<Parameters<typeof pageOf<T>>[1], 'cursor'>): T[][] {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const p = pageOf(list, { ...o, cursor });
    pages.push(p.items);
    cursor = p.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return pages;
}

describe('stock sort keys', () => {
  it('daysOfCover: ascending, nulls last, ties by SKU', () => {
    const sorted = [...rows].sort((a, b) => compareKeys(stockSortKey('daysOfCover', a), stockSortKey('daysOfCover', b)));
    expect(skus(sorted)).toEqual(['C', 'D', 'G', 'A', 'B', 'E', 'F']);
  });

  it('available: ascending, ties by SKU; sku: by SKU', () => {
    const by = (s: 'available' | 'sku') => skus([...rows].sort((a, b) => compareKeys(stockSortKey(s, a), stockSortKey(s, b))));
    expect(by('available')).toEqual(['D', 'C', 'F', 'G', 'E', 'A', 'B']);
    expect(by('sku')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
  });

  it('compares numbers as numbers and strings by code unit', () => {
    expect(compareKeys([2], [10])).toBeLessThan(0);
    expect(compareKeys(['B'], ['a'])).toBeLessThan(0);
    expect(compareKeys([1, 'x'], [1, 'x'])).toBe(0);
    expect(compareKeys([-5, 'a'], [-3, 'a'])).toBeLessThan(0);
  });
});

describe('pageOf', () => {
  const o = { list: 'location:daysOfCover', keyOf: (r: Row) => stockSortKey('daysOfCover', r) };

  it('cuts the sorted list into pages that together hold every row once, in order', () => {
    for (const limit of [1, 2, 3, 6, 7, 100]) {
      const pages = allPages(rows, { ...o, limit });
      expect(pages.flat().map((r) => r.sku), `limit ${limit}`).toEqual(['C', 'D', 'G', 'A', 'B', 'E', 'F']);
      expect(pages.length).toBe(Math.max(1, Math.ceil(rows.length / limit)));
    }
    expect(pageOf([], { ...o, limit: 5 })).toEqual({ items: [], nextCursor: null });
  });

  it('resumes after the last row seen, even when rows came and went meanwhile', () => {
    const first = pageOf(rows, { ...o, limit: 3 });
    expect(skus(first.items)).toEqual(['C', 'D', 'G']);
    // D is gone, a new row sorts before the cursor, another after it.
    const changed = [...rows.filter((r) => r.sku !== 'D'), { sku: 'AA', available: 0, daysOfCover: 0 }, { sku: 'H', available: 9, daysOfCover: 1 }];
    expect(skus(pageOf(changed, { ...o, limit: 3, cursor: first.nextCursor! }).items)).toEqual(['H', 'A', 'B']);
  });

  it('refuses a cursor of another list or sort, or no cursor at all, naming the field', () => {
    const other = encodeCursor('location:sku', ['A']);
    for (const cursor of [other, 'not-base64-json', encodeCursor('location:daysOfCover', [] as SortKey)]) {
      expect(() => pageOf(rows, { ...o, limit: 3, cursor })).toThrow(UserInputError);
    }
    expect(() => decodeCursor('alerts', other)).toThrow(expect.objectContaining({ field: 'cursor' }));
  });

  it('keys descending by negating: newest first', () => {
    const alerts = [{ id: 'a', t: 1 }, { id: 'b', t: 3 }, { id: 'c', t: 2 }, { id: 'd', t: 3 }];
    expect(allPages(alerts, { list: 'alerts', keyOf: (a) => [-a.t, a.id], limit: 3 }).flat().map((a) => a.id)).toEqual(['b', 'd', 'c', 'a']);
  });
});
