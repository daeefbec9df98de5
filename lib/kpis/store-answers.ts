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
  /** Its newest event closed its shift (a till, off until the next shift opens): quiet, not offline. */
  closed?: boolean;
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
