import type { EventOf } from '../contract/catalog';
import { localTimeToUtc } from '../time/local-time';

/** A validated `promo.published` payload (the contract's `lib/contract/events/hq.ts`). */
export type PublishedPromotion = EventOf<'promo.published'>['payload'];

/** A store as a promotion sees it: its id and its IANA timezone. */
export interface PromotionStore {
  storeId: string;
  timezone: string;
}

/** An instant range [from, to) in UTC milliseconds. */
export interface PromotionWindow {
  from: number;
  to: number;
}

/** Whether the promotion names the store (an empty `storeIds` names every store). */
export function targetsStore(promo: Pick<PublishedPromotion, 'storeIds'>, storeId: string): boolean {
  return promo.storeIds.length === 0 || promo.storeIds.includes(storeId);
}

/** A 'YYYY-MM-DDTHH:mm' wall-clock time read in `timezone` (DST: `localTimeToUtc`'s rules). */
export function localDateTimeToUtc(local: string, timezone: string): number {
  const minute = Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
  return localTimeToUtc(local.slice(0, 10), minute, timezone);
}

/**
 * When the promotion runs in a store with this timezone: with `localStart`/`localEnd`, from
 * that wall-clock start to that wall-clock end in the store's own timezone (so a store an hour
 * east starts an hour earlier in UTC; `startsAt`/`endsAt` are then only the earliest and latest
 * bounds over the stores, for display, and are not used); otherwise `startsAt`..`endsAt`.
 */
export function storeWindow(promo: Pick<PublishedPromotion, 'startsAt' | 'endsAt' | 'localStart' | 'localEnd'>, timezone: string): PromotionWindow {
  if (promo.localStart !== undefined && promo.localEnd !== undefined) {
    return { from: localDateTimeToUtc(promo.localStart, timezone), to: localDateTimeToUtc(promo.localEnd, timezone) };
  }
  return { from: Date.parse(promo.startsAt), to: Date.parse(promo.endsAt) };
}

/**
 * Whether the promotion is active in `store` at instant `t`: the store is targeted and `t`
 * is inside the store's window [from, to). A withdrawn promotion is no longer active from the
 * withdrawal's time on (`withdrawnAt`, inclusive).
 */
export function isActiveAt(promo: PublishedPromotion, store: PromotionStore, t: number, withdrawnAt?: number): boolean {
  if (!targetsStore(promo, store.storeId)) return false;
  if (withdrawnAt !== undefined && t >= withdrawnAt) return false;
  const w = storeWindow(promo, store.timezone);
  return t >= w.from && t < w.to;
}
