import type { SourceState } from '../kpis/store-answers';

/**
 * The answer of GET /api/v1/stores/{storeId}/activity (server/stores/), here so that the
 * browser reads it with the same types (components/ may not import server/). Types only;
 * the server's zod schemas (server/stores/activity-answers.ts) are checked against these at
 * compile time. Definitions: docs/kpis.md "Tills and cashiers on shift". Instants are ISO
 * 8601 UTC strings; money is integer cents of the store's currency.
 */
export interface TillActivity {
  tillId: string;
  /** false: a till history names that the store's master data does not list (yet). */
  inMasterData: boolean;
  /** As a store's, over the till's sources: offline (nothing for 5 min, or ever), lagging (newest event arrived > 30 s late), online. */
  status: 'online' | 'lagging' | 'offline';
  lastEventAt: string | null;
  lastArrivalAt: string | null;
  lagMs: number | null;
  silentForMs: number | null;
  /** Seqs missing over the till's sources. */
  missing: number;
  /** The producers of the till's events (live freshness of each). */
  sources: SourceState[];
  /** History: the type of the till's newest event since the start of yesterday (local), and when it occurred. */
  lastEventType: string | null;
  lastEventTypeAt: string | null;
  /** The cashier signed in: a login with no later logout, shift close or other login at the till. */
  cashierId: string | null;
  signedInAt: string | null;
  /** A pos.shift.opened with no later pos.shift.closed at the till. */
  shiftOpen: boolean;
  shift: { shiftId: string | null; cashierId: string; openedAt: string } | null;
}

export interface CashierActivity {
  cashierId: string;
  /** On shift: the till of the open shift (or sign-in); off shift: of the last one today. */
  tillId: string | null;
  shiftId: string | null;
  /** The shift's opening (or, without a shift, the sign-in); may be before today. */
  shiftStart: string | null;
  /** Null while on shift. */
  shiftEnd: string | null;
  /** Today, of the events carrying this cashierId: closed − post-voided receipts and items; closed totals − refunds − post-voids. */
  receipts: number;
  items: number;
  netSales: number;
  grossSales: number;
  refunds: number;
  postVoids: number;
  /** Time on duty today (open shifts and sign-ins, overlaps once, from local midnight to now), 2 decimals. */
  minutesOnShift: number;
  /** Over the time on duty today, 2 decimals; null under one minute on duty. */
  receiptsPerHour: number | null;
  itemsPerMinute: number | null;
}

export interface StoreActivity {
  storeId: string;
  name: string;
  timezone: string;
  currency: string;
  /** The store's local day (YYYY-MM-DD), from its midnight (`from`) to the end of the current minute (`to`). */
  day: string;
  from: string;
  to: string;
  tills: TillActivity[];
  onShift: CashierActivity[];
  offShift: CashierActivity[];
  /** The newest ingested_at of the history read: how fresh the history part is. */
  asOf: string | null;
  generatedAt: string;
}
