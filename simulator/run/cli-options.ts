import { parseArgs } from 'node:util';
import type { OfflineWindow } from '../faults/fault-injector';
import { DEFAULT_LEAD_TIME_MS, type Replenishment } from '../orders/replenishment-mode';
import { DEFAULT_PROMO_CANNIBALISATION, DEFAULT_PROMO_LIFT, type PromotionOptions } from '../promotions/promotion-options';
import type { RunOptions } from './simulate';

export interface CliOptions extends RunOptions {
  /** NDJSON file ("-" for stdout) instead of Kafka. */
  out?: string;
  truth?: string;
  journalDir?: string;
}

export const USAGE = `npm run simulate -- [options]

  Chain      --seed N (1)  --stores N (12)  --tills N per store (6, the last is a self-checkout)
             --skus N (2400)  --dishonest N planted dishonest cashiers (3)
             --around-the-clock every store trades 24 hours a day at a busy lunchtime's
             traffic (otherwise its format's opening hours and daily curve): for demos and
             tests that must not depend on the hour they run at
  Time       --start ISO (now − history)  --history DURATION (0, e.g. 35d: backfilled at once)
             --duration DURATION (until stopped; required with --truth)
             --accel N|max simulated seconds per second (1; 720 runs a day in 2 minutes)
             --rate N at most N events per second (no cap)
  Output     --out FILE|- NDJSON instead of Kafka   --truth FILE the ground truth (JSON)
             --journal-dir DIR the tills' journals (DATA_DIR/simulator/journal)
  Faults     --duplicates SHARE (0.01 = 1 %)  --malformed SHARE
             --offline STORE@ISO+DURATION (repeatable), e.g. S003@2026-11-20T10:00:00Z+1h
  Warehouse  --replenishment nightly|orders (nightly: it refills the stores each night by
             itself; orders: it fulfils the replenishment orders on Kafka instead, from the
             end of the history on)  --lead-time DURATION from order to delivery (2h)
  Promotions --promotions calendar|hq (calendar: HQ's weekly calendar only; hq: also what
             arrives on hq.promotions, the promotions authored at HQ, and their withdrawals)
             --promo-lift N extra share of units of an authored promotion's SKUs while it
             runs (${DEFAULT_PROMO_LIFT})  --promo-cannibalisation SHARE of the lines of the rest of
             their categories that shoppers leave out meanwhile (${DEFAULT_PROMO_CANNIBALISATION})

DURATION is a number with s, m, h or d (90m, 35d).`;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(value: string, name: string): number {
  const m = DURATION.exec(value.trim());
  if (!m) throw new Error(`${name}: "${value}" is not a duration (e.g. 90m, 8h, 35d)`);
  return Math.round(Number(m[1]) * UNIT[m[2]!]!);
}

function int(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}: "${value}" must be a whole number from ${min} to ${max}`);
  return n;
}

function share(value: string | undefined, name: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 0.5) throw new Error(`${name}: "${value}" must be a share from 0 to 0.5 (0.01 = 1 %)`);
  return n;
}

function instant(value: string, name: string): number {
  const t = Date.parse(value);
  if (!/Z$|[+-]\d\d:\d\d$/.test(value) || Number.isNaN(t)) throw new Error(`${name}: "${value}" is not an ISO 8601 time with a zone (e.g. 2026-11-20T00:00:00Z)`);
  return t;
}

function offline(value: string): OfflineWindow {
  const m = /^([A-Za-z0-9-]+)@(.+)\+([^+]+)$/.exec(value);
  if (!m) throw new Error(`--offline: "${value}" must look like S003@2026-11-20T10:00:00Z+1h`);
  const from = instant(m[2]!, '--offline');
  return { storeId: m[1]!, from, to: from + parseDuration(m[3]!, '--offline') };
}

function replenishment(mode: string | undefined, leadTime: string | undefined): Replenishment {
  if (mode !== undefined && mode !== 'nightly' && mode !== 'orders') throw new Error(`--replenishment: "${mode}" must be nightly or orders`);
  if (leadTime !== undefined && mode !== 'orders') throw new Error('--lead-time needs --replenishment orders: the nightly transfers have no lead time');
  return { mode: mode ?? 'nightly', leadTime: leadTime === undefined ? DEFAULT_LEAD_TIME_MS : parseDuration(leadTime, '--lead-time') };
}

function promotions(mode: string | undefined, lift: string | undefined, cannibalisation: string | undefined): PromotionOptions {
  if (mode !== undefined && mode !== 'calendar' && mode !== 'hq') throw new Error(`--promotions: "${mode}" must be calendar or hq`);
  const ratio = (value: string | undefined, name: string, fallback: number, max: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > max) throw new Error(`${name}: "${value}" must be a number from 0 to ${max} (0.3 = 30 %)`);
    return n;
  };
  return {
    mode: mode ?? 'calendar',
    lift: ratio(lift, '--promo-lift', DEFAULT_PROMO_LIFT, 10),
    cannibalisation: ratio(cannibalisation, '--promo-cannibalisation', DEFAULT_PROMO_CANNIBALISATION, 1),
  };
}

/** Parses the command line; throws an Error naming the option for anything wrong. */
export function parseCli(argv: string[], now = Date.now()): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      seed: { type: 'string' },
      stores: { type: 'string' },
      tills: { type: 'string' },
      skus: { type: 'string' },
      dishonest: { type: 'string' },
      'around-the-clock': { type: 'boolean' },
      start: { type: 'string' },
      history: { type: 'string' },
      duration: { type: 'string' },
      accel: { type: 'string' },
      rate: { type: 'string' },
      out: { type: 'string' },
      truth: { type: 'string' },
      'journal-dir': { type: 'string' },
      duplicates: { type: 'string' },
      malformed: { type: 'string' },
      offline: { type: 'string', multiple: true },
      replenishment: { type: 'string' },
      'lead-time': { type: 'string' },
      promotions: { type: 'string' },
      'promo-lift': { type: 'string' },
      'promo-cannibalisation': { type: 'string' },
    },
  });
  const history = values.history ? parseDuration(values.history, '--history') : 0;
  const minuteNow = Math.floor(now / 60_000) * 60_000;
  const start = values.start ? instant(values.start, '--start') : minuteNow - history;
  // Live from now, to the millisecond: the run's clock is anchored at the wall-clock instant it
  // starts (resume-state.ts), so events are stamped with the time they are sent. (Live from the
  // whole minute, as once, stamped every event up to 59 s in the past: every store lagging.)
  const liveFrom = values.start && !values.history ? start : Math.max(start, now);
  const duration = values.duration ? parseDuration(values.duration, '--duration') : undefined;
  if (values.truth && duration === undefined) throw new Error('--truth needs --duration: the truth is written when the run ends');
  const accel = values.accel === undefined ? 1 : values.accel === 'max' ? Number.POSITIVE_INFINITY : Number(values.accel);
  if (!(accel > 0)) throw new Error(`--accel: "${values.accel}" must be a positive number or "max"`);
  const rate = values.rate === undefined ? Number.POSITIVE_INFINITY : int(values.rate, '--rate', 0, 1, 10_000_000);
  const seed = int(values.seed, '--seed', 1, 0, 2 ** 31 - 1);
  const stores = int(values.stores, '--stores', 12, 1, 2000);
  const tills = int(values.tills, '--tills', 6, 1, 40);
  const skus = int(values.skus, '--skus', 2400, 50, 200_000);
  const dishonest = int(values.dishonest, '--dishonest', 3, 0, stores);
  const windows = (values.offline ?? []).map(offline);
  for (const w of windows) {
    const n = Number(w.storeId.slice(1));
    if (!/^S\d{3,}$/.test(w.storeId) || n < 1 || n > stores) throw new Error(`--offline: store "${w.storeId}" is not one of S001…S${String(stores).padStart(3, '0')}`);
  }
  return {
    seed,
    stores,
    tills,
    skus,
    dishonest,
    ...(values['around-the-clock'] && { aroundTheClock: true }),
    start,
    liveFrom,
    end: duration === undefined ? Number.POSITIVE_INFINITY : start + duration,
    accel,
    rate,
    faults: { duplicates: share(values.duplicates, '--duplicates'), malformed: share(values.malformed, '--malformed'), offline: windows },
    replenishment: replenishment(values.replenishment, values['lead-time']),
    promotions: promotions(values.promotions, values['promo-lift'], values['promo-cannibalisation']),
    out: values.out,
    truth: values.truth,
    journalDir: values['journal-dir'],
  };
}
