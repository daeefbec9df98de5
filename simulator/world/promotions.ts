import type { Chain } from '../chain/build-chain';
import { Rng } from '../random/rng';

export interface Promotion {
  promotionId: string;
  name: string;
  kind: 'percent_off' | 'multi_buy';
  /** percent off, or the paid quantity of a group of value + 1 (3 for 2: value 2). */
  value: number;
  skus: Set<number>;
  /** Empty: every store. */
  storeIds: string[];
  startsAt: number;
  endsAt: number;
}

const WEEK_MS = 7 * 86_400_000;
/** Promotion weeks start on Mondays 00:00 UTC (1970-01-05 was a Monday). */
const MONDAY_EPOCH = Date.parse('1970-01-05T00:00:00Z');

/**
 * HQ's promotion calendar: each week two chain-wide promotions (a percentage off a
 * category's best sellers, a 3-for-2 on everyday items) and one regional one,
 * deterministic per seed and week.
 */
export class Promotions {
  private readonly byWeek = new Map<number, Promotion[]>();
  /**
   * When a withdrawal from outside (`hq.promotions`, `--promotions hq`) ended one of the
   * calendar's promotions, if one did by `t`.
   */
  withdrawnAt: (promotionId: string, t: number) => number | undefined = () => undefined;

  constructor(
    private readonly chain: Chain,
    private readonly seed: number,
  ) {}

  static weekOf(t: number): number {
    return Math.floor((t - MONDAY_EPOCH) / WEEK_MS);
  }

  static weekStart(week: number): number {
    return MONDAY_EPOCH + week * WEEK_MS;
  }

  week(week: number): Promotion[] {
    let promos = this.byWeek.get(week);
    if (promos) return promos;
    const rng = new Rng(this.seed).fork(`promotions:${week}`);
    const skus = this.chain.skus;
    const start = Promotions.weekStart(week);
    const categories = [...new Set(skus.map((s) => s.category))];
    const category = rng.pick(categories);
    const inCategory = skus.filter((s) => s.category === category).slice(0, 25);
    const everyday = skus.filter((s) => s.multiBuy);
    const offset = rng.int(0, Math.max(0, everyday.length - 16));
    const regions = [...new Set(this.chain.stores.map((s) => s.region))];
    const region = rng.pick(regions);
    const regional = rng.shuffled(skus.slice(0, 300)).slice(0, 15);
    promos = [
      {
        promotionId: `PROMO-W${week}-A`,
        name: `${rng.pick([15, 20, 25, 30])}% off ${category}`,
        kind: 'percent_off',
        value: 0,
        skus: new Set(inCategory.map((s) => s.index)),
        storeIds: [],
        startsAt: start,
        endsAt: start + WEEK_MS,
      },
      {
        promotionId: `PROMO-W${week}-B`,
        name: '3 for 2 on everyday favourites',
        kind: 'multi_buy',
        value: 2,
        skus: new Set(everyday.slice(offset, offset + 16).map((s) => s.index)),
        storeIds: [],
        startsAt: start,
        endsAt: start + WEEK_MS,
      },
      {
        promotionId: `PROMO-W${week}-R`,
        name: `${region} weekend deals`,
        kind: 'percent_off',
        value: 10,
        skus: new Set(regional.map((s) => s.index)),
        storeIds: this.chain.stores.filter((s) => s.region === region).map((s) => s.id),
        startsAt: start + 4 * 86_400_000,
        endsAt: start + WEEK_MS,
      },
    ];
    promos[0]!.value = Number(/^\d+/.exec(promos[0]!.name)![0]);
    this.byWeek.set(week, promos);
    return promos;
  }

  /** The promotion that applies to a SKU in a store at an instant, if any (the first listed wins). */
  for(skuIndex: number, storeId: string, t: number): Promotion | undefined {
    for (const p of this.week(Promotions.weekOf(t))) {
      if (t >= p.startsAt && t < p.endsAt && p.skus.has(skuIndex) && (p.storeIds.length === 0 || p.storeIds.includes(storeId)) && this.withdrawnAt(p.promotionId, t) === undefined) return p;
    }
    return undefined;
  }

  /** Whether a promotion id is one of the calendar's (`PROMO-W<week>-<letter>`). */
  isCalendarId(promotionId: string): boolean {
    const m = /^PROMO-W(-?\d+)-[A-Z]$/.exec(promotionId);
    return m !== null && this.week(Number(m[1])).some((p) => p.promotionId === promotionId);
  }
}
