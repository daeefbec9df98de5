import fs from 'node:fs';
import { endpointsFor } from '../lib/config/endpoints';
import { loadConfig } from '../lib/config/load-config';
import { createLogger, type Logger } from '../lib/log';
import { parseCli, USAGE } from './run/cli-options';
import { startSimulationToKafka } from './run/run-to-kafka';
import { simulate, type RunResult } from './run/simulate';
import { fileSink } from './sinks/file-sink';
import type { Sink } from './sinks/sink';

/** `npm run simulate -- …`: the chain simulator on its own (NDJSON out, or Kafka). */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let opts;
  try {
    opts = parseCli(argv);
  } catch (err) {
    process.stderr.write(`simulate: ${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'info', name: 'simulator', stderr: opts.out === '-' });
  if (opts.out) {
    if (opts.replenishment?.mode === 'orders') log.warn('--replenishment orders with --out: no orders come in, so only the history has nightly transfers to the stores');
    if (opts.promotions?.mode === 'hq') log.warn('--promotions hq with --out: nothing comes in from hq.promotions, so only the calendar applies');
    await runWith(opts, fileSink(opts.out), log);
    return;
  }
  // To Kafka: the configured brokers or the local one `npm start` runs, journals under DATA_DIR.
  const config = loadConfig(process.env);
  const brokers = endpointsFor(config).kafkaBrokers;
  log.info({ brokers }, 'sending to Kafka (events wait in the journals while it is unreachable)');
  const sim = await startSimulationToKafka({ argv, dataDir: config.DATA_DIR, brokers, log });
  const stop = () => void sim.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  report(await sim.done, opts.truth, log);
}

async function runWith(opts: ReturnType<typeof parseCli>, sink: Sink, log: Logger): Promise<void> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const result = await simulate(opts, sink, { log, signal: abort.signal });
  await sink.close();
  report(result, opts.truth, log);
}

function report(result: RunResult, truthFile: string | undefined, log: Logger): void {
  if (truthFile) fs.writeFileSync(truthFile, `${JSON.stringify(result.truth)}\n`);
  log.info({ events: result.events, delivered: result.delivered, seconds: result.wallMs / 1000, perSecond: Math.round(result.events / (result.wallMs / 1000)) }, 'simulation done');
}

main().catch((err: unknown) => {
  process.stderr.write(`simulate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
