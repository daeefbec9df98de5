import type { ApiErrorBody } from '@/lib/inventory/inventory-api-types';

/** An answer of the inventory API that is not a 2xx: its status and, when it sent one, its error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(body?.message ?? `the server answered ${status}`);
    this.name = 'ApiError';
  }

  /** The request field a 400 is about (a query parameter, a path segment or a body field). */
  get field(): string | undefined {
    return this.status === 400 ? this.body?.field : undefined;
  }
}

async function answerOf<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) throw new ApiError(res.status, body && typeof body === 'object' && 'message' in body ? (body as ApiErrorBody) : null);
  return body as T;
}

/** GET a JSON answer of this site's API (the session cookie goes along); a non-2xx is an ApiError. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return answerOf<T>(await fetch(url, { cache: 'no-store', signal, headers: { accept: 'application/json' } }));
}

/** PUT or DELETE with an optional JSON body; the browser adds the Origin the API checks. */
export async function sendJson<T>(method: 'PUT' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, cache: 'no-store', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  return answerOf<T>(await fetch(url, init));
}

/** What to tell the user about a failed request, in a sentence. */
export function problemOf(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 503) return 'Redis did not answer; retry';
    if (err.status === 401) return 'Your session has ended: sign in again';
    return err.body?.message ?? err.message;
  }
  if (err instanceof Error) return `The server could not be reached (${err.message}); retry`;
  return 'Something went wrong; retry';
}
