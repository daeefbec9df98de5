import path from 'node:path';
import type { Logger } from '../../lib/log';
import { openThreadedKafkaSink } from '../sinks/threaded-kafka-sink';
import { parseCli } from './cli-options';
import { resumeOrBegin } from './resume-state';
import { simulate, type RunResult } from './simulate';

export interface RunningSimulation {
  /** Resolves when the run ends (its duration is over, or stop() was called). */
  done: Promise<RunResult>;
  stop: () => Promise<void>;
}

/**
 * The simulator as a long-running producer to Kafka (the `simulator` role and
 * `npm run simulate` without --out): journals and resume state under
 * `<dataDir>/simulator`.
 */
export async function startSimulationToKafka(opts: { argv: string[]; dataDir: string; brokers: string[]; log: Logger }): Promise<RunningSimulation> {
  const dir = path.join(opts.dataDir, 'simulator');
  const parsed = parseCli(opts.argv);
  const run = resumeOrBegin(path.join(dir, 'run.json'), parsed);
  const sink = await openThreadedKafkaSink({ brokers: opts.brokers, journalDir: parsed.journalDir ?? path.join(dir, 'journal'), log: opts.log });
  const abort = new AbortController();
  opts.log.info(
    { from: new Date(run.start).toISOString(), liveFrom: new Date(run.liveFrom).toISOString(), accel: run.accel, stores: run.stores, seed: run.seed },
    'simulating the chain',
  );
  const done = simulate(run, sink, { log: opts.log, signal: abort.signal }).finally(() => sink.close());
  return {
    done,
    stop: async () => {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
}
