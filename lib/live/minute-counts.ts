/**
 * The counts of one UTC minute of a scope (a location, a region, the chain), as the live
 * aggregator keeps them in Redis and the history rollups in ClickHouse (docs/kpis.md).
 * Shared by the workers, the web tier and the browser (live deltas carry them).
 */
/** The counts of one UTC minute (or any sum of minutes). Money in integer cents. */
export interface MinuteCounts {
  /** Till channel: Σ pos.receipt.closed.total. */
  gross: number;
  /** Σ pos.refund.issued.amount. */
  refunds: number;
  /** Σ pos.receipt.postvoided.total. */
  postVoids: number;
  /** count of pos.receipt.closed − count of pos.receipt.postvoided. */
  receipts: number;
  /** Σ closed items − Σ post-voided items. */
  items: number;
  /** count of pos.refund.issued. */
  refundCount: number;
  /** count of pos.receipt.postvoided. */
  postVoidCount: number;
  /** count of pos.item.voided. */
  lineVoids: number;
  /** count of pos.receipt.voided. */
  receiptVoids: number;
  /** Web channel, at the order's fulfilling location: Σ ecom.order.paid.amount. */
  webPaid: number;
  /** Σ ecom.order.cancelled.refundedAmount. */
  webRefunded: number;
}

export const COUNT_FIELDS = [
  'gross',
  'refunds',
  'postVoids',
  'receipts',
  'items',
  'refundCount',
  'postVoidCount',
  'lineVoids',
  'receiptVoids',
  'webPaid',
  'webRefunded',
] as const satisfies readonly (keyof MinuteCounts)[];

export function emptyCounts(): MinuteCounts {
  return { gross: 0, refunds: 0, postVoids: 0, receipts: 0, items: 0, refundCount: 0, postVoidCount: 0, lineVoids: 0, receiptVoids: 0, webPaid: 0, webRefunded: 0 };
}

export function addCounts(into: MinuteCounts, more: MinuteCounts): MinuteCounts {
  for (const f of COUNT_FIELDS) into[f] += more[f];
  return into;
}

