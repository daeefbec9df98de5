import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import type { Alert } from '../../lib/alerts/alert-model';
import type { AlertStore } from '../../lib/alerts/alert-store';

const BATCH = 1000;
const ts = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString().slice(0, 23).replace('T', ' '));

/** One row of ClickHouse `alerts` (migration 0008): an alert at one version. */
export function historyRow(a: Alert): Record<string, unknown> {
  return {
    id: a.id,
    version: a.version,
    kind: a.kind,
    severity: a.severity,
    state: a.state,
    store_id: a.subject.storeId ?? '',
    till_id: a.subject.tillId ?? '',
    sku: a.subject.sku ?? '',
    cashier_id: a.subject.cashierId ?? '',
    dedupe_key: a.dedupeKey,
    evidence: JSON.stringify(a.evidence),
    repeats: a.repeats,
    opened_at: ts(a.openedAt),
    acknowledged_by: a.acknowledgedBy ?? '',
    acknowledged_at: ts(a.acknowledgedAt),
    resolved_by: a.resolvedBy ?? '',
    resolved_at: ts(a.resolvedAt),
    updated_at: ts(a.updatedAt),
  };
}

/**
 * Writes every changed alert's latest version to ClickHouse `alerts` (the worker and the API
 * mark each change in Redis `alertsHistoryPending`; ReplacingMergeTree keeps the highest
 * version per id, so writing one twice is harmless). Returns how many rows it wrote.
 */
export async function flushAlertHistory(ch: ClickHouseClient, alerts: AlertStore): Promise<number> {
  let written = 0;
  for (;;) {
    const pending = await alerts.pendingHistory(BATCH);
    if (pending.length === 0) return written;
    const rows: Record<string, unknown>[] = [];
    for (const p of pending) {
      const a = await alerts.get(p.id);
      // Expired, or changed again since: the newer version is pending under the same id.
      if (a) rows.push(historyRow(a));
    }
    if (rows.length) await ch.insert({ table: 'alerts', format: 'JSONEachRow', values: rows });
    await alerts.historyWritten(pending);
    written += rows.length;
    if (pending.length < BATCH) return written;
  }
}
