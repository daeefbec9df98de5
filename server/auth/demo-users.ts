import type { Redis } from 'ioredis';
import type { Role } from './principal';
import { AUTH_KEYS } from './redis-keys';
import { UserExistsError, type UserStore } from './user-store';

/**
 * The demo users, one per role, so that a fresh start can be tried at once; `npm start`
 * prints this list. Their shared password is public: change it (PATCH
 * /api/v1/admin/users/{username}) or delete them on anything reachable by others.
 */
export const DEMO_PASSWORD = 'tillstream-demo';

export const DEMO_USERS: readonly { username: string; role: Role; stores: string[] | 'all'; password: string }[] = [
  { username: 'manager', role: 'store_manager', stores: ['S001', 'S002'], password: DEMO_PASSWORD },
  { username: 'merch', role: 'merchandiser', stores: 'all', password: DEMO_PASSWORD },
  { username: 'fraud', role: 'fraud_analyst', stores: 'all', password: DEMO_PASSWORD },
  { username: 'admin', role: 'admin', stores: 'all', password: DEMO_PASSWORD },
];

/**
 * Creates each demo user once per Redis: an existing user is left as it is (a changed
 * password stays changed), and a demo user that was seeded once and then deleted is not
 * brought back (`ts:auth:seeded` remembers). Safe to run from every web instance at once.
 * Returns the usernames created by this call.
 */
export async function seedDemoUsers(redis: Redis, users: Pick<UserStore, 'createUser'>): Promise<string[]> {
  const created: string[] = [];
  for (const u of DEMO_USERS) {
    if ((await redis.sismember(AUTH_KEYS.seeded, u.username)) === 1) continue;
    try {
      await users.createUser({ username: u.username, password: u.password, role: u.role, stores: u.stores });
      created.push(u.username);
    } catch (err) {
      if (!(err instanceof UserExistsError)) throw err;
    }
    await redis.sadd(AUTH_KEYS.seeded, u.username);
  }
  return created;
}
