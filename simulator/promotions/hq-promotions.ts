import { isActiveAt, type PublishedPromotion } from '../../lib/promotions/promotion-window';
import { skuCoverage } from '../../lib/promotions/promotion-coverage';
import type { Chain, Store } from '../chain/build-chain';
import type { SimSource } from '../core/sim-event';
import type { PromotionFeed } from './promotion-feed';
import type { PromotionOptions } from './promotion-options';

/** An authored promotion as the tills hold it: its definition, what it covers, the planted response. */
export interface HqPromotion {
  def: PublishedPromotion;
  /** 1 for each SKU index it covers (its SKUs, or its category). */
  covers: Uint8Array;
  /** The categories of its SKUs it does not cover whole: the rest of each is cannibalised. */
  categories: Set<string>;
  lift: number;
  cannibalisation: number;
}

/** One word on a promotion, from the event time it was taken in. */
interface Version {
  from: number;
  promotion?: HqPromotion;
}

/**
 * The promotions HQ published on `hq.promotions`, as the tills know them at each instant.
 * The feed is polled by a fed source (`source()`): the event stream lets it take in at
 * every 10 simulated seconds, before anything later is emitted, so a Kafka-fed run and its
 * replay (`PromotionLog`) take each event in at the same point, and an event is never
 * stamped ahead of the run. Every event takes effect from the step it was taken in at: a
 * republished promotion replaces the earlier definition, a withdrawal ends it. A till
 * takes a receipt's promotions at its opening, with what had been taken in by then.
 * Events on a promotion of HQ's own calendar (which it publishes too, and reads back) do
 * not redefine it; a withdrawal ends it (`calendarWithdrawnAt`).
 */
/** How often the tills take in what arrived on hq.promotions (simulated time). */
export const TAKE_IN_EVERY_MS = 10_000;

export class HqPromotions {
  private readonly versions = new Map<string, Version[]>();
  private readonly calendarWithdrawals = new Map<string, number>();
  private readonly categoryOf: (sku: string) => string | undefined;
  private readonly skuIndex: Map<string, number>;

  constructor(
    private readonly feed: PromotionFeed,
    private readonly chain: Chain,
    private readonly options: PromotionOptions,
    private readonly isCalendarId: (promotionId: string) => boolean,
    /** Told of every authored promotion taken in, with its planted response (for the truth). */
    private readonly onTakenIn: (p: HqPromotion) => void = () => undefined,
  ) {
    const categories = new Map(chain.skus.map((s) => [s.sku, s.category]));
    this.categoryOf = (sku) => categories.get(sku);
    this.skuIndex = new Map(chain.skus.map((s) => [s.sku, s.index]));
  }

  /** The authored promotions running in `store` at `t`, in the order they were first published. */
  activeAt(store: Store, t: number): HqPromotion[] {
    if (this.versions.size === 0) return [];
    const active: HqPromotion[] = [];
    const where = { storeId: store.id, timezone: store.timezone };
    for (const versions of this.versions.values()) {
      const p = versionAt(versions, t)?.promotion;
      if (p && isActiveAt(p.def, where, t)) active.push(p);
    }
    return active;
  }

  /** When a withdrawal on `hq.promotions` ended a promotion of HQ's calendar, if it did by `t`. */
  calendarWithdrawnAt(promotionId: string, t: number): number | undefined {
    const at = this.calendarWithdrawals.get(promotionId);
    return at !== undefined && at <= t ? at : undefined;
  }

  /** The fed source that takes the feed in; it emits nothing itself. */
  source(): SimSource {
    return {
      id: 'HQ-PROMOTIONS-FEED',
      events: { next: () => ({ done: true, value: undefined }) },
      takeIn: (t) => {
        this.takeIn(t);
        return false;
      },
      // Every 10 simulated seconds: a publication reaches the tills within seconds at the live pace.
      takeInEveryMs: TAKE_IN_EVERY_MS,
    };
  }

  private takeIn(t: number): void {
    for (const e of this.feed.poll(t)) {
      const id = e.payload.promotionId;
      if (this.isCalendarId(id)) {
        if (e.type === 'promo.withdrawn' && !this.calendarWithdrawals.has(id)) this.calendarWithdrawals.set(id, t);
        continue;
      }
      let versions = this.versions.get(id);
      if (!versions) {
        // A withdrawal of a promotion never seen (compaction keeps only the last word): nothing runs.
        if (e.type === 'promo.withdrawn') continue;
        this.versions.set(id, (versions = []));
      }
      const promotion = e.type === 'promo.published' ? this.prepare(e.payload) : undefined;
      versions.push({ from: t, promotion });
      if (promotion) this.onTakenIn(promotion);
    }
  }

  private prepare(def: PublishedPromotion): HqPromotion {
    const covers = new Uint8Array(this.chain.skus.length);
    const coverage = skuCoverage(def, this.categoryOf);
    for (const s of this.chain.skus) if (coverage(s.sku)) covers[s.index] = 1;
    const categories = new Set<string>();
    for (const sku of def.skus) {
      const i = this.skuIndex.get(sku);
      const category = i === undefined ? undefined : this.chain.skus[i]!.category;
      if (category !== undefined && category !== def.category) categories.add(category);
    }
    return {
      def,
      covers,
      categories,
      lift: this.options.liftById?.[def.promotionId] ?? this.options.lift,
      cannibalisation: this.options.cannibalisationById?.[def.promotionId] ?? this.options.cannibalisation,
    };
  }
}

function versionAt(versions: Version[], t: number): Version | undefined {
  for (let i = versions.length - 1; i >= 0; i--) if (versions[i]!.from <= t) return versions[i];
  return undefined;
}
