import { parseArgs } from 'node:util';

/** The options of `npm run bench:pipeline`. */
export interface PipelineBenchOptions {
  /** Events to preload with the simulator (about; the simulator's day decides the exact count). */
  events: number;
  /** Fixed rates of the latency phase, events per second. */
  rates: number[];
  /** Seconds of production per rate. */
  seconds: number;
  /** Adds --cpu-prof to the worker processes. */
  cpuProf: boolean;
}

export const USAGE = `npm run bench:pipeline -- [options]

  --events N       events preloaded by the simulator (1000000; 50000..5000000)
  --rates A,B,C    fixed rates of the latency phase, events/s (5000,10000,25000; each 100..100000)
  --seconds S      seconds of production per rate (20; 1..300)
  --cpu-prof       profile the three worker processes (node --cpu-prof) into bench/results/profiles/<date>`;

function wholeNumber(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}: "${value}" must be a whole number from ${min} to ${max}`);
  return n;
}

/** Parses the command line; throws an Error naming the option for anything wrong. */
export function parseBenchOptions(argv: string[]): PipelineBenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      events: { type: 'string' },
      rates: { type: 'string' },
      seconds: { type: 'string' },
      'cpu-prof': { type: 'boolean' },
    },
  });
  const rates = (values.rates ?? '5000,10000,25000')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => wholeNumber(r, '--rates', 100, 100_000));
  if (rates.length === 0 || rates.length > 10) throw new Error('--rates: give 1 to 10 rates, e.g. 5000,10000,25000');
  return {
    events: values.events === undefined ? 1_000_000 : wholeNumber(values.events, '--events', 50_000, 5_000_000),
    rates,
    seconds: values.seconds === undefined ? 20 : wholeNumber(values.seconds, '--seconds', 1, 300),
    cpuProf: values['cpu-prof'] === true,
  };
}
