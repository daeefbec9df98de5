import type { DlqSample } from './ops-types';
import { maskDigits, reasonField, sampleReason, truncate } from './dlq-reason';

/** Names of fields that hold personal or payment data: their values are never kept. */
const SENSITIVE = /loyalty|card|pan$|cvv|iban|account|email|phone|name|customer|address|birth|token|secret|password/i;
const MAX_VALUE = 80;

export interface DeadLetter {
  value: Buffer | null;
  headers: Record<string, string>;
  reason: string;
  worker: string;
  origin: DlqSample['origin'];
  at: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? truncate(maskDigits(v), MAX_VALUE) : null);

/** A value with every sensitive key masked, long digit runs masked, as short JSON. */
export function redactValue(value: unknown, key = ''): string | null {
  if (value === undefined) return null;
  if (SENSITIVE.test(key)) return '[redacted]';
  const walk = (v: unknown, k: string): unknown => {
    if (SENSITIVE.test(k)) return '[redacted]';
    if (typeof v === 'string') return maskDigits(v);
    if (Array.isArray(v)) return v.slice(0, 10).map((x) => walk(x, ''));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).slice(0, 20).map(([kk, vv]) => [kk, walk(vv, kk)]));
    return v;
  };
  const out = walk(value, key);
  return truncate(typeof out === 'string' ? out : JSON.stringify(out), MAX_VALUE);
}

/** The value at a dotted path (`payload.lines.0.qty`), or undefined. */
function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(/[./]/)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * What the monitor keeps of a dead letter: the identifiers (type, source, seq, occurredAt,
 * store), the reason and the one field it names (masked when it is personal or payment
 * data, truncated); nothing else of the event. A message that is not a JSON object keeps
 * only its size.
 */
export function redactSample(d: DeadLetter): DlqSample {
  const field = reasonField(d.reason);
  let event: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = d.value ? JSON.parse(d.value.toString('utf8')) : null;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) event = parsed as Record<string, unknown>;
  } catch {
    event = null;
  }
  const lastKey = field ? (field.split(/[./]/).at(-1) ?? '') : '';
  return {
    at: d.at,
    worker: truncate(d.worker, 60),
    origin: d.origin,
    reason: sampleReason(d.reason),
    field,
    value: event && field ? redactValue(at(event, field), lastKey) : null,
    type: event ? str(event.type) : null,
    source: event ? str(event.source) : null,
    seq: event && typeof event.seq === 'number' ? event.seq : null,
    occurredAt: event ? str(event.occurredAt) : null,
    storeId: event ? str(event.storeId) : null,
    bytes: d.value?.length ?? 0,
    unparseable: event === null,
  };
}
