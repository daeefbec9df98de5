import { describe, expect, it } from 'vitest';
import { narrowOffset, offsetOf, type ClockBounds } from './server-clock';

/** An answer from a server whose clock is `offset` ahead, processed `serverAfter` ms after sending, taking `rtt` in all. */
function answer(bounds: ClockBounds | null, browserAt: number, offset: number, serverAfter: number, rtt: number): ClockBounds {
  const server = browserAt + serverAfter + offset;
  return narrowOffset(bounds, Math.floor(server / 1000) * 1000, browserAt, browserAt + rtt);
}

describe('server clock', () => {
  it('finds a browser clock 3 minutes slow to well under a second within a few answers', () => {
    const offset = 180_000 + 337;
    let b: ClockBounds | null = null;
    expect(offsetOf(b)).toBe(0);
    let t = Date.parse('2026-11-21T10:00:00.120Z');
    for (let i = 0; i < 12; i++, t += 5_173) b = answer(b, t, offset, 20 + (i % 3) * 15, 60);
    expect(b!.lo).toBeLessThanOrEqual(offset);
    expect(b!.hi).toBeGreaterThanOrEqual(offset);
    expect(Math.abs(offsetOf(b) - offset)).toBeLessThan(100);
  });

  it('starts over from the newest answer when the bounds stop overlapping (a clock was set)', () => {
    const t = Date.parse('2026-11-21T10:00:00.500Z');
    let b = answer(null, t, 0, 10, 30);
    b = answer(b, t + 2_000, 0, 10, 30);
    expect(Math.abs(offsetOf(b))).toBeLessThan(1_000);
    b = answer(b, t + 4_000, -3_600_000, 10, 30);
    expect(Math.abs(offsetOf(b) + 3_600_000)).toBeLessThan(1_000);
  });
});
