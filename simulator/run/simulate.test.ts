import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runInMemory, smallRun } from '../testing/run-in-memory';

const digest = (s: string) => createHash('sha256').update(s).digest('hex');

describe('simulate', () => {
  it('gives byte-identical events and truth for one seed, and different ones for another', async () => {
    const opts = smallRun({ faults: { duplicates: 0.01, malformed: 0.002, offline: [{ storeId: 'S002', from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:00:00Z') }] } });
    const a = await runInMemory(opts);
    const b = await runInMemory(opts);
    const c = await runInMemory({ ...opts, seed: 12 });
    const events = (r: typeof a) => digest(r.deliveries.map((d) => d.json).join('\n'));
    expect(a.deliveries.length).toBeGreaterThan(50_000);
    expect(events(b)).toBe(events(a));
    expect(digest(JSON.stringify(b.truth))).toBe(digest(JSON.stringify(a.truth)));
    expect(events(c)).not.toBe(events(a));
  });

  it('sells at night around the clock, and only in opening hours otherwise', async () => {
    // 01:00–05:00 UTC on a Friday: 02:00–06:00 in Madrid, 01:00–05:00 in Lisbon.
    const night = { start: Date.parse('2026-11-20T01:00:00Z'), liveFrom: Date.parse('2026-11-20T01:00:00Z'), end: Date.parse('2026-11-20T05:00:00Z') };
    const sales = async (aroundTheClock: boolean) => {
      const r = await runInMemory(smallRun({ ...night, ...(aroundTheClock && { aroundTheClock }) }));
      const perStore = new Map<string, number>();
      for (const d of r.deliveries) {
        const e = JSON.parse(d.json) as { type: string; storeId?: string };
        if (e.type === 'pos.receipt.closed') perStore.set(e.storeId!, (perStore.get(e.storeId!) ?? 0) + 1);
      }
      return perStore;
    };
    // smallRun's three stores: a hypermarket and two supermarkets, all closed at night.
    expect([...(await sales(false)).values()].reduce((a, b) => a + b, 0)).toBe(0);
    const open = await sales(true);
    expect([...open.keys()].sort()).toEqual(['S001', 'S002', 'S003']);
    // Four hours at 1.2 of the midday average (Friday ×1.2): a store of this size sells hundreds.
    for (const n of open.values()) expect(n).toBeGreaterThan(200);
  });

  it('stops at the end time: nothing at or after it is emitted', async () => {
    const opts = smallRun({ end: Date.parse('2026-11-20T12:00:00Z') });
    const r = await runInMemory(opts);
    const last = Math.max(...r.deliveries.map((d) => Date.parse((JSON.parse(d.json) as { occurredAt: string }).occurredAt)));
    expect(last).toBeLessThan(opts.end);
    expect(last).toBeGreaterThan(opts.end - 10 * 60_000);
  });

  it('paces events at --rate', async () => {
    const opts = smallRun({ rate: 10_000, end: Date.parse('2026-11-20T09:00:00Z') });
    const r = await runInMemory(opts);
    expect(r.events).toBeGreaterThan(5_000);
    // One batch may go out at once; everything after it waits for the rate.
    expect(r.wallMs).toBeGreaterThanOrEqual(((r.events - 2000) / 10_000) * 1000);
    expect(r.wallMs).toBeLessThan((r.events / 10_000) * 1000 + 2000);
  });
});
