import { noteServerDate } from './server-clock';

/** An API answer that is not 2xx: its status and the message the API gave (they name the problem). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** What a page says when a snapshot could not be loaded: what is missing and why. */
export function explainError(err: unknown, what: string): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return `Your session has ended: sign in again to see ${what}.`;
    if (err.status === 403) return `Not allowed: your role or stores do not include ${what}.`;
    if (err.status === 404) return `${what} not found: ${err.message}`;
    if (err.status === 503) return `Could not load ${what}: Redis or ClickHouse did not answer. Retrying…`;
    return `Could not load ${what}: ${err.message}`;
  }
  return `Could not load ${what}: the server did not answer (${err instanceof Error ? err.message : String(err)}). Retrying…`;
}

/** GET a same-origin JSON API (the session cookie goes along); a non-2xx answer throws ApiError. Its Date header sets the server clock (server-clock.ts). */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const sentAt = Date.now();
  const res = await fetch(url, { cache: 'no-store', ...init, headers: { accept: 'application/json', ...init?.headers } });
  noteServerDate(res.headers.get('date'), sentAt, Date.now());
  const body = (await res.json().catch(() => null)) as { message?: string; field?: string } | null;
  if (!res.ok) throw new ApiError(res.status, body?.message ?? `${res.status} ${res.statusText}`, body?.field);
  return body as T;
}

/** The init of a same-origin JSON change for fetchJson: the method and, when given, the body as JSON (the browser adds the Origin the API checks). */
export function jsonRequest(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', body?: unknown): RequestInit {
  return { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) };
}

/** A query string from the defined values only. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
