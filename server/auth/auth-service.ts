import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/log';
import { createAdminRoutes, type AdminRoutes } from './admin-routes';
import { authAnswers } from './answers';
import { seedDemoUsers } from './demo-users';
import { checkOrigin, createRequirePrincipal } from './http-guards';
import type { Principal } from './principal';
import { createRevocations } from './revocations';
import { AuthUnavailableError, unavailableOnError } from './route-errors';
import { createSessionRoutes, type SessionRoutes } from './session-routes';
import { loadSharedSecret, sessionSecretFromEnv } from './session-secret';
import { createSessions, type Sessions } from './sessions';
import { createSignInLimiter } from './sign-in-limit';
import { createUserStore, type UserStore } from './user-store';

/**
 * What route handlers and server-rendered pages use (`getServerContext().auth`). Every
 * check runs on the server: a page or handler asks `requirePrincipal` (or
 * `readSession` with the Cookie header) and then `canSeeStore` & co. (access.ts).
 */
export interface AuthHttp {
  /** The principal of a Cookie header, or null. Throws when Redis cannot be asked. */
  readSession: (cookieHeader: string | null | undefined) => Promise<Principal | null>;
  /** The principal, or the Response to return: 401 (no valid session), 400 (x-middleware-subrequest), 503. */
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  /** Null when the request may go on; else 403 (foreign Origin on a mutation) or 400. */
  checkOrigin: (request: Request) => Response | null;
  /** 403 `{ error: 'forbidden', message }`. */
  forbidden: (message: string) => Response;
  /** The handlers behind /api/auth/* and /api/v1/admin/users*. */
  routes: SessionRoutes & AdminRoutes;
}

export interface AuthService {
  http: AuthHttp;
  users: UserStore;
  sessions: Sessions;
  /** Seeds the demo users now; when Redis is not reachable, keeps trying in the background every 5 s. */
  seedDemoUsers: () => Promise<void>;
  close: () => void;
}

const RETRY_MS = 5000;

/**
 * Authentication of one web process, on the given Redis client. `sessionSecret` is the
 * SESSION_SECRET variable: checked here, so a bad one stops the start with a message
 * naming it. Redis need not be reachable yet: requests answer 503 until it is.
 */
export function createAuthService(o: { redis: Redis; sessionSecret: string | undefined; log: Logger }): AuthService {
  const log = o.log.child({ component: 'auth' });
  const envKey = sessionSecretFromEnv(o.sessionSecret);
  let sharedKey: Promise<Uint8Array> | undefined;
  const key = (): Promise<Uint8Array> => {
    if (envKey) return Promise.resolve(envKey);
    sharedKey ??= loadSharedSecret(o.redis).catch((err: unknown) => {
      sharedKey = undefined;
      throw new AuthUnavailableError(err);
    });
    return sharedKey;
  };

  const users = unavailableOnError(createUserStore(o.redis));
  const sessions = createSessions({ key, users, revocations: unavailableOnError(createRevocations(o.redis)) });
  const requirePrincipal = createRequirePrincipal(sessions.readSession, log);
  const limiter = unavailableOnError(createSignInLimiter(o.redis));
  const routes = {
    ...createSessionRoutes({ users, sessions, limiter, requirePrincipal, log }),
    ...createAdminRoutes({ users, sessions, requirePrincipal, log }),
  };

  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const seed = async (): Promise<void> => {
    try {
      const created = await seedDemoUsers(o.redis, users);
      if (created.length > 0) log.info({ created }, 'auth: demo users created');
    } catch (err) {
      if (closed) return;
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'auth: could not seed the demo users yet; retrying');
      retry = setTimeout(() => void seed(), RETRY_MS);
      retry.unref();
    }
  };

  return {
    http: { readSession: sessions.readSession, requirePrincipal, checkOrigin, forbidden: authAnswers.forbidden, routes },
    users,
    sessions,
    seedDemoUsers: seed,
    close: () => {
      closed = true;
      clearTimeout(retry);
    },
  };
}
