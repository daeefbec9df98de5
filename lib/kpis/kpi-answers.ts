import type { Channel, Kpis, MinutePoint } from './compute-kpis';

/**
 * The answers of GET /api/v1/kpis and /api/v1/sales/per-minute (server/kpis/kpi-service.ts),
 * here so that the browser reads them with the same types (components/ may not import server/).
 */
export interface ScopeAnswer {
  level: 'chain' | 'region' | 'stores' | 'store';
  storeId: string | null;
  region: string | null;
  channel: Channel;
  stores: string[];
}

export interface KpiAnswer {
  scope: ScopeAnswer;
  period: 'today' | 'range';
  from: string;
  to: string;
  source: 'live' | 'history' | 'mixed';
  currency: string | null;
  kpis: Kpis;
  comparison: { label: string; from: string; to: string; source: 'live' | 'history' | 'mixed'; kpis: Kpis; netSalesChange: number; netSalesChangePct: number | null };
  generatedAt: string;
}

export interface SeriesAnswer {
  scope: ScopeAnswer;
  from: string;
  to: string;
  source: 'live' | 'history' | 'mixed';
  currency: string | null;
  points: MinutePoint[];
  generatedAt: string;
}
