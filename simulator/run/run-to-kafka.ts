import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../lib/log';
import { openKafkaOrderFeed } from '../orders/kafka-order-feed';
import { OrderLog } from '../orders/order-log';
import type { ReplenishmentFeed } from '../orders/replenishment-feed';
import { openKafkaPromotionFeed, PROMOTION_FEED_GROUP, PromotionLog, type PromotionFeed } from '../promotions/promotion-feed';
import { openThreadedKafkaSink } from '../sinks/threaded-kafka-sink';
import { parseCli, type CliOptions } from './cli-options';
import { eventTimeAt } from './event-clock';
import { resumeOrBegin } from './resume-state';
import { simulate, type RunResult } from './simulate';

export interface RunningSimulation {
  /** Resolves when the run ends (its duration is over, or stop() was called). */
  done: Promise<RunResult>;
  stop: () => Promise<void>;
}

export interface SimulationToKafkaOptions {
  argv: string[];
  dataDir: string;
  brokers: string[];
  log: Logger;
  /** The consumer group the warehouse reads replenishment orders with (default `tillstream-simulator-warehouse`). */
  ordersGroupId?: string;
}

/** A feed from Kafka through the run's log, and how to close both. */
interface LoggedFeed<F> {
  feed: F;
  close: () => Promise<void>;
}

/**
 * The simulator as a long-running producer to Kafka (the `simulator` role and
 * `npm run simulate` without --out): journals, resume state and, in `orders` mode, the
 * log of the replenishment orders taken in (with `--promotions hq`, of the promotion
 * events), under `<dataDir>/simulator`.
 */
export async function startSimulationToKafka(opts: SimulationToKafkaOptions): Promise<RunningSimulation> {
  const dir = path.join(opts.dataDir, 'simulator');
  const parsed = parseCli(opts.argv);
  if (parsed.replenishment?.mode === 'orders' && !Number.isFinite(parsed.accel)) {
    throw new Error('--replenishment orders needs a finite --accel when sending to Kafka: the warehouse answers the pipeline while simulated time passes at a known pace');
  }
  const runFile = path.join(dir, 'run.json');
  if (parsed.promotions?.mode === 'hq' && !Number.isFinite(parsed.accel)) {
    throw new Error('--promotions hq needs a finite --accel when sending to Kafka: the tills apply what HQ publishes while simulated time passes at a known pace');
  }
  const ordersFile = path.join(dir, 'orders.ndjson');
  const promotionsFile = path.join(dir, 'promotions.ndjson');
  // A new simulation starts new feed logs; a resumed one replays its own.
  if (!fs.existsSync(runFile)) for (const f of [ordersFile, promotionsFile]) fs.rmSync(f, { force: true });
  const run = resumeOrBegin(runFile, parsed);
  const sink = await openThreadedKafkaSink({ brokers: opts.brokers, journalDir: parsed.journalDir ?? path.join(dir, 'journal'), log: opts.log });
  const orders = run.replenishment?.mode === 'orders' ? openOrders(ordersFile, run, opts) : undefined;
  const promotions = run.promotions?.mode === 'hq' ? openPromotions(promotionsFile, run, opts) : undefined;
  const abort = new AbortController();
  opts.log.info(
    {
      from: new Date(run.start).toISOString(),
      liveFrom: new Date(run.liveFrom).toISOString(),
      accel: run.accel,
      stores: run.stores,
      seed: run.seed,
      replenishment: run.replenishment?.mode,
      ...(orders && { ordersFrom: new Date(run.replenishment!.from!).toISOString() }),
      promotions: run.promotions?.mode,
    },
    'simulating the chain',
  );
  const done = simulate(run, sink, { log: opts.log, signal: abort.signal, orders: orders?.feed, promotions: promotions?.feed }).finally(async () => {
    await sink.close();
    await orders?.close();
    await promotions?.close();
  });
  return {
    done,
    stop: async () => {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
}

/** The event time the run has reached now: a restarted run takes new feed items in only past it. */
const frontierOf = (run: CliOptions) => eventTimeAt({ liveFrom: run.liveFrom, wallAnchor: run.wallAnchor ?? Date.now(), accel: run.accel }, Date.now());

/** A Kafka feed through its log, closed together. */
function logged<F extends { close(): void }>(kafka: { close(): Promise<void> }, feed: F): LoggedFeed<F> {
  return {
    feed,
    close: async () => {
      await kafka.close();
      feed.close();
    },
  };
}

/** The orders on Kafka, through the run's order log. */
function openOrders(file: string, run: CliOptions, opts: SimulationToKafkaOptions): LoggedFeed<ReplenishmentFeed & { close(): void }> {
  const kafka = openKafkaOrderFeed({ brokers: opts.brokers, log: opts.log, groupId: opts.ordersGroupId });
  return logged(kafka, new OrderLog(file, kafka, frontierOf(run)));
}

/**
 * `hq.promotions` on Kafka, through the run's promotion log. The consumer group is the
 * simulation's own (`-<start>`): a new simulation reads the compacted topic from its
 * beginning, a resumed one goes on where its log has got to.
 */
function openPromotions(file: string, run: CliOptions, opts: SimulationToKafkaOptions): LoggedFeed<PromotionFeed & { close(): void }> {
  const kafka = openKafkaPromotionFeed({ brokers: opts.brokers, log: opts.log, groupId: `${PROMOTION_FEED_GROUP}-${run.start}` });
  return logged(kafka, new PromotionLog(file, kafka, frontierOf(run)));
}
