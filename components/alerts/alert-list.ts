import type { Alert } from '@/lib/alerts/alert-model';
import type { AlertFilters } from './alert-filters';

/** Newest first (by openedAt), then by id: the order of GET /api/v1/alerts. */
export const newestFirst = (a: Alert, b: Alert): number => b.openedAt - a.openedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Whether an alert passes the page's filters (the server's rule, server/alerts/alert-routes.ts matchesQuery). */
export function matchesFilters(a: Alert, f: AlertFilters): boolean {
  return f.states.includes(a.state) && (!f.kind || a.kind === f.kind) && (!f.severity || a.severity === f.severity) && (!f.storeId || a.subject.storeId === f.storeId);
}

export type MergeOutcome = 'added' | 'replaced' | 'unchanged';

/**
 * A live alert (as it now stands) merged into the list shown: one already listed is replaced
 * by id (even if it no longer passes the filters: a row resolved while watched stays, saying
 * so), unless what is listed is as new (its version is not lower); one not listed is added when it passes
 * the filters. Newest first.
 */
export function mergeLiveAlert(list: readonly Alert[], alert: Alert, f: AlertFilters): { alerts: Alert[]; outcome: MergeOutcome } {
  const i = list.findIndex((a) => a.id === alert.id);
  if (i >= 0) {
    if (list[i]!.version >= alert.version) return { alerts: list as Alert[], outcome: 'unchanged' };
    const alerts = [...list];
    alerts[i] = alert;
    return { alerts: alerts.sort(newestFirst), outcome: 'replaced' };
  }
  if (!matchesFilters(alert, f)) return { alerts: list as Alert[], outcome: 'unchanged' };
  return { alerts: [...list, alert].sort(newestFirst), outcome: 'added' };
}

/**
 * Several live alerts (oldest first) merged as mergeLiveAlert merges each, sorted once: a storm
 * of hundreds does not sort the list hundreds of times. Says how each row changed.
 */
export function mergeLiveAlerts(list: readonly Alert[], alerts: readonly Alert[], f: AlertFilters): { alerts: Alert[]; changed: Map<string, Exclude<MergeOutcome, 'unchanged'>> } {
  const byId = new Map(list.map((a) => [a.id, a]));
  const changed = new Map<string, Exclude<MergeOutcome, 'unchanged'>>();
  for (const a of alerts) {
    const held = byId.get(a.id);
    if (held ? held.version >= a.version : !matchesFilters(a, f)) continue;
    byId.set(a.id, a);
    changed.set(a.id, held && changed.get(a.id) !== 'added' ? 'replaced' : 'added');
  }
  return { alerts: changed.size ? [...byId.values()].sort(newestFirst) : (list as Alert[]), changed };
}

/** How long a row that no longer passes the filters (resolved while watched) stays on the page after its change. */
export const KEEP_CHANGED_MS = 5 * 60_000;

/** The list without the rows that no longer pass the filters and changed more than `keepMs` ago (a storm of resolutions does not pile up). */
export function dropStale(list: readonly Alert[], f: AlertFilters, now: number, keepMs = KEEP_CHANGED_MS): Alert[] {
  const kept = list.filter((a) => matchesFilters(a, f) || a.updatedAt >= now - keepMs);
  return kept.length === list.length ? (list as Alert[]) : kept;
}
