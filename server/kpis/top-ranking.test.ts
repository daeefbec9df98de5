import { describe, expect, it } from 'vitest';
import { rankTop, scorePairs, skuLabel, sumAcrossGroups, topSetName } from './top-ranking';

describe('top SKUs and categories: summing timezone groups and ranking', () => {
  it('names the aggregator’s four sets', () => {
    expect([topSetName('sku', 'units'), topSetName('category', 'units'), topSetName('sku', 'value'), topSetName('category', 'value')]).toEqual([
      'sku-units',
      'cat-units',
      'sku-value',
      'cat-value',
    ]);
  });

  it('reads a ZRANGE WITHSCORES answer as pairs, negative and fractional scores included', () => {
    expect(scorePairs(['A', '3', 'B', '-1', 'C', '2.5'])).toEqual([
      ['A', 3],
      ['B', -1],
      ['C', 2.5],
    ]);
    expect(scorePairs([])).toEqual([]);
  });

  it('adds a member’s scores over every group, a member missing from a group adding nothing', () => {
    const lisbon: [string, number][] = [
      ['SKU-1', 5],
      ['SKU-2', 1],
    ];
    const madrid: [string, number][] = [
      ['SKU-2', 7],
      ['SKU-3', -2],
    ];
    expect(Object.fromEntries(sumAcrossGroups([lisbon, madrid, []]))).toEqual({ 'SKU-1': 5, 'SKU-2': 8, 'SKU-3': -2 });
  });

  it('ranks the summed scores, not any one group’s: a member second everywhere can lead', () => {
    // SKU-B leads no group but is first once the groups are added: a per-group top 1 would miss it.
    const groups: [string, number][][] = [
      [
        ['SKU-A', 10],
        ['SKU-B', 9],
      ],
      [
        ['SKU-C', 10],
        ['SKU-B', 9],
      ],
    ];
    expect(rankTop(sumAcrossGroups(groups), 1)).toEqual([{ key: 'SKU-B', score: 18 }]);
  });

  it('takes the highest first, ties by key, at most `limit`, and leaves out what sold nothing net', () => {
    const scores = new Map([
      ['b', 4],
      ['a', 4],
      ['c', 9],
      ['zero', 0],
      ['refunded', -3],
      ['d', 1],
    ]);
    expect(rankTop(scores, 10)).toEqual([
      { key: 'c', score: 9 },
      { key: 'a', score: 4 },
      { key: 'b', score: 4 },
      { key: 'd', score: 1 },
    ]);
    expect(rankTop(scores, 2).map((x) => x.key)).toEqual(['c', 'a']);
    expect(rankTop(scores, 0)).toEqual([]);
    expect(rankTop(new Map(), 5)).toEqual([]);
  });

  it('labels a SKU from its master data, with nulls for none or a broken record', () => {
    expect(skuLabel(JSON.stringify({ sku: 'SKU-1', name: 'Milk 1 L', category: 'dairy', price: 99 }))).toEqual({ name: 'Milk 1 L', category: 'dairy' });
    expect(skuLabel(null)).toEqual({ name: null, category: null });
    expect(skuLabel('{not json')).toEqual({ name: null, category: null });
    expect(skuLabel(JSON.stringify({ name: 3 }))).toEqual({ name: null, category: null });
  });
});
