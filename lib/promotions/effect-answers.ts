/**
 * What a promotion is doing (issue 9, "Effect, live"), as GET /api/v1/promotions/{id}/effect
 * answers it (server/promotions/effect-*.ts) and the promotion page reads it. Every estimate
 * comes with the data it rests on and a 95 % interval, or says why there is not enough data
 * yet. Definitions: docs/kpis.md, "Promotions: effect".
 */

/** An estimate with its 95 % interval, or the reason there is none yet. */
export type Estimate = { status: 'measured'; value: number; low: number; high: number } | { status: 'not_enough_data'; reason: string };

/** A figure that needs data Tillstream does not have (e.g. cost prices). */
export interface Unavailable {
  status: 'unavailable';
  reason: string;
}

/** One UTC hour of the promotion in its stores: what sold, and what was expected without it. */
export interface EffectHour {
  hour: string;
  units: number;
  /** The baseline weeks' units of the same hours, scaled by the control stores' trend. */
  expectedUnits: number;
}

export interface SkuSetEffect {
  /** SKUs in the set. */
  skus: number;
  /** Units sold in the promotion's stores over the hours measured. */
  units: number;
  /** The same hours of the baseline weeks, averaged (before the controls' trend). */
  baselineUnits: number;
  /** units / expected − 1: +0.3 is 30 % more. */
  uplift: Estimate;
  incrementalUnits: Estimate;
}

export interface GroupStats {
  receipts: number;
  /** Mean receipt total (cents). */
  basketValue: Estimate;
  /** Mean items per receipt. */
  basketItems: Estimate;
  /** Mean time from the receipt's opening to its close (seconds). */
  checkoutSeconds: Estimate;
  /** Items scanned per minute of checkout: Σ items / Σ minutes. */
  itemsPerMinute: Estimate;
}

export interface EffectAnswer {
  promotionId: string;
  name: string;
  currency: string | null;
  /** What was compared with what. */
  design: {
    /** did: the promotion's stores against the others (difference in differences); baseline: previous weeks only (it runs everywhere). */
    method: 'did' | 'baseline';
    treatedStores: string[];
    controlStores: string[];
    /** Previous weeks whose same hours make the baseline (up to 4, as far as history goes). */
    baselineWeeks: number;
    /** Whole store-hours measured in the promotion's stores so far. */
    hours: number;
    /** The measured hours' bounds (UTC ISO), or null when none has passed yet. */
    from: string | null;
    to: string | null;
    confidence: number;
    resamples: number;
  };
  promoted: SkuSetEffect & {
    /** Revenue of the promoted SKUs at their prices, the promotion's discounts, and what was paid. */
    grossRevenue: number;
    discountCost: number;
    netRevenue: number;
    /** Net revenue less what the expected units would have brought. */
    incrementalRevenue: Estimate;
    netIncrementalMargin: Estimate | Unavailable;
  };
  /** The rest of the promoted SKUs' categories (cannibalisation shows as a negative uplift); null when it covers whole categories. */
  category: (SkuSetEffect & { categories: string[] }) | null;
  /** Receipts in the promotion's stores while it ran, with and without its SKUs. */
  baskets: { withPromoted: GroupStats; withoutPromoted: GroupStats };
  series: EffectHour[];
  generatedAt: string;
}
