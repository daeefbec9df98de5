import type { PromotionStatus } from './authoring-answers';

/**
 * The stores' acknowledgement of a published promotion (issue 9, deliverable 4), as
 * GET /api/v1/promotions/{id}/acknowledgements answers it (server/promotions/acknowledgement-*.ts)
 * and the browser reads it: per store, the first till event applying it (`pos.discount.applied`
 * with its `promotionId`, from the history in ClickHouse) and how many discounts so far.
 */
export interface StoreAcknowledgement {
  storeId: string;
  /** From master data; null for a store master data no longer knows. */
  name: string | null;
  region: string | null;
  timezone: string | null;
  currency: string | null;
  /** Whether the promotion was published to this store. */
  targeted: boolean;
  /** The first discount applying it (UTC ISO), null while pending. */
  firstAppliedAt: string | null;
  /** That first event: its id, till and receipt. */
  firstEvent: { eventId: string; tillId: string; receiptId: string } | null;
  /** The latest discount applying it (UTC ISO). */
  lastAppliedAt: string | null;
  /** Discounts applying it so far, and their sum in the store's currency minor units. */
  discounts: number;
  discountAmount: number;
}

export interface AcknowledgementsAnswer {
  promotionId: string;
  status: PromotionStatus;
  /** False for a draft: nothing was sent to the stores yet (stores is then empty). */
  published: boolean;
  /** Every store it was published to, in store order: applied (firstAppliedAt set) or pending. */
  stores: StoreAcknowledgement[];
  /** Stores that applied it although it was not published to them: none when the tills behave. */
  outside: StoreAcknowledgement[];
  summary: { targeted: number; applied: number; pending: number; discounts: number };
  generatedAt: string;
}
