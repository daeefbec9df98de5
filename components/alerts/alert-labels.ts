import type { Alert, AlertKind, AlertState } from '@/lib/alerts/alert-model';

/**
 * How the alerts center names things. The kinds, severities and states are those of
 * lib/alerts/alert-model.ts, spelled out here (as types only) so that zod stays out of the
 * browser bundle; `Record<AlertKind, …>` makes a new kind a type error until it has a label.
 */
export type AlertSeverity = Alert['severity'];

export const KIND_LABELS: Record<AlertKind, string> = {
  low_stock: 'Low stock',
  loss_rule: 'Loss rule hit',
  store_offline: 'Store offline',
  revenue_below: 'Revenue below threshold',
  till_gap: 'Till sequence gap',
  dlq_rate: 'Dead letters rate',
  consumer_lag: 'Consumer lag',
};
export const ALERT_KIND_LIST = Object.keys(KIND_LABELS) as AlertKind[];

export const SEVERITY_LABELS: Record<AlertSeverity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };
/** Most severe first. */
export const SEVERITY_LIST: AlertSeverity[] = ['critical', 'warning', 'info'];

export const STATE_LABELS: Record<AlertState, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
export const STATE_LIST: AlertState[] = ['open', 'acknowledged', 'resolved'];

export const kindLabel = (k: string): string => KIND_LABELS[k as AlertKind] ?? k;

/** "S003 · till S003-T09", "S001 · SKU-00042", "group aggregator": what the alert is about. */
export function subjectLabel(s: Alert['subject']): string {
  const parts: string[] = [];
  if (s.storeId) parts.push(s.storeId);
  if (s.tillId) parts.push(`till ${s.tillId}`);
  if (s.sku) parts.push(s.sku);
  if (s.cashierId) parts.push(`cashier ${s.cashierId}`);
  if (s.groupId) parts.push(`group ${s.groupId}`);
  return parts.length ? parts.join(' · ') : 'the pipeline';
}
