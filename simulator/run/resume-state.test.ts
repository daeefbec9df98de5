import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCli } from './cli-options';
import { eventTimeAt } from './event-clock';
import { resumeOrBegin, SimulationChangedError } from './resume-state';

const dirs: string[] = [];
const stateFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-state-'));
  dirs.push(dir);
  return path.join(dir, 'simulator', 'run.json');
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const T0 = Date.parse('2026-11-21T10:00:00Z');
const H = 3_600_000;

describe('resumeOrBegin', () => {
  it('stamps live events with the wall clock, whatever second of the minute the run starts at', () => {
    for (const second of [0, 1, 42, 59.999]) {
      const now = T0 + second * 1000;
      const run = resumeOrBegin(stateFile(), parseCli(['--history', '2h'], now), now);
      expect(run.start).toBe(T0 - 2 * H);
      for (const later of [0, 5_000, 3 * H]) expect(eventTimeAt({ liveFrom: run.liveFrom, wallAnchor: run.wallAnchor!, accel: run.accel }, now + later)).toBe(now + later);
    }
  });

  it('keeps the first start and clock anchor across restarts, so event time catches up on the downtime', () => {
    const file = stateFile();
    const first = resumeOrBegin(file, parseCli(['--history', '8d'], T0), T0);
    expect(first.start).toBe(T0 - 8 * 24 * H);
    expect(first.wallAnchor).toBe(T0);
    // Restarted three hours later: same start, same anchor, not "now − 8 days".
    const later = T0 + 3 * H;
    const again = resumeOrBegin(file, parseCli(['--history', '8d'], later), later);
    expect(again.start).toBe(first.start);
    expect(again.liveFrom).toBe(first.liveFrom);
    expect(again.wallAnchor).toBe(T0);
  });

  it('keeps event time continuous when only the speed changes', () => {
    const file = stateFile();
    resumeOrBegin(file, parseCli(['--accel', '60'], T0), T0);
    const later = T0 + 60_000; // one wall minute at 60× = one simulated hour
    const faster = resumeOrBegin(file, parseCli(['--accel', '120'], later), later);
    expect(faster.liveFrom).toBe(T0 + H);
    expect(faster.wallAnchor).toBe(later);
    expect(faster.accel).toBe(120);
  });

  it('keeps when replenishment orders took over, across restarts and changes of speed', () => {
    const file = stateFile();
    const first = resumeOrBegin(file, parseCli(['--history', '8d', '--replenishment', 'orders', '--lead-time', '1h'], T0), T0);
    expect(first.replenishment).toEqual({ mode: 'orders', from: T0, leadTime: H });
    const later = T0 + 3 * H;
    expect(resumeOrBegin(file, parseCli(['--history', '8d', '--replenishment', 'orders', '--lead-time', '1h', '--accel', '60'], later), later).replenishment).toEqual({ mode: 'orders', from: T0, leadTime: H });
  });

  it('switches a nightly run to orders two simulated days after where it had got to, so what it sent is made again unchanged', () => {
    const file = stateFile();
    resumeOrBegin(file, parseCli(['--accel', '60'], T0), T0);
    const later = T0 + 60_000; // one simulated hour on
    const switched = resumeOrBegin(file, parseCli(['--accel', '60', '--replenishment', 'orders'], later), later);
    expect(switched.replenishment).toEqual({ mode: 'orders', from: T0 + H + 48 * H, leadTime: 2 * H });
  });

  it('refuses to go back from orders to nightly, or to change the lead time, on the same data directory', () => {
    const file = stateFile();
    resumeOrBegin(file, parseCli(['--replenishment', 'orders'], T0), T0);
    expect(() => resumeOrBegin(file, parseCli([], T0), T0)).toThrow(/cannot go back to --replenishment nightly/);
    expect(() => resumeOrBegin(file, parseCli(['--replenishment', 'orders', '--lead-time', '4h'], T0), T0)).toThrow(SimulationChangedError);
  });

  it('refuses to continue a data directory simulated with another seed or chain', () => {
    const file = stateFile();
    resumeOrBegin(file, parseCli(['--seed', '1'], T0), T0);
    expect(() => resumeOrBegin(file, parseCli(['--seed', '2'], T0), T0)).toThrow(SimulationChangedError);
    expect(() => resumeOrBegin(file, parseCli(['--stores', '24'], T0), T0)).toThrow(/started with other options/);
    expect(() => resumeOrBegin(file, parseCli(['--seed', '1', '--around-the-clock'], T0), T0)).toThrow(/started with other options/);
  });

  it('refuses to continue with another planted response to authored promotions, and keeps the one it started with', () => {
    const file = stateFile();
    resumeOrBegin(file, parseCli(['--promotions', 'hq', '--promo-lift', '0.3'], T0), T0);
    expect(() => resumeOrBegin(file, parseCli(['--promotions', 'hq'], T0), T0)).toThrow(/started with other options/);
    expect(() => resumeOrBegin(file, parseCli(['--promotions', 'hq', '--promo-lift', '0.3', '--promo-cannibalisation', '0.2'], T0), T0)).toThrow(/started with other options/);
    expect(() => resumeOrBegin(file, parseCli(['--promotions', 'hq', '--promo-lift', '0.3'], T0), T0)).not.toThrow();
    // The defaults spelled out are the defaults: a directory begun without the options resumes with them.
    const plain = stateFile();
    resumeOrBegin(plain, parseCli(['--promotions', 'hq'], T0), T0);
    expect(() => resumeOrBegin(plain, parseCli(['--promotions', 'hq', '--promo-lift', '0.2', '--promo-cannibalisation', '0.05'], T0), T0)).not.toThrow();
  });
});
