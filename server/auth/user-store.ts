import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisScript } from '../ingest/redis-script';
import { dummyPasswordHash, hashPassword, verifyPasswordHash } from './password-hash';
import { ROLES, type Role } from './principal';
import { AUTH_KEYS } from './redis-keys';
import { newUserSchema, parseInput, resolveScope, userPatchSchema, type NewUserInput, type UserPatch } from './user-input';

/**
 * Users in Redis: a hash per user under a random id, and an index username → id. The
 * id is never reused, so a deleted user's sessions (which name the id) find nobody, even
 * when the username is taken again. `tokenVersion` counts changes: every update bumps it,
 * and a session cookie carries the version it was issued at (sessions.ts), so changing a
 * user's role, stores or password ends that user's sessions on every web instance.
 *
 * Writes are Lua scripts: the index and the record change together, and an update
 * applies only to the version it was computed from (else it is recomputed).
 */
export interface UserRecord {
  userId: string;
  username: string;
  role: Role;
  stores: string[] | 'all';
  tokenVersion: number;
  /** When the password was last set (ISO 8601): an open live socket ends when it changes. */
  passwordSetAt: string;
  createdAt: string;
  updatedAt: string;
}

export class UserExistsError extends Error {
  constructor(readonly username: string) {
    super(`a user named "${username}" already exists`);
    this.name = 'UserExistsError';
  }
}

export class UnknownUserError extends Error {
  constructor(readonly username: string) {
    super(`no user named "${username}"`);
    this.name = 'UnknownUserError';
  }
}

/** KEYS usernames, user; ARGV username, userId, field, value, … → 1 created, 0 username taken. */
const CREATE = redisScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], unpack(ARGV, 3))
return 1
`);

/** KEYS usernames, user; ARGV username, userId, expected tokenVersion, field, value, … → new version, -1 gone, -2 changed meanwhile. */
const UPDATE = redisScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] or redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
if redis.call('HGET', KEYS[2], 'tokenVersion') ~= ARGV[3] then return -2 end
redis.call('HSET', KEYS[2], unpack(ARGV, 4))
return redis.call('HINCRBY', KEYS[2], 'tokenVersion', 1)
`);

/** KEYS usernames, user; ARGV username, userId → 1 deleted, 0 not (gone, or the name now belongs to another id). */
const DELETE = redisScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
`);

const UPDATE_ATTEMPTS = 5;

function toRecord(userId: string, h: Record<string, string>): (UserRecord & { passwordHash: string }) | null {
  if (!h.username || !h.passwordHash || !(ROLES as readonly string[]).includes(h.role ?? '')) return null;
  let stores: string[] | 'all';
  try {
    const parsed = JSON.parse(h.stores ?? 'null') as unknown;
    if (parsed !== 'all' && !(Array.isArray(parsed) && parsed.every((s) => typeof s === 'string'))) return null;
    stores = parsed as string[] | 'all';
  } catch {
    return null;
  }
  return {
    userId,
    username: h.username,
    role: h.role as Role,
    stores,
    tokenVersion: Number(h.tokenVersion) || 0,
    passwordSetAt: h.passwordSetAt ?? '',
    createdAt: h.createdAt ?? '',
    updatedAt: h.updatedAt ?? '',
    passwordHash: h.passwordHash,
  };
}

const withoutHash = ({ passwordHash: _hash, ...r }: UserRecord & { passwordHash: string }): UserRecord => r;

export interface UserStore {
  /** Throws UserInputError naming the field, or UserExistsError. */
  createUser: (input: NewUserInput) => Promise<UserRecord>;
  /** Role, stores and/or password; bumps tokenVersion. Throws UserInputError or UnknownUserError. */
  updateUser: (username: string, patch: UserPatch) => Promise<UserRecord>;
  /** False when there is no such user. */
  deleteUser: (username: string) => Promise<boolean>;
  /** Every user, by username, without password hashes. */
  listUsers: () => Promise<UserRecord[]>;
  getUser: (username: string) => Promise<UserRecord | null>;
  getUserById: (userId: string) => Promise<UserRecord | null>;
  /** The user when the password is right; null for a wrong password or an unknown user, in about the same time. */
  verifyPassword: (username: string, password: string) => Promise<UserRecord | null>;
}

export function createUserStore(redis: Redis): UserStore {
  async function loadById(userId: string) {
    return toRecord(userId, await redis.hgetall(AUTH_KEYS.user(userId)));
  }

  async function load(username: string) {
    const userId = await redis.hget(AUTH_KEYS.usernames, username);
    if (!userId) return null;
    const r = await loadById(userId);
    return r && r.username === username ? r : null;
  }

  return {
    createUser: async (input) => {
      const o = parseInput(newUserSchema, input);
      const scope = resolveScope(o.role, o.stores);
      const now = new Date().toISOString();
      const userId = crypto.randomUUID();
      const fields = {
        username: o.username,
        role: scope.role,
        stores: JSON.stringify(scope.stores),
        passwordHash: await hashPassword(o.password),
        passwordSetAt: now,
        tokenVersion: '1',
        createdAt: now,
        updatedAt: now,
      };
      const created = await CREATE(redis, [AUTH_KEYS.usernames, AUTH_KEYS.user(userId)], [o.username, userId, ...Object.entries(fields).flat()]);
      if (created !== 1) throw new UserExistsError(o.username);
      return { userId, ...scope, username: o.username, tokenVersion: 1, passwordSetAt: now, createdAt: now, updatedAt: now };
    },

    updateUser: async (username, input) => {
      const patch = parseInput(userPatchSchema, input);
      const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
      for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
        const current = await load(username);
        if (!current) throw new UnknownUserError(username);
        const scope = resolveScope(patch.role ?? current.role, patch.stores, patch.role === undefined || patch.role === current.role ? current.stores : undefined);
        const now = new Date().toISOString();
        const fields: Record<string, string> = { role: scope.role, stores: JSON.stringify(scope.stores), updatedAt: now };
        if (passwordHash) Object.assign(fields, { passwordHash, passwordSetAt: now });
        const version = (await UPDATE(
          redis,
          [AUTH_KEYS.usernames, AUTH_KEYS.user(current.userId)],
          [username, current.userId, String(current.tokenVersion), ...Object.entries(fields).flat()],
        )) as number;
        if (version === -1) throw new UnknownUserError(username);
        if (version === -2) continue;
        return { ...withoutHash(current), ...scope, tokenVersion: version, updatedAt: now, ...(passwordHash ? { passwordSetAt: now } : {}) };
      }
      throw new Error(`user "${username}" kept changing while it was updated; try again`);
    },

    deleteUser: async (username) => {
      const userId = await redis.hget(AUTH_KEYS.usernames, username);
      if (!userId) return false;
      return (await DELETE(redis, [AUTH_KEYS.usernames, AUTH_KEYS.user(userId)], [username, userId])) === 1;
    },

    listUsers: async () => {
      const index = await redis.hgetall(AUTH_KEYS.usernames);
      const entries = Object.entries(index).sort(([a], [b]) => a.localeCompare(b));
      if (entries.length === 0) return [];
      const pipe = redis.pipeline();
      for (const [, userId] of entries) pipe.hgetall(AUTH_KEYS.user(userId));
      const rows = (await pipe.exec()) ?? [];
      return entries
        .map(([, userId], i) => toRecord(userId, (rows[i]?.[1] ?? {}) as Record<string, string>))
        .filter((r): r is UserRecord & { passwordHash: string } => r !== null)
        .map(withoutHash);
    },

    getUser: async (username) => {
      const r = await load(username);
      return r && withoutHash(r);
    },

    getUserById: async (userId) => {
      const r = await loadById(userId);
      return r && withoutHash(r);
    },

    verifyPassword: async (username, password) => {
      const r = await load(username);
      const ok = await verifyPasswordHash(password, r?.passwordHash ?? (await dummyPasswordHash()));
      return r && ok ? withoutHash(r) : null;
    },
  };
}
