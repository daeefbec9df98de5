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
