import crypto from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/**
 * The session cookie: `ts_session`, an HS256 JWT (jose) with sub = userId, ver = the
 * user's tokenVersion when it was issued, jti = the session's own random id (sign-out
 * revokes exactly that session, sessions.ts), iat and exp (12 h). httpOnly (no script
 * reads it), SameSite=Lax (not sent on cross-site POSTs; mutations also check Origin, see
 * http-guards.ts), Secure when the request came over https. Only the signature, the claims
 * and the times are checked here; sessions.ts then asks Redis whether `ver` is still
 * current and whether the jti was revoked.
 *
 * A token without a jti (issued before sessions had one) is refused: it could not be
 * revoked by signing out, so its holder signs in again (once; such tokens expired within
 * 12 h of the change anyway).
 */
export const SESSION_COOKIE = 'ts_session';
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
const ISSUER = 'tillstream';
const ALGORITHM = 'HS256';
/** A real token is ~200 characters; anything much longer is not one of ours. */
const MAX_TOKEN_LENGTH = 2048;
/** A session id: 128 random bits, base64url (22 characters); what a jti must look like to be used as a Redis key. */
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** A new random session id (the token's jti). */
export const newSessionId = (): string => crypto.randomBytes(16).toString('base64url');

export interface SessionClaims {
  userId: string;
  /** The user's tokenVersion when the session was issued. */
  ver: number;
  /** The session's id: unique per sign-in, what sign-out revokes. */
  jti: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** A token for the user at `ver`, with a new session id unless one is given. */
export async function signSessionToken(key: Uint8Array, o: { userId: string; ver: number; jti?: string }, nowMs = Date.now()): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ ver: o.ver })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(o.userId)
    .setJti(o.jti ?? newSessionId())
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(iat + SESSION_TTL_SECONDS)
    .sign(key);
}

/** The claims of a token signed with `key` and not expired; null for anything else (forged, expired, malformed, without a jti). */
export async function verifySessionToken(key: Uint8Array, token: string, nowMs = Date.now()): Promise<SessionClaims | null> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      requiredClaims: ['sub', 'exp', 'iat', 'ver', 'jti'],
      currentDate: new Date(nowMs),
    });
    const { sub, ver, exp, jti } = payload;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 64) return null;
    if (typeof ver !== 'number' || !Number.isSafeInteger(ver) || ver < 0) return null;
    if (typeof jti !== 'string' || !SESSION_ID_PATTERN.test(jti)) return null;
    if (typeof exp !== 'number') return null;
    return { userId: sub, ver, jti, exp };
  } catch {
    return null;
  }
}

/** The value of the first `ts_session` cookie in a Cookie header, or null. */
export function sessionTokenOf(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return value.length > 0 ? value : null;
  }
  return null;
}

const attributes = (secure: boolean) => `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

export function sessionSetCookie(token: string, o: { secure: boolean }): string {
  return `${SESSION_COOKIE}=${token}; ${attributes(o.secure)}; Max-Age=${SESSION_TTL_SECONDS}`;
}

export function clearSessionCookie(o: { secure: boolean }): string {
  return `${SESSION_COOKIE}=; ${attributes(o.secure)}; Max-Age=0`;
}
