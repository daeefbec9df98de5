import type { BodyFormat } from './read-body';

/** One event of a request as sent: its JSON value, or why its NDJSON line is not JSON. */
export interface RawItem {
  /** 0-based position of the event in the request (NDJSON: blank lines do not count). */
  index: number;
  /** NDJSON only: the 1-based line number in the body. */
  line?: number;
  value?: unknown;
  /** NDJSON only: the line is not JSON; only this event is rejected. */
  error?: string;
}

export type BodyProblem = 'not_utf8' | 'malformed_json' | 'not_an_array' | 'empty_batch' | 'too_many_events';

export type ParseBodyResult = { ok: true; items: RawItem[] } | { ok: false; problem: BodyProblem; message: string };

const jsonError = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200);

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/**
 * Splits a body into events: a JSON array (one malformed byte rejects the request), or
 * NDJSON (a malformed line rejects only that event). More than `maxEvents` events is
 * its own problem (413).
 */
export function parseBody(bytes: Buffer, format: BodyFormat, maxEvents: number): ParseBodyResult {
  let text: string;
  try {
    // fatal: invalid UTF-8 is an error, not U+FFFD; a leading BOM is dropped.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problem: 'not_utf8', message: 'the body is not valid UTF-8' };
  }
  return format === 'json' ? parseJsonArray(text, maxEvents) : parseNdjson(text, maxEvents);
}

function parseJsonArray(text: string, maxEvents: number): ParseBodyResult {
  if (text.trim() === '') return { ok: false, problem: 'empty_batch', message: 'the body is empty: send a JSON array of events' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: 'malformed_json', message: `the body is not valid JSON: ${jsonError(err)}` };
  }
  if (!Array.isArray(value)) {
    return { ok: false, problem: 'not_an_array', message: `the body must be a JSON array of events (got ${kindOf(value)})` };
  }
  if (value.length === 0) return { ok: false, problem: 'empty_batch', message: 'the array holds no events' };
  if (value.length > maxEvents) {
    return { ok: false, problem: 'too_many_events', message: `${value.length} events in one request; at most ${maxEvents}` };
  }
  return { ok: true, items: value.map((v, index) => ({ index, value: v })) };
}

function parseNdjson(text: string, maxEvents: number): ParseBodyResult {
  const lines = text.split('\n');
  const items: RawItem[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '') continue;
    if (items.length === maxEvents) {
      const total = items.length + lines.slice(n).filter((l) => l.trim() !== '').length;
      return { ok: false, problem: 'too_many_events', message: `${total} events in one request; at most ${maxEvents}` };
    }
    const index = items.length;
    try {
      items.push({ index, line: n + 1, value: JSON.parse(line) });
    } catch (err) {
      items.push({ index, line: n + 1, error: `line ${n + 1} is not valid JSON: ${jsonError(err)}` });
    }
  }
  if (items.length === 0) return { ok: false, problem: 'empty_batch', message: 'the body holds no events: send one JSON event per line' };
  return { ok: true, items };
}
