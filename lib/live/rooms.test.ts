import { describe, expect, it } from 'vitest';
import { CHAIN_ROOM, parseRoom, roomForRegion, roomForStore } from './rooms';

describe('live rooms', () => {
  it('names the rooms and parses them back', () => {
    expect(roomForStore('S001')).toBe('store:S001');
    expect(roomForRegion('North West')).toBe('region:North West');
    expect(parseRoom(CHAIN_ROOM)).toEqual({ kind: 'chain' });
    expect(parseRoom(roomForStore('S001'))).toEqual({ kind: 'store', storeId: 'S001' });
    expect(parseRoom(roomForRegion('North West'))).toEqual({ kind: 'region', region: 'North West' });
  });

  it('parses nothing else', () => {
    for (const bad of ['', 'chain ', 'store:', 'region:', 'store:a b', 'region:a\u0000', 'loc:S001', 7, null, undefined, {}]) {
      expect(parseRoom(bad), String(bad)).toBeNull();
    }
  });
});
