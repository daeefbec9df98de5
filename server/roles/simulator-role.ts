import { startSimulationToKafka } from '../../simulator/run/run-to-kafka';
import type { Role } from './role';

/** SIMULATOR_ARGS as argv: the simulator's own options, separated by spaces. */
export const simulatorArgv = (args: string) => args.split(/\s+/).filter(Boolean);

/** The simulated chain, producing to Kafka through its tills' journals (SIMULATOR_ARGS). */
export const simulatorRole: Role = {
  name: 'simulator',
  description: 'the simulated chain (tills, web shop, warehouse, HQ) producing to Kafka; options in SIMULATOR_ARGS',
  needsClickHouse: false,
  start: async ({ config, endpoints, log }) => {
    const slog = log.child({ role: 'simulator' });
    let sim;
    try {
      sim = await startSimulationToKafka({ argv: simulatorArgv(config.SIMULATOR_ARGS), dataDir: config.DATA_DIR, brokers: endpoints.kafkaBrokers, log: slog });
    } catch (err) {
      throw new Error(`SIMULATOR_ARGS (${JSON.stringify(config.SIMULATOR_ARGS)}): ${(err as Error).message}`);
    }
    sim.done.then(
      (r) => slog.info({ events: r.events }, r.stopped ? 'simulation stopped' : 'simulation reached its end'),
      (err: unknown) => slog.error({ err }, 'simulation failed'),
    );
    return () => sim.stop();
  },
};
