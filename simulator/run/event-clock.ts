/**
 * The event time a paced run has reached at a wall-clock instant: `liveFrom` at
 * `wallAnchor`, then `accel` simulated ms per wall ms (for a finite `accel`).
 */
export function eventTimeAt(clock: { liveFrom: number; wallAnchor: number; accel: number }, wall: number): number {
  return clock.liveFrom + Math.max(0, wall - clock.wallAnchor) * clock.accel;
}
