import { startSimulationToKafka } from '../../simulator/run/run-to-kafka';
import type { Role } from './role';

/**
 * SIMULATOR_ARGS as argv: the simulator's own options, separated by spaces. Unless they
 * say otherwise, the role's warehouse fulfils Tillstream's replenishment orders
 * (`--replenishment orders`), so the demo's loop closes: low stock → order → delivery;
 * and its tills apply the promotions published on `hq.promotions` besides HQ's calendar
 * (`--promotions hq`), so a promotion authored at HQ runs in the stores. Neither at
 * `--accel max`, which runs ahead of any pipeline (and both modes refuse it).
 */
export const simulatorArgv = (args: string) => {
  const argv = args.split(/\s+/).filter(Boolean);
  const chose = (option: string) => argv.some((a) => a === option || a.startsWith(`${option}=`));
  const atMax = argv.some((a, i) => a === '--accel=max' || (a === '--accel' && argv[i + 1] === 'max'));
  if (atMax) return argv;
  return [...argv, ...(chose('--replenishment') ? [] : ['--replenishment', 'orders']), ...(chose('--promotions') ? [] : ['--promotions', 'hq'])];
};

/** The simulated chain, producing to Kafka through its tills' journals (SIMULATOR_ARGS). */
export const simulatorRole: Role = {
  name: 'simulator',
  description: 'the simulated chain (tills, web shop, warehouse, HQ) producing to Kafka, fulfilling replenishment orders and applying HQ’s promotions; options in SIMULATOR_ARGS',
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
