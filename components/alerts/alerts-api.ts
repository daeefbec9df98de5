import type { Alert } from '@/lib/alerts/alert-model';
import type { Thresholds } from '@/lib/alerts/alert-thresholds';
import { ApiError, fetchJson, jsonRequest } from '@/components/data/fetch-json';

/**
 * The alerts API as the browser sees it (server/alerts/alert-routes.ts, alert-openapi.ts). Every
 * call is same-origin: the browser sends Origin on POST and PATCH, which the server requires.
 * A refusal keeps the status, the message and the field of a 400.
 */
export interface AlertsAnswer {
  /** The newest `limit` of those matching. */
  alerts: Alert[];
  /** How many match the filters. */
  total: number;
  /** Of those matching the kind, severity and store filters: how many are open, and of those critical. */
  counts: { open: number; critical: number };
  generatedAt: string;
}

export type ThresholdField = keyof Thresholds;

export interface ThresholdSetting {
  /** 'chain', 'region:<name>' or 'store:<id>'. */
  scope: string;
  values: Partial<Thresholds>;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** GET /api/v1/alerts/thresholds (and the answer of a PATCH). */
export interface ThresholdsAnswer {
  defaults: Thresholds;
  /** The chain's effective values. */
  chain: Thresholds;
  settings: ThresholdSetting[];
  /** Each store of the caller, with its effective values. */
  stores: { storeId: string; name: string; region: string; thresholds: Thresholds }[];
  /** The scopes and fields the caller may set. */
  may: { scopes: string[]; fields: ThresholdField[] };
}

const one = (id: string) => `/api/v1/alerts/${encodeURIComponent(id)}`;

export const alertsApi = {
  list: (query: string) => fetchJson<AlertsAnswer>(`/api/v1/alerts${query}`),
  acknowledge: (id: string) => fetchJson<{ alert: Alert }>(`${one(id)}/acknowledge`, jsonRequest('POST')),
  resolve: (id: string) => fetchJson<{ alert: Alert }>(`${one(id)}/resolve`, jsonRequest('POST')),
  thresholds: () => fetchJson<ThresholdsAnswer>('/api/v1/alerts/thresholds'),
  setThresholds: (scope: string, set: Partial<Record<ThresholdField, number | null>>) => fetchJson<ThresholdsAnswer>('/api/v1/alerts/thresholds', jsonRequest('PATCH', { scope, set })),
};

/** What a refused change means, and what to do: "Acknowledging failed: the alert is resolved already (409)." */
export function describeFailure(err: unknown, what: string): string {
  // fetch rejects (a TypeError) when the server cannot be reached at all.
  if (err instanceof TypeError) return `${what} failed: the server cannot be reached; check the connection and retry.`;
  if (!(err instanceof ApiError)) return `${what} failed: ${err instanceof Error ? err.message : String(err)}.`;
  if (err.status === 401) return `${what} failed: your session has ended. Sign in again.`;
  if (err.status === 403) return `${what} was refused: your role or stores do not allow it (${err.message}).`;
  if (err.status === 404) return `${what} failed: this alert is gone or no longer yours to see.`;
  if (err.status === 409) return `${what} was refused: ${err.message} (409).`;
  if (err.status === 503) return `${what} failed: Redis did not answer; retry in a few seconds.`;
  return `${what} failed: ${err.message} (${err.status}).`;
}
