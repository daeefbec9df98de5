import type { Logger } from '../../lib/log';
import { authAnswers, sessionUser } from './answers';
import { checkOrigin, isHttps, readJsonBody } from './http-guards';
import { peerAddressOf } from './peer-address';
import type { Principal } from './principal';
import { answerErrors } from './route-errors';
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
  sessions: Pick<Sessions, 'issue'>;
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

    /** Clears the cookie. The token itself stays valid until it expires or the user changes. */
    signOut: async (request) => checkOrigin(request) ?? authAnswers.noContent({ 'set-cookie': clearSessionCookie({ secure: isHttps(request) }) }),

    me: async (request) => {
      const p = await deps.requirePrincipal(request);
      return p instanceof Response ? p : authAnswers.json(200, sessionUser(p));
    },
  };
}
