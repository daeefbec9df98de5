import type { Logger } from '../../lib/log';
import { authAnswers, sessionUser } from './answers';
import { checkOrigin, isHttps, readJsonBody } from './http-guards';
import { peerAddressOf } from './peer-address';
import type { Principal } from './principal';
import { answerErrors, AuthUnavailableError } from './route-errors';
import { clearSessionCookie, sessionSetCookie } from './session-token';
import type { Sessions } from './sessions';
import type { SignInLimiter } from './sign-in-limit';
import { parseInput, signInSchema } from './user-input';
import type { UserStore } from './user-store';

/** POST /api/auth/sign-in, POST /api/auth/sign-out, GET /api/auth/me. */
export interface SessionRoutes {
  signIn: (request: Request) => Promise<Response>;
  signOut: (request: Request) => Promise<Response>;
  me: (request: Request) => Promise<Response>;
}

export function createSessionRoutes(deps: {
  users: Pick<UserStore, 'verifyPassword'>;
  sessions: Pick<Sessions, 'issue' | 'revoke'>;
  limiter: SignInLimiter;
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  log: Logger;
}): SessionRoutes {
  const { log } = deps;
  return {
    /**
     * The same 401 for an unknown user and a wrong password, in about the same time (an
     * unknown user is checked against a dummy hash). Every attempt counts against the
     * username+address limit before the password is looked at; success clears it.
     */
    signIn: (request) =>
      answerErrors(log, 'sign-in', async () => {
        const refused = checkOrigin(request);
        if (refused) return refused;
        const body = await readJsonBody(request);
        if (!body.ok) return body.response;
        const { username, password } = parseInput(signInSchema, body.value);
        const address = peerAddressOf(request);
        const decision = await deps.limiter.attempt(username, address);
        if (!decision.ok) {
          log.warn({ username, address }, 'auth: sign-in refused, too many attempts');
          return authAnswers.rateLimited(decision.retryAfterSeconds);
        }
        const user = await deps.users.verifyPassword(username, password);
        if (!user) {
          log.info({ username, address }, 'auth: sign-in failed');
          return authAnswers.badCredentials();
        }
        await deps.limiter.reset(username, address);
        const token = await deps.sessions.issue(user);
        log.info({ username, role: user.role }, 'auth: signed in');
        return authAnswers.json(200, sessionUser(user), { 'set-cookie': sessionSetCookie(token, { secure: isHttps(request) }) });
      }),

    /**
     * Ends the session of the request's cookie: its id is revoked in Redis until the token
     * expires (sessions.ts), so a copy of the cookie is refused from now on, by the API, the
     * pages and the socket; the user's other sessions stay. The cookie is cleared in every
     * case past the Origin check: 204 when revoked (or there was no valid session to
     * revoke); when Redis cannot be asked, 503 `not_revoked` (still clearing the cookie):
     * the token stays valid until it expires, and the same request (same Cookie) again
     * revokes it.
     */
    signOut: async (request) => {
      const refused = checkOrigin(request);
      if (refused) return refused;
      const clear = { 'set-cookie': clearSessionCookie({ secure: isHttps(request) }) };
      try {
        const ended = await deps.sessions.revoke(request.headers.get('cookie'));
        if (ended) log.info({ userId: ended.userId }, 'auth: signed out');
        return authAnswers.noContent(clear);
      } catch (err) {
        const unavailable = err instanceof AuthUnavailableError;
        if (unavailable) log.warn({ err: err.message }, 'auth: sign-out could not revoke the session: Redis is unavailable');
        else log.error({ err }, 'auth: sign-out could not revoke the session');
        return authAnswers.json(
          503,
          {
            error: 'not_revoked',
            message:
              'the session cookie is cleared here, but the server could not revoke the session (the user store is not reachable): ' +
              'a copy of the cookie stays valid until it expires; send this request again with the same cookie to revoke it',
            retryAfterSeconds: 5,
          },
          { ...clear, 'retry-after': '5' },
        );
      }
    },

    me: async (request) => {
      const p = await deps.requirePrincipal(request);
      return p instanceof Response ? p : authAnswers.json(200, sessionUser(p));
    },
  };
}
