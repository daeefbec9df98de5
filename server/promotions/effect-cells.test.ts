import { describe, expect, it } from 'vitest';
import { effectCells } from './effect-cells';

const at = (iso: string) => Date.parse(iso);
const key = (store: string, iso: string) => `${store}|${at(iso)}`;

describe('effectCells', () => {
  it('takes each hour’s baseline from the same local hour of earlier weeks, across a DST change too', () => {
    // Madrid left summer time on 2026-10-25. The window is 12:00–14:00 local on Thursday the 29th
    // (11:00Z–13:00Z); the same local hours were 10:00Z–12:00Z on the 22nd and the 15th.
    const windows = new Map([['S002', { from: at('2026-10-29T11:00:00Z'), to: at('2026-10-29T13:00:00Z'), timezone: 'Europe/Madrid' }]]);
    const sold = new Map([
      [key('S002', '2026-10-29T11:00:00Z'), { units: 30, value: 3000 }],
      [key('S002', '2026-10-29T12:00:00Z'), { units: 40, value: 4000 }],
      [key('S002', '2026-10-22T10:00:00Z'), { units: 10, value: 1000 }],
      [key('S002', '2026-10-22T11:00:00Z'), { units: 20, value: 2000 }],
      // 13:00 local on the 22nd: the same UTC hour as the window's last, not the same local one.
      [key('S002', '2026-10-22T12:00:00Z'), { units: 999, value: 99_900 }],
      [key('S002', '2026-10-15T10:00:00Z'), { units: 14, value: 1400 }],
      [key('S002', '2026-10-15T11:00:00Z'), { units: 24, value: 2400 }],
    ]);
    const discounts = new Map([[key('S002', '2026-10-29T12:00:00Z'), 150]]);
    expect(effectCells(windows, sold, discounts, 2)).toEqual([
      { storeId: 'S002', hour: at('2026-10-29T11:00:00Z'), units: 30, value: 3000, discount: 0, baseUnits: 12, baseValue: 1200 },
      { storeId: 'S002', hour: at('2026-10-29T12:00:00Z'), units: 40, value: 4000, discount: 150, baseUnits: 22, baseValue: 2200 },
    ]);
  });

  it('measures whole hours inside the window only, and leaves out hours with no sales now nor then', () => {
    // 09:30–12:10 local in Lisbon (WET = UTC): whole hours 10:00, 11:00; 10:00 sold nothing now nor a week before.
    const windows = new Map([['S001', { from: at('2026-11-19T09:30:00Z'), to: at('2026-11-19T12:10:00Z'), timezone: 'Europe/Lisbon' }]]);
    const sold = new Map([[key('S001', '2026-11-12T11:00:00Z'), { units: 5, value: 500 }]]);
    expect(effectCells(windows, sold, new Map(), 1)).toEqual([{ storeId: 'S001', hour: at('2026-11-19T11:00:00Z'), units: 0, value: 0, discount: 0, baseUnits: 5, baseValue: 500 }]);
    // No baseline weeks: baselines are 0, and only hours that sold now count.
    expect(effectCells(windows, sold, new Map(), 0)).toEqual([]);
  });
});
