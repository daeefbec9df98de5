import fs from 'node:fs';
import path from 'node:path';
import type { CliOptions } from './cli-options';

/** What must stay the same for a resumed run to regenerate the same events. */
function signature(o: CliOptions): string {
  return JSON.stringify({ seed: o.seed, stores: o.stores, tills: o.tills, skus: o.skus, dishonest: o.dishonest, faults: o.faults });
}

interface State {
  signature: string;
  start: number;
  liveFrom: number;
  wallAnchor: number;
  accel: number;
}

export class SimulationChangedError extends Error {}

/**
 * A simulation that writes to Kafka from a data directory resumes where it stopped: the
 * same start (so the same events, and the journals skip what they already have) and the
 * same anchor between event time and wall time (so it catches up on the time it was
 * down). A change of speed keeps event time continuous. A change of what is simulated
 * (seed, chain, faults) cannot continue the same seq lines: it is refused.
 */
export function resumeOrBegin(file: string, opts: CliOptions, now = Date.now()): CliOptions {
  const sig = signature(opts);
  let state: State | undefined;
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8')) as State;
  } catch {
    state = undefined;
  }
  if (state && state.signature !== sig) {
    throw new SimulationChangedError(
      `the simulation in ${path.dirname(file)} was started with other options (${state.signature}); its events cannot continue under ${sig}. ` +
        'Restore the options, or start from an empty data directory (see docs/operations.md, "Reset the data").',
    );
  }
  let next: State;
  if (!state) {
    next = { signature: sig, start: opts.start, liveFrom: opts.liveFrom, wallAnchor: now, accel: opts.accel };
  } else if (state.accel !== opts.accel) {
    const eventTimeNow = state.liveFrom + Math.max(0, now - state.wallAnchor) * state.accel;
    next = { ...state, liveFrom: Math.max(state.liveFrom, eventTimeNow), wallAnchor: now, accel: opts.accel };
  } else {
    next = state;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(next));
  fs.renameSync(`${file}.tmp`, file);
  return { ...opts, start: next.start, liveFrom: next.liveFrom, wallAnchor: Number.isFinite(next.accel) ? next.wallAnchor : undefined, end: opts.end === Number.POSITIVE_INFINITY ? opts.end : next.start + (opts.end - opts.start) };
}
