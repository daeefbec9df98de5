import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../lib/log';
import { openKafkaOrderFeed } from '../orders/kafka-order-feed';
import { OrderLog } from '../orders/order-log';
import type { ReplenishmentFeed } from '../orders/replenishment-feed';
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

/**
 * The simulator as a long-running producer to Kafka (the `simulator` role and
 * `npm run simulate` without --out): journals, resume state and, in `orders` mode, the
 * log of the replenishment orders taken in, under `<dataDir>/simulator`.
 */
export async function startSimulationToKafka(opts: SimulationToKafkaOptions): Promise<RunningSimulation> {
  const dir = path.join(opts.dataDir, 'simulator');
  const parsed = parseCli(opts.argv);
  if (parsed.replenishment?.mode === 'orders' && !Number.isFinite(parsed.accel)) {
    throw new Error('--replenishment orders needs a finite --accel when sending to Kafka: the warehouse answers the pipeline while simulated time passes at a known pace');
  }
  const runFile = path.join(dir, 'run.json');
  const ordersFile = path.join(dir, 'orders.ndjson');
  // A new simulation starts a new order log; a resumed one replays its own.
  if (!fs.existsSync(runFile)) fs.rmSync(ordersFile, { force: true });
  const run = resumeOrBegin(runFile, parsed);
  const sink = await openThreadedKafkaSink({ brokers: opts.brokers, journalDir: parsed.journalDir ?? path.join(dir, 'journal'), log: opts.log });
  const orders = run.replenishment?.mode === 'orders' ? openOrders(ordersFile, run, opts) : undefined;
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
    },
    'simulating the chain',
  );
  const done = simulate(run, sink, { log: opts.log, signal: abort.signal, orders: orders?.feed }).finally(async () => {
    await sink.close();
    await orders?.close();
  });
  return {
    done,
    stop: async () => {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
}

/** The orders on Kafka, through the run's order log (taken in only past the event time the run has reached now). */
function openOrders(file: string, run: CliOptions, opts: SimulationToKafkaOptions): { feed: ReplenishmentFeed; close: () => Promise<void> } {
  const frontier = eventTimeAt({ liveFrom: run.liveFrom, wallAnchor: run.wallAnchor ?? Date.now(), accel: run.accel }, Date.now());
  const kafka = openKafkaOrderFeed({ brokers: opts.brokers, log: opts.log, groupId: opts.ordersGroupId });
  const feed = new OrderLog(file, kafka, frontier);
  return {
    feed,
    close: async () => {
      await kafka.close();
      feed.close();
    },
  };
}
