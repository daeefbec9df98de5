import { describe, expect, it } from 'vitest';
import { buildChain } from '../chain/build-chain';
import { offlineWindowAt } from './offline-window';
import { runInMemory, smallRun } from './run-in-memory';

const MIN = 60_000;
const chainOptions = { seed: 11, stores: 3, tills: 4, skus: 300, dishonest: 2, aroundTheClock: true } as const;
const store = buildChain(chainOptions).stores.find((s) => s.timezone === 'Europe/Madrid')!;
// Around the clock, shifts change at 00:00, 08:00 and 16:00 local: 23:00, 07:00 and 15:00 UTC in November.
const MIDNIGHT = Date.parse('2026-11-20T23:00:00Z');

type Envelope = { type: string; source: string; occurredAt: string };

describe('offline window of an e2e run', () => {
  it('starts when asked, away from a shift change', () => {
    const now = MIDNIGHT + 40 * MIN;
    expect(offlineWindowAt(store, now, 3 * MIN, 6 * MIN)).toEqual({ storeId: store.id, from: now - 3 * MIN, to: now + 6 * MIN });
    const before = MIDNIGHT + 2 * MIN; // from 1 minute before midnight: the change is inside the window
    expect(offlineWindowAt(store, before, 3 * MIN, 6 * MIN).from).toBe(before - 3 * MIN);
  });

  it('starts a minute before a shift change instead of in the minutes after it', () => {
    for (const change of [MIDNIGHT, MIDNIGHT + 8 * 60 * MIN, MIDNIGHT - 8 * 60 * MIN]) {
      expect(offlineWindowAt(store, change + 3 * MIN, 3 * MIN, 6 * MIN)).toEqual({ storeId: store.id, from: change - MIN, to: change + 9 * MIN });
      expect(offlineWindowAt(store, change + 12 * MIN, 3 * MIN, 6 * MIN).from).toBe(change - MIN);
      expect(offlineWindowAt(store, change + 14 * MIN, 3 * MIN, 6 * MIN).from).toBe(change + 11 * MIN);
    }
  });

  it('starts while a staffed till is on shift, at any start around a change (simulated)', async () => {
    const run = await runInMemory(smallRun({ ...chainOptions, start: MIDNIGHT - 60 * MIN, liveFrom: MIDNIGHT - 60 * MIN, end: MIDNIGHT + 30 * MIN }));
    const shiftEvents = run.deliveries
      .map((d) => JSON.parse(d.json) as Envelope)
      .filter((e) => e.source.startsWith(`${store.id}-`) && (e.type === 'pos.shift.opened' || e.type === 'pos.shift.closed'))
      .map((e) => ({ till: e.source, at: Date.parse(e.occurredAt), open: e.type === 'pos.shift.opened' }));
    const staffed = store.tills.filter((t) => !t.selfCheckout).map((t) => t.id);
    /** Whether some staffed till's newest shift event before `at` opened a shift. */
    const onShift = (at: number) =>
      staffed.some((till) => shiftEvents.filter((e) => e.till === till && e.at < at).sort((a, b) => a.at - b.at).at(-1)?.open === true);
    const starts = Array.from({ length: 40 }, (_, i) => MIDNIGHT - 2 * MIN + i * 20_000);
    // All of them closed for a while after midnight: what a window starting then would see.
    expect(starts.filter((from) => !onShift(from)).length).toBeGreaterThan(0);
    for (const from of starts) expect({ from: new Date(from).toISOString(), onShift: onShift(offlineWindowAt(store, from + 3 * MIN, 3 * MIN, 6 * MIN).from) }).toEqual({ from: new Date(from).toISOString(), onShift: true });
  });
});
