import type { StockAlert } from './stock-alerts';

/** GET /api/v1/inventory/alerts as a browser reads it (server/inventory/inventory-answers.ts alertsSchema): instants as ISO strings. */
export interface AlertView extends Omit<StockAlert, 'openedAt' | 'resolvedAt'> {
  openedAt: string;
  resolvedAt?: string;
}

export interface AlertsAnswer {
  alerts: AlertView[];
  nextCursor: string | null;
  generatedAt: string;
}
