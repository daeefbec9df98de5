import type { Principal } from './principal';
import type { Revocations } from './revocations';
import { sessionTokenOf, signSessionToken, verifySessionToken, type SessionClaims } from './session-token';
import { createTtlCache } from './user-cache';
import type { UserRecord, UserStore } from './user-store';

/** How long a user lookup is reused in this process; at most this long a change on another instance goes unseen. */
export const USER_CACHE_MS = 2000;

/** A verified session: who it is now, and what it was issued with. */
export interface Session {
  principal: Principal;
  /** tokenVersion the cookie carries (equal to the user's current one). */
  ver: number;
  /** The session's id (the token's jti): what sign-out revokes. */
  jti: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  passwordSetAt: string;
}

export const principalOf = (u: UserRecord): Principal => ({ userId: u.userId, username: u.username, role: u.role, stores: u.stores });

export interface Sessions {
  /** A signed session token for the user, at its current tokenVersion, with a new session id. */
  issue: (user: UserRecord) => Promise<string>;
  /**
   * The session of a Cookie header: signature, claims and expiry checked, then the user
   * loaded (cached ≤ 2 s) and its tokenVersion compared with the cookie's, and the
   * session id looked up among the revoked ones (never cached: a sign-out counts at once,
   * on every instance). Both Redis commands go out together, without waiting for each
   * other: one round trip. Null for no cookie, a forged, expired or malformed one, a
   * signed-out one, a deleted user, or a changed one. Throws only when Redis cannot be
   * asked (the caller answers 503, not 401).
   */
  verifySession: (cookieHeader: string | null | undefined) => Promise<Session | null>;
  readSession: (cookieHeader: string | null | undefined) => Promise<Principal | null>;
  /**
   * Sign-out: revokes the session of the Cookie header's token until it expires (other
   * sessions of the user stay). The token's signature and expiry are checked first, not
   * its user: whatever it was, it is no longer accepted. The claims of the revoked token,
   * or null when there was nothing to revoke (no cookie, or not a valid token). Throws
   * when Redis cannot be asked (then nothing was revoked).
   */
  revoke: (cookieHeader: string | null | undefined) => Promise<SessionClaims | null>;
  /** Which of these session ids are revoked (one Redis round trip; the sockets' re-validation). */
  revokedAmong: (jtis: readonly string[]) => Promise<Set<string>>;
  /** The user as it is now (cached ≤ 2 s), or null when deleted. */
  currentUser: (userId: string) => Promise<UserRecord | null>;
  /** Forget the cached lookup after a change made by this process. */
  forget: (userId: string) => void;
}

export function createSessions(o: {
  key: () => Promise<Uint8Array>;
  users: Pick<UserStore, 'getUserById'>;
  revocations: Revocations;
  cacheMs?: number;
  now?: () => number;
}): Sessions {
  const now = o.now ?? Date.now;
  const cache = createTtlCache((id) => o.users.getUserById(id), { ttlMs: o.cacheMs ?? USER_CACHE_MS, now });

  const claimsOf = async (cookieHeader: string | null | undefined): Promise<SessionClaims | null> => {
    const token = sessionTokenOf(cookieHeader);
    return token ? verifySessionToken(await o.key(), token, now()) : null;
  };

  const verifySession: Sessions['verifySession'] = async (cookieHeader) => {
    const claims = await claimsOf(cookieHeader);
    if (!claims) return null;
    // Issued together: on a cache miss the HGETALL and the EXISTS share one round trip.
    const [user, revoked] = await Promise.all([cache.get(claims.userId), o.revocations.isRevoked(claims.jti)]);
    if (revoked || !user || user.tokenVersion !== claims.ver) return null;
    return { principal: principalOf(user), ver: claims.ver, jti: claims.jti, exp: claims.exp, passwordSetAt: user.passwordSetAt };
  };

  return {
    issue: async (user) => signSessionToken(await o.key(), { userId: user.userId, ver: user.tokenVersion }, now()),
    verifySession,
    readSession: async (cookieHeader) => (await verifySession(cookieHeader))?.principal ?? null,
    revoke: async (cookieHeader) => {
      const claims = await claimsOf(cookieHeader);
      if (!claims) return null;
      await o.revocations.revoke(claims.jti, claims.exp, now());
      return claims;
    },
    revokedAmong: (jtis) => (jtis.length === 0 ? Promise.resolve(new Set<string>()) : o.revocations.revokedAmong(jtis)),
    currentUser: (userId) => cache.get(userId),
    forget: (userId) => cache.forget(userId),
  };
}
