import { utcMinute } from '../../../lib/time/local-time';
import { checkSyntax } from '../../validator/check-syntax';

/**
 * What the tests compare the history with, computed from the simulator's deliveries and
 * emitted events, never from ClickHouse.
 */

/**
 * The deliveries the validator's stateless check lets through to events.validated (the
 * sink never sees a malformed copy: it goes to events.dlq), and how many it stopped.
 * `now` is the instant of the check (the clock-skew limit is measured from it).
 */
export function validatedOnly<D extends { topic: string; json: string }>(deliveries: D[], now: number): { passed: D[]; rejected: number } {
  const passed = deliveries.filter((d) => checkSyntax(Buffer.from(d.json), d.topic, now).ok);
  return { passed, rejected: deliveries.length - passed.length };
}

export type Activity = { refundCount: number; postVoidCount: number; lineVoids: number; receiptVoids: number };

const ACTIVITY_OF: Record<string, keyof Activity> = {
  'pos.refund.issued': 'refundCount',
  'pos.receipt.postvoided': 'postVoidCount',
  'pos.item.voided': 'lineVoids',
  'pos.receipt.voided': 'receiptVoids',
};

/** Counts per store and UTC minute (`YYYY-MM-DDTHH:MMZ`) of the events docs/kpis.md names for each. */
export function referenceActivityMinutes(events: { type: string; storeId?: string; occurredAt: string }[]): Record<string, Record<string, Activity>> {
  const out: Record<string, Record<string, Activity>> = {};
  for (const e of events) {
    const field = ACTIVITY_OF[e.type];
    if (!field || !e.storeId) continue;
    const minutes = (out[e.storeId] ??= {});
    (minutes[utcMinute(Date.parse(e.occurredAt))] ??= { refundCount: 0, postVoidCount: 0, lineVoids: 0, receiptVoids: 0 })[field] += 1;
  }
  return out;
}
