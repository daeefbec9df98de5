import { startSimulationToKafka } from '../../simulator/run/run-to-kafka';
import type { Role } from './role';

/**
 * SIMULATOR_ARGS as argv: the simulator's own options, separated by spaces. Unless they
 * say otherwise, the role's warehouse fulfils Tillstream's replenishment orders
 * (`--replenishment orders`), so the demo's loop closes: low stock → order → delivery;
 * not at `--accel max`, which runs ahead of any pipeline (and orders mode refuses it).
 */
export const simulatorArgv = (args: string) => {
  const argv = args.split(/\s+/).filter(Boolean);
  const chosen = argv.some((a) => a === '--replenishment' || a.startsWith('--replenishment='));
  const atMax = argv.some((a, i) => a === '--accel=max' || (a === '--accel' && argv[i + 1] === 'max'));
  return chosen || atMax ? argv : [...argv, '--replenishment', 'orders'];
};

/** The simulated chain, producing to Kafka through its tills' journals (SIMULATOR_ARGS). */
export const simulatorRole: Role = {
  name: 'simulator',
  description: 'the simulated chain (tills, web shop, warehouse, HQ) producing to Kafka and fulfilling replenishment orders; options in SIMULATOR_ARGS',
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
      (r) => slog.info({ events: r.events, orders: r.orders }, r.stopped ? 'simulation stopped' : 'simulation reached its end'),
      (err: unknown) => slog.error({ err }, 'simulation failed'),
    );
    return () => sim.stop();
  },
};
