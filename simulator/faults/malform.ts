import { parseEvent } from '../../lib/contract/parse-event';
import type { Rng } from '../random/rng';

/** Ways real producers get events wrong; each one breaks the contract in one named place. */
const MUTATIONS: { reason: string; apply: (e: Record<string, unknown>, json: string) => string | undefined }[] = [
  { reason: 'truncated JSON', apply: (_e, json) => json.slice(0, Math.max(1, Math.floor(json.length / 2))) },
  { reason: 'occurredAt without a timezone', apply: (e) => JSON.stringify({ ...e, occurredAt: String(e.occurredAt).replace('Z', '') }) },
  { reason: 'seq as a string', apply: (e) => JSON.stringify({ ...e, seq: String(e.seq) }) },
  { reason: 'unknown event type', apply: (e) => JSON.stringify({ ...e, type: 'pos.item.teleported' }) },
  { reason: 'card number in the envelope', apply: (e) => JSON.stringify({ ...e, cardNumber: '4111111111111111' }) },
  {
    reason: 'a payload field missing',
    apply: (e) => {
      const payload = { ...(e.payload as Record<string, unknown>) };
      const first = Object.keys(payload)[0];
      if (first === undefined) return undefined;
      delete payload[first];
      return JSON.stringify({ ...e, payload });
    },
  },
  {
    reason: 'money as a decimal',
    apply: (e) => {
      const payload = { ...(e.payload as Record<string, unknown>) };
      const money = ['unitPrice', 'total', 'amount', 'expectedCash'].find((k) => typeof payload[k] === 'number');
      if (!money) return undefined;
      payload[money] = (payload[money] as number) / 100 + 0.001;
      return JSON.stringify({ ...e, payload });
    },
  },
  { reason: 'storeId missing', apply: (e) => (e.storeId && String(e.type).startsWith('pos.') ? JSON.stringify({ ...e, storeId: undefined }) : undefined) },
];

/**
 * A malformed copy of an event (with its own id), broken in a way the contract rejects,
 * and why. Only mutations the parser really rejects are used.
 */
export function malform(json: string, rng: Rng): { json: string; reason: string } {
  const event = JSON.parse(json) as Record<string, unknown>;
  const base = { ...event, id: `${String(event.id)}-malformed` };
  for (const m of rng.shuffled(MUTATIONS)) {
    const out = m.apply(base, JSON.stringify(base));
    if (out === undefined) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(out);
    } catch {
      return { json: out, reason: m.reason };
    }
    if (!parseEvent(parsed).ok) return { json: out, reason: m.reason };
  }
  return { json: JSON.stringify(base).slice(0, 10), reason: 'truncated JSON' };
}
