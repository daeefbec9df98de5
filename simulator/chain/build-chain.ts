import { Rng, WeightedIndex } from '../random/rng';
import { buildCatalog, type Sku } from './catalog';
import { FORMATS, aroundTheClock, type StoreFormat } from './store-formats';

export type DishonestProfile = 'sweethearting' | 'refund_fraud' | 'cash_skimming';

export interface Cashier {
  id: string;
  storeId: string;
  /** Planted dishonest cashier: their exception pattern stands out from store peers. */
  dishonest?: DishonestProfile;
}

export interface Till {
  id: string;
  storeId: string;
  /** 1-based position in the store. */
  number: number;
  selfCheckout: boolean;
  /** Share of the store's customers that pay here while it is open. */
  share: number;
  /** Opens only when the traffic curve is at least this high (0: open all trading hours). */
  opensAtTraffic: number;
}

export interface Store {
  id: string;
  name: string;
  region: string;
  timezone: string;
  currency: string;
  format: StoreFormat;
  /** Receipts on an average weekday. */
  dailyReceipts: number;
  tills: Till[];
  cashiers: Cashier[];
  supervisors: string[];
}

export interface Chain {
  stores: Store[];
  skus: Sku[];
  demand: WeightedIndex;
  warehouse: { id: string; timezone: string };
  webShopId: string;
  hqSource: string;
  currency: string;
}

export interface ChainOptions {
  seed: number;
  stores: number;
  tills: number;
  skus: number;
  dishonest: number;
  /** Every store trades 24 hours a day at a flat, busy traffic (`--around-the-clock`); otherwise its format's hours and daily curve. */
  aroundTheClock?: boolean;
}

const REGIONS = [
  { name: 'Portugal', timezone: 'Europe/Lisbon', cities: ['Lisboa Baixa', 'Porto Boavista', 'Braga Centro', 'Coimbra', 'Faro Marina', 'Setúbal', 'Aveiro', 'Évora'] },
  { name: 'Spain North', timezone: 'Europe/Madrid', cities: ['Bilbao Indautxu', 'Santander Puerto', 'Oviedo', 'Zaragoza Delicias', 'Pamplona', 'León', 'Vitoria', 'Gijón'] },
  { name: 'Spain South', timezone: 'Europe/Madrid', cities: ['Sevilla Triana', 'Málaga Centro', 'Córdoba', 'Granada Zaidín', 'Cádiz', 'Almería', 'Huelva', 'Jaén'] },
] as const;

/** Store i's format: two hypermarkets and two 24-hour express stores in the default twelve. */
const FORMAT_CYCLE: (keyof typeof FORMATS)[] = ['hypermarket', 'supermarket', 'supermarket', 'supermarket', 'express', 'supermarket'];

/** Share of a store's customers who use the self-checkout. */
const SCO_SHARE = 0.22;

const PROFILES: DishonestProfile[] = ['sweethearting', 'refund_fraud', 'cash_skimming'];

/** The simulated chain: stores, tills, cashiers and catalog, all from the seed. */
export function buildChain(opts: ChainOptions): Chain {
  const rng = new Rng(opts.seed).fork('chain');
  const skus = buildCatalog(rng.fork('catalog'), opts.skus);
  const stores: Store[] = [];
  let cashierNo = 0;
  for (let i = 0; i < opts.stores; i++) {
    const region = REGIONS[i % REGIONS.length]!;
    const round = Math.floor(i / REGIONS.length);
    const city = region.cities[round % region.cities.length]!;
    const usual = FORMATS[FORMAT_CYCLE[i % FORMAT_CYCLE.length]!];
    const format = opts.aroundTheClock ? aroundTheClock(usual) : usual;
    const id = `S${String(i + 1).padStart(3, '0')}`;
    const tills = buildTills(id, opts.tills);
    const staffed = tills.filter((t) => !t.selfCheckout).length;
    const cashierCount = Math.max(2, Math.ceil(staffed * format.shiftsPerDay * 1.4));
    const cashiers: Cashier[] = [];
    for (let c = 0; c < cashierCount; c++) cashiers.push({ id: `C${String(++cashierNo).padStart(4, '0')}`, storeId: id });
    stores.push({
      id,
      name: `${format.label} ${city}${round >= region.cities.length ? ` ${round + 1}` : ''}`,
      region: region.name,
      timezone: region.timezone,
      currency: 'EUR',
      format,
      dailyReceipts: Math.round(format.dailyReceipts * (0.85 + 0.3 * rng.next()) * (opts.tills / 6)),
      tills,
      cashiers,
      supervisors: [`${id}-SV1`, `${id}-SV2`],
    });
  }
  plantDishonest(stores, opts.dishonest, rng.fork('dishonest'));
  return {
    stores,
    skus,
    demand: new WeightedIndex(skus.map((s) => s.popularity)),
    warehouse: { id: 'DC01', timezone: 'Europe/Madrid' },
    webShopId: 'WEB',
    hqSource: 'HQ',
    currency: 'EUR',
  };
}

function buildTills(storeId: string, count: number): Till[] {
  const hasSco = count >= 2;
  const staffed = hasSco ? count - 1 : count;
  const tills: Till[] = Array.from({ length: staffed }, (_, k) => ({
    id: `${storeId}-T${String(k + 1).padStart(2, '0')}`,
    storeId,
    number: k + 1,
    selfCheckout: false,
    // Staffed tills split the queue between those open; the first two open all day,
    // the others as traffic builds up.
    share: (1 - SCO_SHARE * Number(hasSco)) / staffed,
    opensAtTraffic: k < 2 ? 0 : Math.min(1.2, 0.35 * (k - 1)),
  }));
  if (hasSco) {
    tills.push({ id: `${storeId}-T${String(count).padStart(2, '0')}`, storeId, number: count, selfCheckout: true, share: SCO_SHARE, opensAtTraffic: 0 });
  }
  return tills;
}

/** One dishonest cashier per store, in as many stores as asked, with rotating profiles. */
function plantDishonest(stores: Store[], count: number, rng: Rng): void {
  const order = rng.shuffled(stores.map((_, i) => i));
  for (let k = 0; k < Math.min(count, stores.length); k++) {
    const store = stores[order[k]!]!;
    const cashier = rng.pick(store.cashiers);
    cashier.dishonest = PROFILES[k % PROFILES.length]!;
  }
}

/** The self-checkout's virtual cashier: a self-checkout has no person at the till. */
export const scoCashierId = (storeId: string) => `${storeId}-SCO`;
