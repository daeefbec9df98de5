import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_LEAD_TIME_MS } from '../orders/replenishment-mode';
import { DEFAULT_PROMO_CANNIBALISATION, DEFAULT_PROMO_LIFT } from '../promotions/promotion-options';
import type { CliOptions } from './cli-options';
import { eventTimeAt } from './event-clock';

/**
 * What must stay the same for a resumed run to regenerate the same events: the chain, the faults
 * and the shoppers' planted response to authored promotions (a resumed run makes its events
 * again from the start, and the journals skip those already sent). Options at their defaults are
 * left out, so a data directory started before an option existed still resumes.
 */
function signature(o: CliOptions): string {
  const promo = o.promotions;
  return JSON.stringify({
    seed: o.seed,
    stores: o.stores,
    tills: o.tills,
    skus: o.skus,
    dishonest: o.dishonest,
    ...(o.aroundTheClock && { aroundTheClock: true }),
    faults: o.faults,
    ...(promo && promo.lift !== DEFAULT_PROMO_LIFT && { promoLift: promo.lift }),
    ...(promo && promo.cannibalisation !== DEFAULT_PROMO_CANNIBALISATION && { promoCannibalisation: promo.cannibalisation }),
  });
}

interface State {
  signature: string;
  start: number;
  liveFrom: number;
  wallAnchor: number;
  accel: number;
  /** Since when, and with which lead time, replenishment orders refill the stores (absent: nightly transfers throughout). */
  orders?: { from: number; leadTime: number };
}

/**
 * A run that switches from nightly transfers to orders does so this long after the event
 * time it had reached: the warehouse source plans its next night's jobs before their
 * time, and the stopped run's shelves must have seen those it planned.
 */
const SWITCH_MARGIN_MS = 2 * 86_400_000;

export class SimulationChangedError extends Error {}

const RESET = 'Restore the options, or start from an empty data directory (see docs/operations.md, "Reset the data").';

/**
 * A simulation that writes to Kafka from a data directory resumes where it stopped: the
 * same start (so the same events, and the journals skip what they already have) and the
 * same anchor between event time and wall time (so it catches up on the time it was
 * down). A change of speed keeps event time continuous. A change of what is simulated
 * (seed, chain, faults, the planted response to promotions) cannot continue the same seq lines: it is refused. So is going back
 * from replenishment orders to nightly transfers (`resumeOrders`).
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
      `the simulation in ${path.dirname(file)} was started with other options (${state.signature}); its events cannot continue under ${sig}. ${RESET}`,
    );
  }
  let next: State;
  if (!state) {
    next = { signature: sig, start: opts.start, liveFrom: opts.liveFrom, wallAnchor: now, accel: opts.accel };
  } else if (state.accel !== opts.accel) {
    next = { ...state, liveFrom: Math.max(state.liveFrom, eventTimeAt(state, now)), wallAnchor: now, accel: opts.accel };
  } else {
    next = state;
  }
  if (state) next = { ...next, orders: resumeOrders(state, opts, now) };
  else if (opts.replenishment?.mode === 'orders') next.orders = { from: opts.replenishment.from ?? opts.liveFrom, leadTime: leadTimeOf(opts) };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(next));
  fs.renameSync(`${file}.tmp`, file);
  return {
    ...opts,
    start: next.start,
    liveFrom: next.liveFrom,
    wallAnchor: Number.isFinite(next.accel) ? next.wallAnchor : undefined,
    end: opts.end === Number.POSITIVE_INFINITY ? opts.end : next.start + (opts.end - opts.start),
    replenishment: next.orders ? { mode: 'orders', ...next.orders } : opts.replenishment,
  };
}

const leadTimeOf = (opts: CliOptions) => opts.replenishment?.leadTime ?? DEFAULT_LEAD_TIME_MS;

/**
 * The orders mode of a resumed run. Deliveries already made cannot be unmade, so a run
 * with orders stays with them, at the same lead time; a nightly run switches to orders
 * a margin after where it had got to, so what it already sent is made again unchanged.
 */
function resumeOrders(state: State, opts: CliOptions, now: number): State['orders'] {
  const wanted = opts.replenishment?.mode === 'orders';
  if (state.orders) {
    if (!wanted) throw new SimulationChangedError(`this simulation has refilled its stores from replenishment orders since ${new Date(state.orders.from).toISOString()}: it cannot go back to --replenishment nightly. ${RESET}`);
    if (state.orders.leadTime !== leadTimeOf(opts)) throw new SimulationChangedError(`this simulation delivers replenishment orders after ${state.orders.leadTime / 60_000} min: a new --lead-time would change what it already sent. ${RESET}`);
    return state.orders;
  }
  if (!wanted) return undefined;
  if (!Number.isFinite(state.accel)) throw new SimulationChangedError(`a simulation run at --accel max cannot switch to --replenishment orders on resume. ${RESET}`);
  const from = Math.ceil((eventTimeAt(state, now) + SWITCH_MARGIN_MS) / 60_000) * 60_000;
  return { from, leadTime: leadTimeOf(opts) };
}
