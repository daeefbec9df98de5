import type { TillstreamEvent } from '../../lib/contract/catalog';
import { parseEvent } from '../../lib/contract/parse-event';
import { MAX_EVENT_DEPTH } from './limits';
import type { RawItem } from './parse-body';

/** An event that passed the contract, with what the producer sent (forwarded as is). */
export interface ValidEvent {
  index: number;
  event: TillstreamEvent;
  raw: unknown;
}

export interface Issue {
  field: string;
  reason: string;
}

/** One rejected event: its first problem in `field`/`reason`, all of them in `issues`. */
export interface Rejection extends Issue {
  index: number;
  line?: number;
  type?: string;
  issues: Issue[];
}

export interface BatchResult {
  valid: ValidEvent[];
  rejected: Rejection[];
}

/** At most this many issues are listed per event. */
const MAX_ISSUES = 10;

/** Depth of a JSON value, without recursion (a hostile body may nest 500,000 levels). */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

function rejection(item: RawItem, issues: Issue[], type?: string): Rejection {
  const first = issues[0] ?? { field: '', reason: 'invalid event' };
  return {
    index: item.index,
    ...(item.line !== undefined ? { line: item.line } : {}),
    ...(type !== undefined ? { type } : {}),
    field: first.field,
    reason: first.reason,
    issues: issues.slice(0, MAX_ISSUES),
  };
}

/** Checks every event of a request against the contract (lib/contract/parse-event.ts). */
export function validateBatch(items: RawItem[]): BatchResult {
  const valid: ValidEvent[] = [];
  const rejected: Rejection[] = [];
  for (const item of items) {
    if (item.error !== undefined) {
      rejected.push(rejection(item, [{ field: '', reason: item.error }]));
      continue;
    }
    if (jsonDepthExceeds(item.value, MAX_EVENT_DEPTH)) {
      rejected.push(rejection(item, [{ field: '', reason: `nested deeper than ${MAX_EVENT_DEPTH} levels` }]));
      continue;
    }
    const r = parseEvent(item.value);
    if (r.ok) valid.push({ index: item.index, event: r.event, raw: item.value });
    else rejected.push(rejection(item, r.issues.map((i) => ({ field: i.field, reason: i.message })), r.type));
  }
  return { valid, rejected };
}
