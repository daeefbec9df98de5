import type { ExceptionMetrics } from '../../lib/loss/exception-metrics';

/**
 * What the two sources of exception metrics answer (live-exceptions.ts from Redis,
 * history-exceptions.ts from ClickHouse), in one shape so that the service
 * (exceptions-service.ts) computes every answer the same way from either.
 */

/** A store and the local days [fromDay, toDay] (inclusive) asked of it. */
export interface StoreDays {
  storeId: string;
  timezone: string;
  fromDay: string;
  toDay: string;
}

/**
 * Metrics of a store (all its events), of one of its tills or of one cashier at it (the
 * events carrying that till or cashier id). A source may answer several rows of one group
 * (one per day, say): they are summed.
 */
export interface GroupRow {
  level: 'store' | 'till' | 'cashier';
  storeId: string;
  /** The till or cashier id; '' for a store row. */
  id: string;
  metrics: Partial<ExceptionMetrics>;
}

/** A cashier's metrics on one store-local day at one store and till, in one shift ('' for none). */
export interface CashierRow {
  storeId: string;
  tillId: string;
  shiftId: string;
  day: string;
  metrics: Partial<ExceptionMetrics>;
}

export interface ExceptionSource {
  name: 'live' | 'history';
  /** The store, till and cashier rows of these stores over their days. */
  storeRows: (stores: StoreDays[]) => Promise<GroupRow[]>;
  /** A cashier's rows over the store-local days [fromDay, toDay] of wherever they worked. */
  cashierRows: (cashierId: string, fromDay: string, toDay: string, timezone: (storeId: string) => string) => Promise<CashierRow[]>;
}
