import { describe, expect, it } from 'vitest';
import type { SessionRow, SessionType } from './activity-queries';
import { foldSessions } from './till-sessions';

const T0 = Date.parse('2026-11-21T08:00:00Z');
const min = (n: number) => T0 + n * 60_000;
let seq = 0;
const row = (tillId: string, type: SessionType, cashierId: string, at: number, shiftId = ''): SessionRow => ({ tillId, cashierId, type, ms: at, source: tillId, seq: ++seq, shiftId });
const LOGIN = 'pos.cashier.login';
const LOGOUT = 'pos.cashier.logout';
const OPEN = 'pos.shift.opened';
const CLOSE = 'pos.shift.closed';

describe('foldSessions', () => {
  it('follows the simulator’s shift: login, shift opened, closed, logout', () => {
    const f = foldSessions([row('T1', LOGIN, 'C1', min(0)), row('T1', OPEN, 'C1', min(1), 'SH1'), row('T1', CLOSE, 'C1', min(60), 'SH1'), row('T1', LOGOUT, 'C1', min(63))]);
    expect(f.tills.get('T1')).toEqual({ signedIn: null, shift: null });
    expect(f.spans).toEqual([
      { cashierId: 'C1', tillId: 'T1', kind: 'signIn', shiftId: null, from: min(0), to: min(60) },
      { cashierId: 'C1', tillId: 'T1', kind: 'shift', shiftId: 'SH1', from: min(1), to: min(60) },
    ]);
  });

  it('keeps an open shift and a signed-in cashier open, whatever order the rows came in', () => {
    const rows = [row('T1', LOGIN, 'C1', min(0)), row('T1', OPEN, 'C1', min(1), 'SH1'), row('T2', LOGIN, 'C2', min(5))];
    const f = foldSessions([...rows].reverse());
    expect(f.tills.get('T1')).toEqual({ signedIn: { cashierId: 'C1', since: min(0) }, shift: { shiftId: 'SH1', cashierId: 'C1', openedAt: min(1) } });
    expect(f.tills.get('T2')).toEqual({ signedIn: { cashierId: 'C2', since: min(5) }, shift: null });
    expect(f.spans.every((s) => s.to === null)).toBe(true);
  });

  it('a login of another cashier ends the sign-in at the till; the same cashier’s again (after a reboot) changes nothing', () => {
    const f = foldSessions([row('T1', LOGIN, 'C1', min(0)), row('T1', LOGIN, 'C1', min(10)), row('T1', LOGIN, 'C2', min(20))]);
    expect(f.spans).toEqual([
      { cashierId: 'C1', tillId: 'T1', kind: 'signIn', shiftId: null, from: min(0), to: min(20) },
      { cashierId: 'C2', tillId: 'T1', kind: 'signIn', shiftId: null, from: min(20), to: null },
    ]);
    expect(f.tills.get('T1')!.signedIn).toEqual({ cashierId: 'C2', since: min(20) });
  });

  it('ignores a logout of someone not signed in; a shift close ends the sign-in too', () => {
    const f = foldSessions([row('T1', LOGIN, 'C1', min(0)), row('T1', LOGOUT, 'C9', min(5)), row('T1', OPEN, 'C1', min(6), 'SH1')]);
    expect(f.tills.get('T1')!.signedIn).toEqual({ cashierId: 'C1', since: min(0) });
    const g = foldSessions([row('T1', LOGIN, 'C1', min(0)), row('T1', OPEN, 'C1', min(1), 'SH1'), row('T1', CLOSE, 'C1', min(30), 'SH1')]);
    expect(g.tills.get('T1')).toEqual({ signedIn: null, shift: null });
  });

  it('a shift opened over one never closed ends the old one there', () => {
    const f = foldSessions([row('T1', OPEN, 'C1', min(0), 'A'), row('T1', OPEN, 'C2', min(30), 'B')]);
    expect(f.spans.map((s) => [s.shiftId, s.from, s.to])).toEqual([
      ['A', min(0), min(30)],
      ['B', min(30), null],
    ]);
    expect(f.tills.get('T1')!.shift).toEqual({ shiftId: 'B', cashierId: 'C2', openedAt: min(30) });
  });

  it('orders events of one instant by source and seq, and skips rows without a till', () => {
    const a = { ...row('T1', LOGIN, 'C1', min(0)), seq: 2 };
    const b = { ...row('T1', LOGOUT, 'C1', min(0)), seq: 3 };
    expect(foldSessions([b, a]).tills.get('T1')!.signedIn).toBeNull();
    expect(foldSessions([row('', LOGIN, 'C1', min(0))]).tills.size).toBe(0);
  });
});
