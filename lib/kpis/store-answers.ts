/**
 * The stores as GET /api/v1/stores answers them (server/kpis/store-freshness.ts): here so that
 * the browser reads them with the same types.
 */
/** A store as the master data describes it (hq.masterdata `store.upserted`, kept by the validator). */
export interface StoreInfo {
  storeId: string;
  name: string;
  region: string;
  timezone: string;
  currency: string;
  tills: string[];
}

export interface SourceState {
  source: string;
  maxSeq: number;
  lastEventAt: string | null;
  lastArrivalAt: string | null;
  lagMs: number | null;
  missing: number;
  /** A staffed till's shift, as its latest shift event left it (none for a source without shifts: a self-checkout, the web shop). */
  shift?: 'open' | 'closed';
  /** The first open gaps, by seq. */
  gaps: { first: number; last: number }[];
}

export interface StoreState extends StoreInfo {
  status: 'online' | 'lagging' | 'offline';
  lastEventAt: string | null;
  lastArrivalAt: string | null;
  /** How late the newest event arrived (arrival − occurredAt), ms. */
  lagMs: number | null;
  /** Since the last event arrived, ms. */
  silentForMs: number | null;
  /** Seqs missing over all the store's sources. */
  missing: number;
  sources: SourceState[];
}

export interface StoresAnswer {
  stores: StoreState[];
  generatedAt: string;
}
