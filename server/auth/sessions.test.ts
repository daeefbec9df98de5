import { describe, expect, it } from 'vitest';
import { createSessions } from './sessions';
import { signSessionToken } from './session-token';
import type { UserRecord } from './user-store';

const key = new TextEncoder().encode('s'.repeat(40));

function fakeUsers() {
  const byId = new Map<string, UserRecord>();
  let lookups = 0;
  const put = (u: Partial<UserRecord> & { userId: string }) =>
    byId.set(u.userId, {
      username: 'manager',
      role: 'store_manager',
      stores: ['S001'],
      tokenVersion: 1,
      passwordSetAt: 't0',
      createdAt: 't0',
      updatedAt: 't0',
      ...byId.get(u.userId),
      ...u,
    });
  return {
    byId,
    put,
    lookups: () => lookups,
    getUserById: async (id: string) => {
      lookups++;
      return byId.get(id) ?? null;
    },
  };
}

function setup() {
  let clock = Date.UTC(2026, 0, 1, 9);
  const users = fakeUsers();
  users.put({ userId: 'u1' });
  const sessions = createSessions({ key: async () => key, users, now: () => clock });
  const cookie = async () => `ts_session=${await sessions.issue(users.byId.get('u1')!)}`;
  return { users, sessions, cookie, tick: (ms: number) => (clock += ms) };
}

describe('sessions', () => {
  it('read a cookie back as the principal', async () => {
    const { sessions, cookie } = setup();
    expect(await sessions.readSession(await cookie())).toEqual({ userId: 'u1', username: 'manager', role: 'store_manager', stores: ['S001'] });
  });

  it('stop working when the user’s tokenVersion moves on (role, stores or password changed)', async () => {
    const { sessions, cookie, users, tick } = setup();
    const c = await cookie();
    users.put({ userId: 'u1', tokenVersion: 2, stores: ['S001', 'S002'] });
    sessions.forget('u1');
    expect(await sessions.readSession(c)).toBeNull();
    // A cookie issued now works; an old one does not come back.
    const fresh = await cookie();
    expect((await sessions.readSession(fresh))?.stores).toEqual(['S001', 'S002']);
    tick(10_000);
    expect(await sessions.readSession(c)).toBeNull();
  });

  it('stop working when the user is deleted', async () => {
    const { sessions, cookie, users } = setup();
    const c = await cookie();
    users.byId.delete('u1');
    sessions.forget('u1');
    expect(await sessions.readSession(c)).toBeNull();
  });

  it('reuse a lookup for at most 2 s, so another instance’s change is seen within that', async () => {
    const { sessions, cookie, users, tick } = setup();
    const c = await cookie();
    await sessions.readSession(c);
    await sessions.readSession(c);
    expect(users.lookups()).toBe(1);
    users.put({ userId: 'u1', tokenVersion: 2 }); // changed elsewhere: not forgotten here
    tick(1500);
    expect(await sessions.readSession(c)).not.toBeNull();
    tick(600);
    expect(await sessions.readSession(c)).toBeNull();
    expect(users.lookups()).toBe(2);
  });

  it('refuse forged, expired and malformed cookies without asking for the user', async () => {
    const { sessions, users, tick } = setup();
    const forged = await signSessionToken(new TextEncoder().encode('x'.repeat(40)), { userId: 'u1', ver: 1 });
    expect(await sessions.readSession(`ts_session=${forged}`)).toBeNull();
    const old = await sessions.issue(users.byId.get('u1')!);
    tick(12 * 3600 * 1000 + 1000);
    expect(await sessions.readSession(`ts_session=${old}`)).toBeNull();
    for (const bad of [undefined, '', 'ts_session=', 'ts_session=garbage', 'other=1']) expect(await sessions.readSession(bad)).toBeNull();
    expect(users.lookups()).toBe(0);
  });

  it('throw when the user store cannot be asked, and do not cache the failure', async () => {
    const { users, cookie } = setup();
    let down = true;
    const sessions = createSessions({
      key: async () => key,
      users: { getUserById: async (id) => (down ? Promise.reject(new Error('redis down')) : users.getUserById(id)) },
      now: () => Date.UTC(2026, 0, 1, 9),
    });
    const c = await cookie();
    await expect(sessions.readSession(c)).rejects.toThrow('redis down');
    down = false;
    expect(await sessions.readSession(c)).not.toBeNull();
  });
});
