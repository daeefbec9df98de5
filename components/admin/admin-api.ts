/**
 * The admin API as the browser sees it (/api/v1/admin/users*, GET /api/v1/stores; the
 * shapes are those of server/auth/answers.ts and server/kpis/kpi-openapi.ts). Every call is
 * a same-origin fetch: the browser sends Origin on POST, PATCH and DELETE, which the server
 * requires (403 `forbidden_origin` otherwise).
 */

export const ROLES = ['store_manager', 'merchandiser', 'fraud_analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  store_manager: 'Store manager',
  merchandiser: 'Merchandiser',
  fraud_analyst: 'Fraud analyst',
  admin: 'Admin',
};
/** The HQ roles see every store; a store manager sees the stores it is given (at least one). */
export const needsStores = (role: Role): boolean => role === 'store_manager';
/** The server's bounds (server/auth/user-input.ts), checked by the browser too so a slip is told at once. */
export const USERNAME_PATTERN = '[a-z0-9._\\-]{3,40}';
export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 256;

export interface AdminUser {
  username: string;
  role: Role;
  stores: string[] | 'all';
  /** ISO 8601 UTC. */
  createdAt: string;
  updatedAt: string;
  passwordSetAt: string;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  stores?: string[];
}

export interface UserPatch {
  role?: Role;
  stores?: string[] | 'all';
  password?: string;
}

/** A store the caller may see (GET /api/v1/stores keeps more: freshness, tills…). */
export interface StoreOption {
  storeId: string;
  name: string;
  region: string;
}

/** A refusal of the API: its status, its `field` (400 only) and its message, which names the field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: string;
  message?: string;
  field?: string;
  retryAfterSeconds?: number;
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', 'the server cannot be reached; check the connection and retry');
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return body as T;
  const e = (body ?? {}) as ErrorBody;
  const retry = e.retryAfterSeconds ?? (Number(res.headers.get('retry-after')) || undefined);
  throw new ApiError(res.status, e.error ?? 'http_error', e.message ?? `HTTP ${res.status}`, e.field, retry);
}

const jsonInit = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const userUrl = (username: string) => `/api/v1/admin/users/${encodeURIComponent(username)}`;

export const adminApi = {
  listUsers: async (): Promise<AdminUser[]> => (await call<{ users: AdminUser[] }>('/api/v1/admin/users')).users,
  createUser: async (u: NewUser): Promise<AdminUser> => (await call<{ user: AdminUser }>('/api/v1/admin/users', jsonInit('POST', u))).user,
  updateUser: async (username: string, patch: UserPatch): Promise<AdminUser> => (await call<{ user: AdminUser }>(userUrl(username), jsonInit('PATCH', patch))).user,
  deleteUser: (username: string): Promise<void> => call<void>(userUrl(username), { method: 'DELETE' }),
  listStores: async (): Promise<StoreOption[]> =>
    (await call<{ stores: StoreOption[] }>('/api/v1/stores')).stores.map((s) => ({ storeId: s.storeId, name: s.name, region: s.region })),
};

/**
 * What a failed call means to the admin, and what to do about it. `service`: what a 503
 * means behind this route (the user store is Redis; the store list also needs ClickHouse).
 */
export function describeError(err: unknown, what: string, service = 'Redis (the user store)'): string {
  if (!(err instanceof ApiError)) return `${what} failed: ${err instanceof Error ? err.message : String(err)}`;
  switch (err.status) {
    case 0:
      return `${what} failed: ${err.message}.`;
    case 401:
      return `${what} failed: your session has ended (signed out, or your own account was changed). Sign in again.`;
    case 403:
      return `${what} was refused: ${err.message}.`;
    case 503:
      return `${what} failed: ${service} did not answer; retry${err.retryAfterSeconds ? ` in ${err.retryAfterSeconds} s` : ''}.`;
    default:
      return `${what} failed: ${err.message}.`;
  }
}

/** The form input an error is about: `stores.1` → `stores`; `''` (the body) → none. */
export const fieldOf = (err: unknown): string | undefined => (err instanceof ApiError && err.field ? err.field.split('.')[0] : undefined);
