import { z } from 'zod';

/**
 * The one alert model (issue 10, docs/kpis.md "Alerts"): every alert, from every rule and
 * worker, as the alerts worker stores it (Redis) and keeps its history (ClickHouse `alerts`).
 * One open alert per condition while it holds: its dedupe key is its kind and subject.
 */
export const ALERT_KINDS = ['low_stock', 'loss_rule', 'store_offline', 'revenue_below', 'till_gap', 'dlq_rate', 'consumer_lag'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const alertSubjectSchema = z.object({
  /** The store (or, for low stock, the location) the alert is about; none for the pipeline's own alerts (dead letters, consumer lag). */
  storeId: z.string().optional(),
  tillId: z.string().optional(),
  sku: z.string().optional(),
  cashierId: z.string().optional(),
  /** The loss rule that hit: part of a loss alert's dedupe key. */
  ruleId: z.string().optional(),
  /** The Kafka consumer group of a consumer lag alert. */
  groupId: z.string().optional(),
});
export type AlertSubject = z.infer<typeof alertSubjectSchema>;

export const alertSchema = z.object({
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(ALERT_SEVERITIES),
  subject: alertSubjectSchema,
  evidence: z.record(z.string(), z.unknown()),
  state: z.enum(ALERT_STATES),
  /** Epoch ms the condition began (event time for worker alerts, evaluation time for condition rules). */
  openedAt: z.int(),
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: z.int().optional(),
  resolvedAt: z.int().optional(),
  /** `auto` when the condition cleared (or the worker said so), else the username who resolved it. */
  resolvedBy: z.string().optional(),
  dedupeKey: z.string(),
  /** Further occurrences of the same condition while this one was open (no storms), and their alert ids (the last 50). */
  repeats: z.int().min(0),
  repeatIds: z.array(z.string()),
  /** 1 when opened, +1 on every change: ClickHouse `alerts` keeps the highest per id. */
  version: z.int().min(1),
  updatedAt: z.int(),
});
export type Alert = z.infer<typeof alertSchema>;

/** What a rule or worker says: an alert before the store gave it a state history. */
export type RaisedAlert = Pick<Alert, 'id' | 'kind' | 'severity' | 'subject' | 'evidence' | 'openedAt'>;

/** `<kind>|<storeId>|<till>|<sku>|<cashier>|<rule>[|<group>]`: one open alert per kind and subject. */
export function dedupeKeyOf(kind: AlertKind, s: AlertSubject): string {
  const key = [kind, s.storeId ?? '', s.tillId ?? '', s.sku ?? '', s.cashierId ?? '', s.ruleId ?? ''];
  if (s.groupId !== undefined) key.push(s.groupId);
  return key.join('|');
}

/** A new open alert from what a rule or worker raised. */
export function openAlert(r: RaisedAlert, now: number): Alert {
  return { ...r, state: 'open', dedupeKey: dedupeKeyOf(r.kind, r.subject), repeats: 0, repeatIds: [], version: 1, updatedAt: now };
}
