import type { AcknowledgementsAnswer } from '@/lib/promotions/acknowledgement-answers';
import type { PromotionAnswer, PromotionDraft, PromotionOverlap, PromotionsAnswer, PromotionStatus } from '@/lib/promotions/authoring-answers';
import { ApiError, fetchJson, queryString } from '@/components/data/fetch-json';

/**
 * The promotions API as the browser sees it (server/promotions/promotion-openapi.ts). Every
 * call is same-origin: the browser sends Origin on POST, PUT and DELETE, which the server
 * requires. A refusal keeps what the answer said: the field of a 400, the overlaps of a 409
 * on publishing, the version stored when the one shown is stale.
 */
export class PromotionApiError extends ApiError {
  constructor(
    status: number,
    message: string,
    field: string | undefined,
    readonly overlaps: PromotionOverlap[],
    readonly current: number | undefined,
  ) {
    super(status, message, field);
    this.name = 'PromotionApiError';
  }
  /** A 409 because the version shown is not the one stored: reload and look again. */
  get stale(): boolean {
    return this.status === 409 && this.current !== undefined;
  }
}

interface ErrorBody {
  message?: string;
  field?: string;
  overlaps?: PromotionOverlap[];
  current?: number | { version?: number };
}

async function send<T>(url: string, method: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new PromotionApiError(0, 'the server cannot be reached; check the connection and retry', undefined, [], undefined);
  }
  if (res.status === 204) return undefined as T;
  const answer = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return answer as T;
  const e = (answer ?? {}) as ErrorBody;
  const current = typeof e.current === 'number' ? e.current : e.current?.version;
  throw new PromotionApiError(res.status, e.message ?? `HTTP ${res.status}`, e.field, e.overlaps ?? [], current);
}

const one = (id: string) => `/api/v1/promotions/${encodeURIComponent(id)}`;

export const promotionApi = {
  list: (status?: PromotionStatus) => fetchJson<PromotionsAnswer>(`/api/v1/promotions${queryString({ status })}`),
  get: (id: string) => fetchJson<PromotionAnswer>(one(id)),
  acknowledgements: (id: string) => fetchJson<AcknowledgementsAnswer>(`${one(id)}/acknowledgements`),
  create: (draft: PromotionDraft) => send<PromotionAnswer>('/api/v1/promotions', 'POST', draft),
  edit: (id: string, basedOn: number, draft: PromotionDraft) => send<PromotionAnswer>(one(id), 'PUT', { basedOn, draft }),
  remove: (id: string, basedOn: number) => send<void>(`${one(id)}${queryString({ basedOn })}`, 'DELETE'),
  publish: (id: string, basedOn: number, acknowledgeOverlaps: boolean) => send<PromotionAnswer>(`${one(id)}/publish`, 'POST', { basedOn, acknowledgeOverlaps }),
  withdraw: (id: string, basedOn: number, reason: string) => send<PromotionAnswer>(`${one(id)}/withdraw`, 'POST', { basedOn, reason }),
};

/** What a refused change means to the author, and what to do. */
export function describeRefusal(err: unknown, what: string): string {
  if (!(err instanceof ApiError)) return `${what} failed: ${err instanceof Error ? err.message : String(err)}`;
  if (err.status === 0) return `${what} failed: ${err.message}.`;
  if (err.status === 401) return `${what} failed: your session has ended. Sign in again.`;
  if (err.status === 403) return `${what} was refused: ${err.message}.`;
  if (err instanceof PromotionApiError && err.stale) return `${what} was refused: someone changed this promotion since you loaded it (version ${err.current} is stored). Reload it, check, and try again.`;
  if (err.status === 503) return `${what} failed: Redis or Kafka did not answer, nothing was published; retry in a few seconds.`;
  return `${what} failed: ${err.message}.`;
}

/** The form input a 400 is about: `skus.3` → `skus`, `target.region` → `target`. */
export const fieldOf = (err: unknown): string | undefined => (err instanceof ApiError && err.status === 400 && err.field ? err.field.split('.')[0] : undefined);
