import type { Logger } from '../../lib/log';
import { authAnswers } from '../auth/answers';
import { checkOrigin } from '../auth/http-guards';
import type { Principal } from '../auth/principal';
import { UserInputError } from '../auth/user-input';
import { unavailable } from '../kpis/kpi-routes';
import { LossQueryError } from './exceptions-service';
import { mayInvestigate } from './loss-access';

/** What a loss route does once the request is let in: an answer body (200 JSON) or a Response. */
export type LossWork = (p: Principal, url: URL) => Promise<unknown> | unknown;

export type LossGuarded = (request: Request, what: string, work: LossWork, o?: { adminOnly?: (p: Principal) => string }) => Promise<Response>;

/**
 * The order every loss-prevention route checks a request in: Origin (a mutation from
 * another site is refused before anything else), the session, the role (fraud analysts and
 * admins: loss-access.ts; an admin-only route says why with `adminOnly`); then the work.
 * Bad input is a 400 naming the field, an unknown store or cashier a 404 (LossQueryError);
 * `answerError` maps a route's own errors (a version conflict: 409); anything else means
 * Redis or ClickHouse did not answer: the KPI routes' 503, logged without the request's data.
 */
export function createLossGuard(d: {
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  log: Logger;
  /** Names the routes in the log, e.g. `loss risk`. */
  area: string;
  /** Why a role that may not investigate is refused. */
  refusal: string;
  answerError?: (err: unknown) => Response | null;
}): LossGuarded {
  return async (request, what, work, o = {}) => {
    const refused = checkOrigin(request);
    if (refused) return refused;
    const p = await d.requirePrincipal(request);
    if (p instanceof Response) return p;
    if (!mayInvestigate(p)) return authAnswers.forbidden(d.refusal);
    if (o.adminOnly && p.role !== 'admin') return authAnswers.forbidden(o.adminOnly(p));
    try {
      const out = await work(p, new URL(request.url));
      return out instanceof Response ? out : authAnswers.json(200, out);
    } catch (err) {
      if (err instanceof UserInputError) return authAnswers.badRequest(err.field, err.problem);
      if (err instanceof LossQueryError) return err.status === 400 ? authAnswers.badRequest(err.field, err.message) : authAnswers.notFound(`${err.field}: ${err.message}`);
      const own = d.answerError?.(err);
      if (own) return own;
      d.log.warn({ err: err instanceof Error ? err.message : String(err) }, `${d.area}: ${what} failed`);
      return unavailable();
    }
  };
}
