/**
 * The promotions HQ authors (issue 9, "Authoring and publishing"), as the routes answer them
 * (server/promotions/) and the browser reads them. A promotion is a draft until it is
 * published to `hq.promotions` (lib/contract/events/hq.ts `promo.published`); it can then be
 * withdrawn (`promo.withdrawn`). Its status over time is derived from its window.
 */
export type PromotionKind = 'percent_off' | 'amount_off' | 'multi_buy' | 'bundle';

/** Which stores: every store, one region's (resolved to its stores when published), or a list. */
export type PromotionTarget = { scope: 'chain' } | { scope: 'region'; region: string } | { scope: 'stores'; storeIds: string[] };

/** What an author writes: start and end are wall-clock times each store reads in its own timezone. */
export interface PromotionDraft {
  name: string;
  kind: PromotionKind;
  /** Percent off (1-100); cents off each unit; the paid quantity of a multi-buy group; the bundle's price in cents. */
  value: number;
  /** Multi-buy: units in a group (3 for 2: 3). */
  buyQty?: number;
  skus: string[];
  category?: string;
  target: PromotionTarget;
  /** 'YYYY-MM-DDTHH:mm', local to each store. */
  localStart: string;
  localEnd: string;
}

/** draft: not published; scheduled / running / ended: published, by its window; withdrawn: ended early by HQ. */
export type PromotionStatus = 'draft' | 'scheduled' | 'running' | 'ended' | 'withdrawn';

/** Another promotion in force on some of the same SKUs, in some of the same stores, at some of the same time. */
export interface PromotionOverlap {
  promotionId: string;
  name: string;
  /** Up to 20 of the SKUs both promote, and how many there are. */
  skus: string[];
  skuCount: number;
  /** The stores both run in (null: every store). */
  storeIds: string[] | null;
  /** When both run (UTC ISO). */
  from: string;
  to: string;
}

export interface PromotionRecord {
  promotionId: string;
  /** Goes up by one on every change (edit, publish, withdraw); changes name the version they were made from. */
  version: number;
  status: PromotionStatus;
  draft: PromotionDraft;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  /** Once published: who, when, and the stores and UTC bounds it was published with. */
  published: { by: string; at: string; storeIds: string[]; startsAt: string; endsAt: string; eventId: string } | null;
  withdrawn: { by: string; at: string; reason: string; eventId: string } | null;
}

export interface PromotionAnswer {
  promotion: PromotionRecord;
  /** Other promotions it overlaps (published and not withdrawn, or drafts when it is one). */
  overlaps: PromotionOverlap[];
}

export interface PromotionsAnswer {
  promotions: PromotionRecord[];
  generatedAt: string;
}
