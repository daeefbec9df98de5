import type { Alert } from '@/lib/alerts/alert-model';

/** The bell's count: the open alerts the user may see, and how many of them are critical (counted by the API: `counts`). */
export interface BellSummary {
  open: number;
  critical: number;
}

/** The bell's accessible name: "Alerts: 3 open, 1 critical", "Alerts: none open", "Alerts: loading". */
export function bellLabel(s: BellSummary | null): string {
  if (!s) return 'Alerts: loading';
  if (s.open === 0) return 'Alerts: none open';
  return `Alerts: ${s.open} open${s.critical ? `, ${s.critical} critical` : ''}`;
}

/** Whether a live change is a new critical alert worth a desktop notification: just opened (version 1), critical. */
export const isNewCritical = (a: Alert): boolean => a.state === 'open' && a.version === 1 && a.severity === 'critical';
