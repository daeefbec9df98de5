import type { SessionRow } from './activity-queries';

/**
 * Who is on which till, folded from a store's sign-in and shift events in the order they
 * occurred (occurredAt, then source and seq). Pure. Per till (docs/kpis.md "Tills and
 * cashiers on shift"):
 * - `pos.cashier.login` signs its cashier in; another cashier's sign-in at that till ends
 *   there (a till has one cashier), the same cashier's again (after a reboot) changes nothing;
 * - `pos.cashier.logout` ends its cashier's sign-in (a logout of someone not signed in is ignored);
 * - `pos.shift.opened` opens a shift (one still open there ends: it was never closed);
 * - `pos.shift.closed` ends the open shift and the sign-in at the till.
 */

/** One stretch of a cashier's duty at a till: a shift, or a sign-in. `to` null: not ended yet. */
export interface DutySpan {
  cashierId: string;
  tillId: string;
  kind: 'shift' | 'signIn';
  /** The shift's id (`kind: 'shift'`), else null. */
  shiftId: string | null;
  from: number;
  to: number | null;
}

/** A till now, as its sign-in and shift events leave it. */
export interface TillSession {
  signedIn: { cashierId: string; since: number } | null;
  shift: { shiftId: string | null; cashierId: string; openedAt: number } | null;
}

export interface FoldedSessions {
  tills: Map<string, TillSession>;
  /** Every span, in the order they started. */
  spans: DutySpan[];
}

const byOccurrence = (a: SessionRow, b: SessionRow) => a.ms - b.ms || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || a.seq - b.seq;

export function foldSessions(rows: readonly SessionRow[]): FoldedSessions {
  const tills = new Map<string, { signIn: DutySpan | null; shift: DutySpan | null }>();
  const spans: DutySpan[] = [];
  const start = (s: Omit<DutySpan, 'to'>): DutySpan => {
    const span = { ...s, to: null };
    spans.push(span);
    return span;
  };
  for (const r of [...rows].sort(byOccurrence)) {
    if (r.tillId === '') continue;
    let t = tills.get(r.tillId);
    if (!t) tills.set(r.tillId, (t = { signIn: null, shift: null }));
    switch (r.type) {
      case 'pos.cashier.login':
        if (t.signIn?.cashierId === r.cashierId) break;
        if (t.signIn) t.signIn.to = r.ms;
        t.signIn = start({ cashierId: r.cashierId, tillId: r.tillId, kind: 'signIn', shiftId: null, from: r.ms });
        break;
      case 'pos.cashier.logout':
        if (t.signIn?.cashierId === r.cashierId) {
          t.signIn.to = r.ms;
          t.signIn = null;
        }
        break;
      case 'pos.shift.opened':
        if (t.shift) t.shift.to = r.ms;
        t.shift = start({ cashierId: r.cashierId, tillId: r.tillId, kind: 'shift', shiftId: r.shiftId || null, from: r.ms });
        break;
      case 'pos.shift.closed':
        if (t.shift) t.shift.to = r.ms;
        if (t.signIn) t.signIn.to = r.ms;
        t.shift = null;
        t.signIn = null;
        break;
    }
  }
  const out = new Map<string, TillSession>();
  for (const [tillId, t] of tills) {
    out.set(tillId, {
      signedIn: t.signIn ? { cashierId: t.signIn.cashierId, since: t.signIn.from } : null,
      shift: t.shift ? { shiftId: t.shift.shiftId, cashierId: t.shift.cashierId, openedAt: t.shift.from } : null,
    });
  }
  return { tills: out, spans };
}
