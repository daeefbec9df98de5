import type { Principal } from './principal';
import { sessionTokenOf, signSessionToken, verifySessionToken } from './session-token';
import { createTtlCache } from './user-cache';
import type { UserRecord, UserStore } from './user-store';

/** How long a user lookup is reused in this process; at most this long a change on another instance goes unseen. */
export const USER_CACHE_MS = 2000;

/** A verified session: who it is now, and what it was issued with. */
export interface Session {
  principal: Principal;
  /** tokenVersion the cookie carries (equal to the user's current one). */
  ver: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
  passwordSetAt: string;
}

export const principalOf = (u: UserRecord): Principal => ({ userId: u.userId, username: u.username, role: u.role, stores: u.stores });

export interface Sessions {
  /** A signed session token for the user, at its current tokenVersion. */
  issue: (user: UserRecord) => Promise<string>;
  /**
   * The session of a Cookie header: signature and expiry checked, then the user loaded
   * (cached ≤ 2 s) and its tokenVersion compared with the cookie's. Null for no cookie,
   * a forged, expired or malformed one, a deleted user, or a changed one. Throws only
   * when Redis cannot be asked (the caller answers 503, not 401).
   */
  verifySession: (cookieHeader: string | null | undefined) => Promise<Session | null>;
  readSession: (cookieHeader: string | null | undefined) => Promise<Principal | null>;
  /** The user as it is now (cached ≤ 2 s), or null when deleted. */
  currentUser: (userId: string) => Promise<UserRecord | null>;
  /** Forget the cached lookup after a change made by this process. */
  forget: (userId: string) => void;
}

export function createSessions(o: {
  key: () => Promise<Uint8Array>;
  users: Pick<UserStore, 'getUserById'>;
  cacheMs?: number;
  now?: () => number;
}): Sessions {
  const now = o.now ?? Date.now;
  const cache = createTtlCache((id) => o.users.getUserById(id), { ttlMs: o.cacheMs ?? USER_CACHE_MS, now });

  const verifySession: Sessions['verifySession'] = async (cookieHeader) => {
    const token = sessionTokenOf(cookieHeader);
    if (!token) return null;
    const claims = await verifySessionToken(await o.key(), token, now());
    if (!claims) return null;
    const user = await cache.get(claims.userId);
    if (!user || user.tokenVersion !== claims.ver) return null;
    return { principal: principalOf(user), ver: claims.ver, exp: claims.exp, passwordSetAt: user.passwordSetAt };
  };

  return {
    issue: async (user) => signSessionToken(await o.key(), { userId: user.userId, ver: user.tokenVersion }, now()),
    verifySession,
    readSession: async (cookieHeader) => (await verifySession(cookieHeader))?.principal ?? null,
    currentUser: (userId) => cache.get(userId),
    forget: (userId) => cache.forget(userId),
  };
}
