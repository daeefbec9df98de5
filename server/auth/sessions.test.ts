import { describe, expect, it } from 'vitest';
import { REVOCATION_MARGIN_SECONDS, type Revocations } from './revocations';
import { createSessions } from './sessions';
import { SESSION_TTL_SECONDS, signSessionToken, verifySessionToken } from './session-token';
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

/** Revoked ids with their expiry (ms), as Redis would keep them; `down` makes every call fail. */
function fakeRevocations(now: () => number) {
  const until = new Map<string, number>();
  const calls: string[] = [];
  let down = false;
  const check = () => {
    if (down) throw new Error('redis down');
  };
  const revocations: Revocations = {
    revoke: async (jti, exp, nowMs = now()) => {
      calls.push(`revoke ${jti}`);
      check();
      const remaining = exp - Math.floor(nowMs / 1000);
      if (remaining > 0) until.set(jti, nowMs + (remaining + REVOCATION_MARGIN_SECONDS) * 1000);
    },
    isRevoked: async (jti) => {
      calls.push(`exists ${jti}`);
      check();
      return (until.get(jti) ?? 0) > now();
    },
    revokedAmong: async (jtis) => {
      calls.push(`mget ${jtis.length}`);
      check();
      return new Set(jtis.filter((j) => (until.get(j) ?? 0) > now()));
    },
  };
  return { revocations, until, calls, setDown: (d: boolean) => (down = d) };
}

function setup() {
  let clock = Date.UTC(2026, 0, 1, 9);
  const users = fakeUsers();
  users.put({ userId: 'u1' });
  const revoked = fakeRevocations(() => clock);
  const sessions = createSessions({ key: async () => key, users, revocations: revoked.revocations, now: () => clock });
  const cookie = async () => `ts_session=${await sessions.issue(users.byId.get('u1')!)}`;
  return { users, sessions, cookie, revoked, tick: (ms: number) => (clock += ms), now: () => clock };
}

const jtiOf = async (cookie: string) => (await verifySessionToken(key, cookie.slice('ts_session='.length), Date.UTC(2026, 0, 1, 9)))!.jti;

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
      revocations: fakeRevocations(() => Date.UTC(2026, 0, 1, 9)).revocations,
      now: () => Date.UTC(2026, 0, 1, 9),
    });
    const c = await cookie();
    await expect(sessions.readSession(c)).rejects.toThrow('redis down');
    down = false;
    expect(await sessions.readSession(c)).not.toBeNull();
  });

  it('give every session its own id', async () => {
    const { sessions, cookie } = setup();
    const [a, b] = [await cookie(), await cookie()];
    expect(await jtiOf(a)).not.toBe(await jtiOf(b));
    expect((await sessions.verifySession(a))?.jti).toBe(await jtiOf(a));
  });

  it('refuse a signed-out session at once, and keep the user’s other sessions', async () => {
    const { sessions, cookie, revoked, tick } = setup();
    const [kept, ended] = [await cookie(), await cookie()];
    expect(await sessions.readSession(ended)).not.toBeNull(); // the user lookup is cached now
    const claims = await sessions.revoke(`a=1; ${ended}`);
    expect(claims).toMatchObject({ userId: 'u1', ver: 1, jti: await jtiOf(ended) });
    expect(await sessions.readSession(ended)).toBeNull();
    expect(await sessions.verifySession(ended)).toBeNull();
    expect(await sessions.readSession(kept)).not.toBeNull();
    // Kept as long as the token lives (plus the clock-skew margin), then Redis drops it.
    expect(revoked.until.get(claims!.jti)).toBe(Date.UTC(2026, 0, 1, 9) + (SESSION_TTL_SECONDS + REVOCATION_MARGIN_SECONDS) * 1000);
    tick(3600_000);
    expect(await sessions.readSession(ended)).toBeNull();
    expect(await sessions.readSession(kept)).not.toBeNull();
  });

  it('revoke nothing for no cookie, or a forged, expired or malformed one', async () => {
    const { sessions, users, revoked, tick } = setup();
    const forged = await signSessionToken(new TextEncoder().encode('x'.repeat(40)), { userId: 'u1', ver: 1 });
    const old = await sessions.issue(users.byId.get('u1')!);
    tick(12 * 3600 * 1000 + 1000);
    for (const c of [undefined, '', 'ts_session=', 'ts_session=garbage', `ts_session=${forged}`, `ts_session=${old}`]) expect(await sessions.revoke(c)).toBeNull();
    expect(revoked.calls).toEqual([]);
  });

  it('ask for the user and the revocation together (one round trip), and whether revoked every time (no cache)', async () => {
    const { sessions, cookie, revoked } = setup();
    const c = await cookie();
    const jti = await jtiOf(c);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const slow = createSessions({
      key: async () => key,
      users: {
        getUserById: async (id) => {
          order.push('user asked');
          await gate;
          order.push('user answered');
          return { userId: id, username: 'manager', role: 'store_manager', stores: ['S001'], tokenVersion: 1, passwordSetAt: 't0', createdAt: 't0', updatedAt: 't0' };
        },
      },
      revocations: { ...revoked.revocations, isRevoked: async (j) => (order.push('revocation asked'), revoked.revocations.isRevoked(j)) },
      now: () => Date.UTC(2026, 0, 1, 9),
    });
    const pending = slow.readSession(c);
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['user asked', 'revocation asked']); // both out before either answered
    release();
    expect(await pending).not.toBeNull();
    // The user lookup is cached; the revocation is asked on every check.
    revoked.calls.length = 0;
    await sessions.readSession(c);
    await sessions.readSession(c);
    expect(revoked.calls).toEqual([`exists ${jti}`, `exists ${jti}`]);
  });

  it('throw when the revocations cannot be asked (503, not 401), when checking or signing out', async () => {
    const { sessions, cookie, revoked } = setup();
    const c = await cookie();
    revoked.setDown(true);
    await expect(sessions.readSession(c)).rejects.toThrow('redis down');
    await expect(sessions.revoke(c)).rejects.toThrow('redis down');
    revoked.setDown(false);
    expect(await sessions.readSession(c)).not.toBeNull(); // nothing was revoked
  });

  it('say which of many session ids are revoked', async () => {
    const { sessions, cookie, revoked } = setup();
    const [a, b] = [await cookie(), await cookie()];
    await sessions.revoke(a);
    expect(await sessions.revokedAmong([await jtiOf(a), await jtiOf(b)])).toEqual(new Set([await jtiOf(a)]));
    revoked.calls.length = 0;
    expect(await sessions.revokedAmong([])).toEqual(new Set());
    expect(revoked.calls).toEqual([]);
  });
});
