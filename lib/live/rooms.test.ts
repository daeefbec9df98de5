import { describe, expect, it } from 'vitest';
import { ALERTS_ROOM, CHAIN_ROOM, parseRoom, roomForLossStore, roomForRegion, roomForStore } from './rooms';

describe('live rooms', () => {
  it('names the rooms and parses them back', () => {
    expect(roomForStore('S001')).toBe('store:S001');
    expect(roomForRegion('North West')).toBe('region:North West');
    expect(parseRoom(CHAIN_ROOM)).toEqual({ kind: 'chain' });
    expect(parseRoom(roomForStore('S001'))).toEqual({ kind: 'store', storeId: 'S001' });
    expect(parseRoom(roomForRegion('North West'))).toEqual({ kind: 'region', region: 'North West' });
    expect(roomForLossStore('S001')).toBe('loss:store:S001');
    expect(parseRoom(roomForLossStore('S001'))).toEqual({ kind: 'loss-store', storeId: 'S001' });
  });

  it('parses nothing else', () => {
    for (const bad of ['', 'chain ', 'store:', 'region:', 'store:a b', 'region:a\u0000', 'loc:S001', 'loss:store:', 'loss:S001', 'loss:store:a b', 7, null, undefined, {}]) {
      expect(parseRoom(bad), String(bad)).toBeNull();
    }
  });
});

describe('the alerts room', () => {
  it('is one room, `alerts`; anything after it is no room', () => {
    expect(parseRoom(ALERTS_ROOM)).toEqual({ kind: 'alerts' });
    expect(parseRoom('alerts:S001')).toBeNull();
  });
});
