import { describe, expect, it } from 'vitest';
import { ALERTS_ROOM, CHAIN_ROOM, roomForLossStore, roomForRegion, roomForStore } from '../../lib/live/rooms';
import { canJoinRoom, canSeeChain, canSeeStore, visibleStores } from './access';
import type { Principal } from './principal';

const manager: Principal = { userId: 'u1', username: 'manager', role: 'store_manager', stores: ['S001', 'S002'] };
const merch: Principal = { userId: 'u2', username: 'merch', role: 'merchandiser', stores: 'all' };
const fraud: Principal = { userId: 'u3', username: 'fraud', role: 'fraud_analyst', stores: 'all' };
const admin: Principal = { userId: 'u4', username: 'admin', role: 'admin', stores: 'all' };
const HQ = [merch, fraud, admin];

describe('canSeeStore', () => {
  it('lets a store manager see only its stores', () => {
    expect(canSeeStore(manager, 'S001')).toBe(true);
    expect(canSeeStore(manager, 'S002')).toBe(true);
    expect(canSeeStore(manager, 'S003')).toBe(false);
    expect(canSeeStore(manager, '')).toBe(false);
    expect(canSeeStore(manager, 's001')).toBe(false);
  });

  it('lets every HQ role see every store', () => {
    for (const p of HQ) expect(canSeeStore(p, 'S999'), p.role).toBe(true);
  });

  it('never widens a store manager to every store, even when its record says all', () => {
    expect(canSeeStore({ ...manager, stores: 'all' }, 'S001')).toBe(false);
  });
});

describe('canSeeChain', () => {
  it('is for HQ roles only', () => {
    expect(canSeeChain(manager)).toBe(false);
    for (const p of HQ) expect(canSeeChain(p), p.role).toBe(true);
  });
});

describe('visibleStores', () => {
  const all = ['S003', 'S001', 'S002', 'S004'];
  it('filters the chain to the manager’s stores, keeping the order', () => {
    expect(visibleStores(manager, all)).toEqual(['S001', 'S002']);
    expect(visibleStores({ ...manager, stores: ['S009'] }, all)).toEqual([]);
  });
  it('gives HQ roles every store', () => {
    for (const p of HQ) expect(visibleStores(p, all)).toEqual(all);
  });
});

describe('canJoinRoom', () => {
  it('lets a store manager join its own store rooms only', () => {
    expect(canJoinRoom(manager, roomForStore('S001'))).toBe(true);
    expect(canJoinRoom(manager, roomForStore('S002'))).toBe(true);
    expect(canJoinRoom(manager, roomForStore('S003'))).toBe(false);
  });

  it('keeps a store manager out of the chain and region rooms', () => {
    expect(canJoinRoom(manager, CHAIN_ROOM)).toBe(false);
    expect(canJoinRoom(manager, roomForRegion('North'))).toBe(false);
  });

  it('lets HQ roles join the chain, any region and any store', () => {
    for (const p of HQ) {
      expect(canJoinRoom(p, CHAIN_ROOM), p.role).toBe(true);
      expect(canJoinRoom(p, roomForRegion('North')), p.role).toBe(true);
      expect(canJoinRoom(p, roomForStore('S123')), p.role).toBe(true);
    }
  });

  it('lets only fraud analysts and admins join a store’s loss room, never its store manager nor a merchandiser', () => {
    expect(canJoinRoom(fraud, roomForLossStore('S001'))).toBe(true);
    expect(canJoinRoom(admin, roomForLossStore('S123'))).toBe(true);
    expect(canJoinRoom(manager, roomForLossStore('S001'))).toBe(false);
    expect(canJoinRoom(merch, roomForLossStore('S001'))).toBe(false);
    for (const bad of ['loss:store:', 'loss:store:a b', 'loss:S001', 'loss:store', 'loss:chain']) expect(canJoinRoom(admin, bad), bad).toBe(false);
  });

  it('refuses a room name it does not know, for everyone', () => {
    for (const room of ['', 'admin', 'Chain', 'chain:', 'store:', 'store', 'region:', 'stores:S001', 'store:S001 ', 'store:S001\n', 'user:u1', 'loc:S001', '__proto__']) {
      for (const p of [manager, ...HQ]) expect(canJoinRoom(p, room), `${p.role} ${JSON.stringify(room)}`).toBe(false);
    }
    expect(canJoinRoom(admin, `store:${'S'.repeat(33)}`)).toBe(false);
    expect(canJoinRoom(admin, `region:${'r'.repeat(65)}`)).toBe(false);
  });

  it('refuses a non-string room', () => {
    expect(canJoinRoom(admin, 42 as unknown as string)).toBe(false);
    expect(canJoinRoom(admin, null as unknown as string)).toBe(false);
  });
});

describe('the alerts room', () => {
  it('every signed-in role may join it (the relay sends each socket only the alerts its user may see)', () => {
    for (const p of [manager, ...HQ]) expect(canJoinRoom(p, ALERTS_ROOM)).toBe(true);
    expect(canJoinRoom(manager, `${ALERTS_ROOM}:S003`)).toBe(false);
  });
});
