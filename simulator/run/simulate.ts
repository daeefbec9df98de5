import type { Logger } from '../../lib/log';
import type { ChainOptions } from '../chain/build-chain';
import { EventStream } from '../core/event-stream';
import { FaultInjector, type Delivery, type FaultOptions } from '../faults/fault-injector';
import { DEFAULT_LEAD_TIME_MS, type Replenishment } from '../orders/replenishment-mode';
import { NO_ORDERS, type ReplenishmentFeed } from '../orders/replenishment-feed';
import { emptyFeed } from '../feeds/feed';
import type { PromotionFeed } from '../promotions/promotion-feed';
import type { PromotionOptions } from '../promotions/promotion-options';
import { Rng } from '../random/rng';
import type { Sink } from '../sinks/sink';
import type { OrderDeskOptions, OrderDeskStats } from '../sources/order-desk';
import { buildWorld } from './build-world';
import { eventTimeAt } from './event-clock';

export interface RunOptions extends ChainOptions {
  /** Event time of the first event. */
  start: number;
  /** Events before this instant are history: sent as fast as the rate allows. */
  liveFrom: number;
  /** Event time the run stops at (exclusive); Infinity to run until stopped. */
  end: number;
  /**
   * The wall-clock instant at which event time was `liveFrom` (default: when the run
   * starts). A resumed run keeps its anchor, so it catches up on the time it was down.
   */
  wallAnchor?: number;
  /** Simulated seconds per wall-clock second; Infinity for as fast as possible. */
  accel: number;
  /** At most this many events per wall-clock second; Infinity for no cap. */
  rate: number;
  faults: FaultOptions;
  /** How the warehouse refills the stores (default: nightly, by itself). */
  replenishment?: Replenishment;
  /** Which promotions the tills apply, and the shoppers' response (default: the calendar only). */
  promotions?: PromotionOptions;
}

export interface RunContext {
  log: Logger;
  signal?: AbortSignal;
  onBatch?: (n: number) => void;
  /** Where replenishment orders come from, in `orders` mode (default: none come). */
  orders?: ReplenishmentFeed;
  /** Where HQ's promotions come from, in `hq` promotions mode (default: none come). */
  promotions?: PromotionFeed;
}

export interface RunResult {
  events: number;
  delivered: number;
  truth: unknown;
  wallMs: number;
  /** True when the run was stopped before its end. */
  stopped: boolean;
  /** What the warehouse's order desk did, in `orders` mode. */
  orders?: OrderDeskStats;
}

const BATCH = 40_000;
/** Deliveries the sink may hold unsent before the run waits for it. */
const MAX_BACKLOG = 500_000;

/**
 * Runs the chain: pulls events in event-time order, paces them (history as fast as the
 * rate allows, then `accel` times real time), injects the asked-for faults and hands
 * batches to the sink. What is emitted depends only on the options, never on pacing,
 * so one seed gives byte-identical output. Resolves at `end` or when `signal` aborts.
 */
export async function simulate(opts: RunOptions, sink: Sink, ctx: RunContext): Promise<RunResult> {
  const promotions = opts.promotions && { options: opts.promotions, feed: ctx.promotions ?? emptyFeed() };
  const { truth, sources, desk } = buildWorld(opts, opts.start, orderDesk(opts, ctx.orders), promotions);
  const stream = new EventStream(sources, opts.start);
  const faults = new FaultInjector(opts.faults, new Rng(opts.seed).fork('faults'), truth);
  const wallStart = Date.now();
  let deliveries = 0;
  let lastLog = wallStart;
  const clock = { liveFrom: Math.max(opts.liveFrom, opts.start), wallAnchor: opts.wallAnchor ?? wallStart, accel: opts.accel };
  const limitAt = (now: number) => Math.min(opts.end - 1, opts.accel === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : eventTimeAt(clock, now));

  while (!ctx.signal?.aborted) {
    const now = Date.now();
    const limit = limitAt(now);
    const allowance = opts.rate === Number.POSITIVE_INFINITY ? BATCH : Math.min(BATCH, Math.floor(((now - wallStart) / 1000) * opts.rate) - stream.emitted + 1);
    const batch: Delivery[] = [];
    for (let i = 0; i < allowance; i++) {
      const e = stream.next(limit);
      if (!e) break;
      truth.countEvent(e.type);
      faults.process(e, batch);
    }
    if (batch.length > 0) {
      await sink.write(batch);
      deliveries += batch.length;
      ctx.onBatch?.(batch.length);
    }
    const next = stream.peekTime();
    if (next >= opts.end) break;
    if (Date.now() - lastLog > 10_000) {
      // Loud while catching up on history, quiet once live.
      const catchingUp = next <= limit;
      lastLog = Date.now();
      ctx.log[catchingUp ? 'info' : 'debug'](
        { events: stream.emitted, eventTime: new Date(Math.min(next, limit)).toISOString(), backlog: sink.backlog(), ...(desk && { orders: desk.stats }) },
        catchingUp ? 'simulating history' : 'simulating live',
      );
    }
    if (sink.backlog() > MAX_BACKLOG) {
      // The sink is far behind (Kafka slow or down): the journals hold it; do not run away further.
      await sleep(50, ctx.signal);
      continue;
    }
    if (batch.length === 0 || allowance < BATCH) {
      // Nothing due yet (live mode) or the rate is used up: wait a little.
      const untilDue = next > limit ? (next - limit) / opts.accel : 0;
      await sleep(Math.max(5, Math.min(250, untilDue)), ctx.signal);
    }
  }
  const tail: Delivery[] = [];
  faults.drain(tail);
  if (tail.length > 0) {
    await sink.write(tail);
    deliveries += tail.length;
  }
  const meta = {
    seed: opts.seed,
    chain: { stores: opts.stores, tills: opts.tills, skus: opts.skus, dishonest: opts.dishonest, ...(opts.aroundTheClock && { aroundTheClock: true }) },
    from: new Date(opts.start).toISOString(),
    to: Number.isFinite(opts.end) ? new Date(opts.end).toISOString() : null,
    faults: { duplicates: opts.faults.duplicates, malformed: opts.faults.malformed, offline: opts.faults.offline.map((w) => ({ storeId: w.storeId, from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() })) },
    events: stream.emitted,
    definitions: 'docs/kpis.md',
  };
  return { events: stream.emitted, delivered: deliveries, truth: truth.toJSON(meta), wallMs: Date.now() - wallStart, stopped: ctx.signal?.aborted === true, orders: desk && { ...desk.stats } };
}

/** The order desk's settings in `orders` mode; none in `nightly`. */
function orderDesk(opts: RunOptions, feed: ReplenishmentFeed = NO_ORDERS): OrderDeskOptions | undefined {
  const r = opts.replenishment;
  if (r?.mode !== 'orders') return undefined;
  return { feed, leadTime: r.leadTime ?? DEFAULT_LEAD_TIME_MS, from: r.from ?? Math.max(opts.liveFrom, opts.start) };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
