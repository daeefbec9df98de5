import type { Channel } from './compute-kpis';
import type { ScopeAnswer } from './kpi-answers';

/**
 * The answers of GET /api/v1/kpis/top, /api/v1/kpis/stores and /api/v1/sales/per-hour
 * (server/kpis/dashboard-service.ts; docs/kpis.md "Dashboard answers"), here so that the
 * browser reads them with the same types (components/ may not import server/). Money is
 * integer cents.
 */

/** A scope's timezone group and the local day it counts as "today". */
export interface LocalDay {
  timezone: string;
  day: string;
}

export interface TopItemAnswer {
  /** The SKU id, or the category. */
  key: string;
  /** The SKU's name (master data); null for a category or a SKU without master data. */
  name: string | null;
  /** The SKU's category (master data), the category itself for a category; null for a SKU without master data. */
  category: string | null;
  /** Net units: sold − post-voided − refunded. */
  units: number;
  /** Sold value − post-voided value, cents, before receipt-level discounts. */
  value: number;
}

export interface TopAnswer {
  scope: ScopeAnswer;
  dimension: 'sku' | 'category';
  by: 'units' | 'value';
  /** The tills only: the web shop's lines are not ranked. */
  channel: 'stores';
  /** "Today" of each timezone group of the scope. */
  days: LocalDay[];
  currency: string | null;
  items: TopItemAnswer[];
  generatedAt: string;
}

export interface LeagueRow {
  rank: number;
  storeId: string;
  name: string;
  region: string;
  timezone: string;
  currency: string;
  /** Today, as GET /api/v1/kpis?storeId= answers it. */
  today: { netSales: number; receipts: number | null; averageBasket: number | null; itemsPerReceipt: number | null };
  /** The same weekday last week up to the same local time of day. */
  lastWeek: { netSales: number };
  netSalesChange: number;
  netSalesChangePct: number | null;
  source: 'live' | 'history' | 'mixed';
  freshness: { status: 'online' | 'lagging' | 'offline'; lastEventAt: string | null; lagMs: number | null; silentForMs: number | null; missing: number };
}

export interface LeagueAnswer {
  region: string | null;
  channel: Channel;
  period: 'today';
  /** The stores' currency, null when they differ (or there are none). */
  currency: string | null;
  /** By net sales, highest first (ties by store id). */
  stores: LeagueRow[];
  generatedAt: string;
}

/** One hour's sales in the asked channel; receipts and items null for the web channel. */
export interface HourSales {
  netSales: number;
  receipts: number | null;
  items: number | null;
}

export interface PerHourAnswer {
  scope: ScopeAnswer;
  currency: string | null;
  today: { from: string; to: string; source: 'live' | 'history' | 'mixed' };
  lastWeek: { label: string; from: string; to: string; source: 'live' | 'history' | 'mixed' };
  /** Each timezone group's today and the day a week earlier, with their length in hours (23, 24 or 25 on DST days). */
  days: { timezone: string; day: string; hours: number; lastWeekDay: string; lastWeekHours: number }[];
  /** Local hours 0..23: `today` null for an hour that has not started yet in any timezone group. */
  hours: { hour: number; today: HourSales | null; lastWeek: HourSales }[];
  generatedAt: string;
}
