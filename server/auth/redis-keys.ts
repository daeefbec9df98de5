/** Every Redis key of authentication, in one place (all under `ts:auth:`). */
const P = 'ts:auth';

export const AUTH_KEYS = {
  /** HASH: username → userId of every user (the index; a username is taken here first). */
  usernames: `${P}:usernames`,
  /** HASH: username, role, stores (JSON), passwordHash, passwordSetAt, tokenVersion, createdAt, updatedAt of one user. */
  user: (userId: string) => `${P}:user:${userId}`,
  /** SET of the demo usernames already seeded once: a deleted demo user is not brought back. */
  seeded: `${P}:seeded`,
  /** STRING: the generated HS256 secret of session cookies when SESSION_SECRET is unset (shared by every web instance). */
  secret: `${P}:secret`,
  /** STRING (counter, expires with its window): sign-in attempts of one username from one address. */
  signInAttempts: (digest: string) => `${P}:signin:${digest}`,
  /**
   * STRING "1": the session with this id (a token's jti) was signed out. Expires when the
   * token does (plus a margin for clock skew, revocations.ts), so the keys never pile up.
   */
  revoked: (jti: string) => `${P}:revoked:${jti}`,
} as const;
