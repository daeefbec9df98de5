import type { Logger } from '../../lib/log';
import { readBodyLimited } from '../ingest/read-body';
import { authAnswers } from './answers';
import type { Principal } from './principal';

/**
 * The checks a route handler runs before it does anything, each answering with a ready
 * Response when the request may not go on (null or a Principal when it may).
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const MAX_JSON_BODY_BYTES = 16 * 1024;

/**
 * `x-middleware-subrequest` is how Next.js marks its own internal requests; honouring it
 * from a client let requests skip middleware (CVE-2025-29927). Nothing here uses
 * middleware for auth, and no client has a reason to send it: refused outright.
 */
export function refuseSubrequest(request: Request): Response | null {
  return request.headers.has('x-middleware-subrequest') ? authAnswers.subrequestHeader() : null;
}

export const isHttps = (request: Request): boolean => new URL(request.url).protocol === 'https:';

/** This request's own origin: the scheme Next saw (X-Forwarded-Proto behind a proxy) and the Host header. */
export function ownOrigin(request: Request): string | null {
  const host = request.headers.get('host');
  if (!host) return null;
  try {
    return new URL(`${new URL(request.url).protocol}//${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Cross-site request forgery: a request that changes something (not GET, HEAD, OPTIONS)
 * must carry an Origin equal to this request's own origin, or no Origin and
 * `Sec-Fetch-Site: same-origin` (which a page cannot forge). SameSite=Lax already keeps
 * the session cookie off cross-site POSTs; this also covers sibling subdomains (same
 * site, other origin) and sign-in, which has no cookie yet.
 */
export function checkOrigin(request: Request): Response | null {
  const refused = refuseSubrequest(request);
  if (refused || SAFE_METHODS.has(request.method.toUpperCase())) return refused;
  const own = ownOrigin(request);
  const origin = request.headers.get('origin');
  if (origin === null) {
    return own !== null && request.headers.get('sec-fetch-site') === 'same-origin' ? null : authAnswers.badOrigin(null, own ?? 'this site');
  }
  let normalized: string | null = null;
  try {
    normalized = new URL(origin).origin;
  } catch {
    /* "null" or garbage */
  }
  return own !== null && normalized === own ? null : authAnswers.badOrigin(origin, own ?? 'this site');
}

export type ReadSession = (cookieHeader: string | null | undefined) => Promise<Principal | null>;

/**
 * The signed-in principal of a request, or the answer to give instead: 401 without a
 * valid session, 503 when the user store cannot be asked (never a 401 for an outage: a
 * client would throw away a good cookie).
 */
export function createRequirePrincipal(readSession: ReadSession, log: Logger) {
  return async (request: Request): Promise<Principal | Response> => {
    const refused = refuseSubrequest(request);
    if (refused) return refused;
    try {
      return (await readSession(request.headers.get('cookie'))) ?? authAnswers.unauthenticated();
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'auth: could not check a session');
      return authAnswers.unavailable();
    }
  };
}

/** A JSON body of at most 16 KiB: the parsed value, or the answer (415, 413, 400). */
export async function readJsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const mime = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime !== 'application/json') return { ok: false, response: authAnswers.unsupportedMediaType() };
  const body = await readBodyLimited(request.body, MAX_JSON_BODY_BYTES, MAX_JSON_BODY_BYTES);
  if (!body.ok) {
    return { ok: false, response: body.problem === 'too_large' ? authAnswers.tooLarge(MAX_JSON_BODY_BYTES) : authAnswers.badRequest('', 'the body ended early') };
  }
  try {
    return { ok: true, value: JSON.parse(body.bytes.toString('utf8')) as unknown };
  } catch {
    return { ok: false, response: authAnswers.badRequest('', 'not valid JSON') };
  }
}
