import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import type { AcknowledgementsAnswer, StoreAcknowledgement } from '../../lib/promotions/acknowledgement-answers';
import type { PromotionRecord } from '../../lib/promotions/authoring-answers';
import { APPLIED_PER_STORE_SQL, appliedParams, appliedRowOf, type AppliedRow, type RawAppliedRow } from './acknowledgement-queries';

/**
 * The stores' acknowledgement of a promotion (issue 9, deliverable 4): each store it was
 * published to, with the first till event applying it and the discounts so far, or pending;
 * and any store that applied it without being targeted (there should be none). History only:
 * the sink writes every accepted event to ClickHouse within seconds.
 */
export function acknowledgementsOf(p: PromotionRecord, applied: AppliedRow[], stores: Map<string, StoreInfo>, now: number): AcknowledgementsAnswer {
  const targeted = new Set(p.published?.storeIds ?? []);
  const byStore = new Map(applied.map((r) => [r.storeId, r]));
  const entry = (storeId: string): StoreAcknowledgement => {
    const info = stores.get(storeId);
    const r = byStore.get(storeId);
    return {
      storeId,
      name: info?.name ?? null,
      region: info?.region ?? null,
      timezone: info?.timezone ?? null,
      currency: info?.currency ?? null,
      targeted: targeted.has(storeId),
      firstAppliedAt: r ? new Date(r.firstMs).toISOString() : null,
      firstEvent: r ? { eventId: r.eventId, tillId: r.tillId, receiptId: r.receiptId } : null,
      lastAppliedAt: r ? new Date(r.lastMs).toISOString() : null,
      discounts: r?.discounts ?? 0,
      discountAmount: r?.amount ?? 0,
    };
  };
  const list = [...targeted].sort().map(entry);
  const outside = applied.filter((r) => !targeted.has(r.storeId)).map((r) => entry(r.storeId));
  const appliedCount = list.filter((s) => s.firstAppliedAt !== null).length;
  return {
    promotionId: p.promotionId,
    status: p.status,
    published: p.published !== null,
    stores: list,
    outside,
    summary: { targeted: list.length, applied: appliedCount, pending: list.length - appliedCount, discounts: list.reduce((n, s) => n + s.discounts, 0) },
    generatedAt: new Date(now).toISOString(),
  };
}

export function createAcknowledgementService(d: {
  ch: ClickHouseClient;
  /** The promotion (throws PromotionRefused 404 for an unknown one). */
  promotion: (id: string) => Promise<PromotionRecord>;
  stores: () => Promise<Map<string, StoreInfo>>;
  now?: () => number;
}) {
  const now = d.now ?? Date.now;
  return async function acknowledgements(id: string): Promise<AcknowledgementsAnswer> {
    const p = await d.promotion(id);
    if (p.published === null) return acknowledgementsOf(p, [], new Map(), now());
    const [rows, stores] = await Promise.all([
      d.ch
        .query({ query: APPLIED_PER_STORE_SQL, query_params: appliedParams(id, Date.parse(p.published.at)), format: 'JSONEachRow' })
        .then((r) => r.json<RawAppliedRow>())
        .then((x) => x.map(appliedRowOf)),
      d.stores(),
    ]);
    return acknowledgementsOf(p, rows, stores, now());
  };
}

export type AcknowledgementService = ReturnType<typeof createAcknowledgementService>;
