import type { AlertKind, AlertState } from '@/lib/alerts/alert-model';
import { ALERT_KIND_LIST, SEVERITY_LIST, STATE_LIST, type AlertSeverity } from './alert-labels';

/**
 * The alerts page's filters as they live in the URL (`?state=open,acknowledged&kind=&severity=&store=`, `storeId=` read too),
 * so a view can be shared and reloaded. No state means open and acknowledged (what needs
 * someone); anything unreadable falls back to its default and says so.
 */
export interface AlertFilters {
  /** Never empty. */
  states: AlertState[];
  kind?: AlertKind;
  severity?: AlertSeverity;
  storeId?: string;
}

export const DEFAULT_STATES: AlertState[] = ['open', 'acknowledged'];
const STORE_ID = /^[A-Za-z0-9._:@/-]{1,32}$/;

const isDefaultStates = (s: readonly AlertState[]) => s.length === DEFAULT_STATES.length && DEFAULT_STATES.every((d) => s.includes(d));

export function readAlertFilters(q: URLSearchParams): { filters: AlertFilters; problems: string[] } {
  const problems: string[] = [];
  let states = DEFAULT_STATES;
  const rawState = q.get('state');
  if (rawState) {
    const parts = [...new Set(rawState.split(',').filter(Boolean))];
    const bad = parts.find((p) => !(STATE_LIST as string[]).includes(p));
    if (bad !== undefined || parts.length === 0) problems.push(`"${(bad ?? rawState).slice(0, 32)}" is not a state: showing open and acknowledged`);
    // In the order of STATE_LIST, so that one view has one URL.
    else states = STATE_LIST.filter((s) => parts.includes(s));
  }
  const rawKind = q.get('kind') || undefined;
  const kind = rawKind && (ALERT_KIND_LIST as string[]).includes(rawKind) ? (rawKind as AlertKind) : undefined;
  if (rawKind && !kind) problems.push(`"${rawKind.slice(0, 32)}" is not a kind of alert: showing every kind`);
  const rawSeverity = q.get('severity') || undefined;
  const severity = rawSeverity && (SEVERITY_LIST as string[]).includes(rawSeverity) ? (rawSeverity as AlertSeverity) : undefined;
  if (rawSeverity && !severity) problems.push(`"${rawSeverity.slice(0, 32)}" is not a severity: showing every severity`);
  // `storeId` as the API spells it is read too (a link built from an API query).
  const rawStore = q.get('store') || q.get('storeId') || undefined;
  const storeId = rawStore && STORE_ID.test(rawStore) ? rawStore : undefined;
  if (rawStore && !storeId) problems.push(`"${rawStore.slice(0, 32)}" is not a store id: showing every store`);
  return { filters: { states, ...(kind ? { kind } : {}), ...(severity ? { severity } : {}), ...(storeId ? { storeId } : {}) }, problems };
}

/** The URL's query of `f` ('' for the defaults). */
export function writeAlertFilters(f: AlertFilters): string {
  const q = new URLSearchParams();
  if (f.states.length && !isDefaultStates(f.states)) q.set('state', STATE_LIST.filter((s) => f.states.includes(s)).join(','));
  if (f.kind) q.set('kind', f.kind);
  if (f.severity) q.set('severity', f.severity);
  if (f.storeId) q.set('store', f.storeId);
  const s = q.toString().replaceAll('%2C', ',');
  return s ? `?${s}` : '';
}

/** GET /api/v1/alerts's query for `f`. */
/** The newest this many of an answer (the table shows 300 of them; live changes add to them). */
export const LIST_LIMIT = 500;

export function alertsQuery(f: AlertFilters): string {
  const q = new URLSearchParams();
  q.set('state', f.states.join(','));
  if (f.kind) q.set('kind', f.kind);
  if (f.severity) q.set('severity', f.severity);
  if (f.storeId) q.set('storeId', f.storeId);
  q.set('limit', String(LIST_LIMIT));
  return `?${q.toString().replaceAll('%2C', ',')}`;
}
