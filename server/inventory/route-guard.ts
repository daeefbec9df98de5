import type { Logger } from '../../lib/log';
import { authAnswers } from '../auth/answers';
import { checkOrigin } from '../auth/http-guards';
import type { Principal } from '../auth/principal';
import { UserInputError } from '../auth/user-input';
import { mayUseInventory } from './inventory-access';

/** An answer to give instead of going on (thrown from deep inside a route's work). */
export class Answer extends Error {
  constructor(readonly response: Response) {
    super('answer');
  }
}

export type Guarded = (request: Request, what: string, mutates: boolean, work: (p: Principal) => Promise<Response>) => Promise<Response>;

/**
 * The order every inventory route checks a request in: Origin first for a mutation
 * (nothing else is looked at for a forged request), then the session, then the role
 * (inventory-access.ts); then the work. Bad input is a 400 naming the field
 * (UserInputError); an Answer is given as it is; any other failure means Redis or
 * ClickHouse did not answer: `unavailable()`, logged without the request's data.
 */
export function createGuard(d: {
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  log: Logger;
  /** Names the routes in the log, e.g. `reservations`. */
  area: string;
  /** Why a role that may not use the inventory is refused. */
  refusal: (p: Principal) => string;
  unavailable: () => Response;
}): Guarded {
  return async (request, what, mutates, work) => {
    const refused = mutates ? checkOrigin(request) : null;
    if (refused) return refused;
    const p = await d.requirePrincipal(request);
    if (p instanceof Response) return p;
    if (!mayUseInventory(p)) return authAnswers.forbidden(d.refusal(p));
    try {
      return await work(p);
    } catch (err) {
      if (err instanceof Answer) return err.response;
      if (err instanceof UserInputError) return authAnswers.badRequest(err.field, err.problem);
      d.log.warn({ err: err instanceof Error ? err.message : String(err) }, `${d.area}: ${what} failed`);
      return d.unavailable();
    }
  };
}
