import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_DEFINITIONS, type EventType } from './catalog';
import { exampleEvent } from './example-event';
import { parseEvent, parseJsonEvent } from './parse-event';

const TYPES = EVENT_DEFINITIONS.map((d) => d.type) as EventType[];

/** Paths of every leaf of a JSON value, e.g. ["payload", "lines", "0", "qty"]. */
function leafPaths(v: unknown, prefix: string[] = []): string[][] {
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return [prefix];
    return entries.flatMap(([k, c]) => leafPaths(c, [...prefix, k]));
  }
  return [prefix];
}

function setAt(obj: unknown, path: string[], value: unknown, remove: boolean): void {
  let cur = obj as Record<string, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete cur[last];
  else cur[last] = value;
}

/** An example of the type with one leaf replaced by `value` (or removed); returns the mutated path. */
function mutatedExample(type: EventType, pick: number, value: unknown, remove: boolean): { event: Record<string, unknown>; path: string[] } {
  const event = exampleEvent(type);
  const paths = leafPaths(event).filter((p) => p.length > 0);
  const path = paths[pick % paths.length]!;
  setAt(event, path, value, remove);
  return { event, path };
}

const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.double(),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.string({ maxLength: 80 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

describe('contract fuzz', () => {
  it('never throws; a rejected event names the mutated field (or its parent) in an issue', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.nat(), junk, fc.boolean(), (type, pick, value, remove) => {
        const { event, path } = mutatedExample(type, pick, value, remove);
        const result = parseEvent(event);
        if (result.ok) return; // the mutation happened to produce a valid value (e.g. another allowed string)
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(0);
        // The issue points at the mutated field, or at an ancestor of it (a whole array or object).
        const named = result.issues.some((i) => {
          const field = i.field.split('.').filter(Boolean);
          return field.every((seg, n) => seg === path[n]) || path.every((seg, n) => seg === field[n]);
        });
        expect(named, `${path.join('.')} → ${JSON.stringify(result.issues)}`).toBe(true);
      }),
      { numRuns: 3000, seed: 20261121 },
    );
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parseEvent(v);
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  /** parseJsonEvent's answer on a JSON value is parseEvent's: the decision, the issues, the event (its key order too). */
  const sameAnswer = (json: unknown) => {
    const fast = parseJsonEvent(json);
    const reference = parseEvent(json);
    expect(fast).toEqual(reference);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
  };
  // Strings of any code units (surrogate pairs, lone surrogates) and numbers around the contract's bounds.
  const edgy = fc.oneof(
    junk,
    fc.string({ unit: 'binary', maxLength: 210 }),
    fc.string({ unit: 'grapheme', minLength: 60, maxLength: 130 }),
    fc.constantFrom('', 'A', '\ud83d\ude00', '\ud83d', 'a'.repeat(64), 'a'.repeat(65), '😀'.repeat(100), '😀'.repeat(201), '2026-02-29T00:00:00Z', '2028-02-29T23:59:59.1Z'),
    fc.constantFrom(0, -0, 1, -1, 0.5, 1e21, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1_000_000_000, 1_000_000_001, -1_000_000_001, 10_000, 10_001, 100_000, 100_001),
  );

  it('parseJsonEvent answers as parseEvent on JSON: examples with a leaf changed, removed or added', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.nat(), edgy, fc.boolean(), fc.boolean(), (type, pick, value, remove, add) => {
        const { event, path } = mutatedExample(type, pick, value, remove);
        // An unknown key next to the leaf: an issue in the envelope (strict), dropped from a payload.
        if (add) setAt(event, [...path.slice(0, -1), 'extra'], value ?? 1, false);
        sameAnswer(JSON.parse(JSON.stringify(event)) as unknown);
      }),
      { numRuns: 5000, seed: 20261121 },
    );
  });

  it('parseJsonEvent answers as parseEvent on JSON: every leaf of every example replaced by an edge value', () => {
    const values = [
      ...[null, true, '', 'A', 'a'.repeat(64), 'a'.repeat(65), 'é'.repeat(200), 'é'.repeat(201), '😀'.repeat(64), '😀'.repeat(65), '\ud83d'],
      ...['Mars/Olympus', 'Europe/Rome', 'UTC', 'EUR', 'euro', '2026-11-21T10:15:03Z', '2026-11-21T10:15:03+01:00', '2026-02-29T10:15:03Z'],
      ...[0, -0, 1, -1, 1.5, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 10_000, 10_001, 100_000, 100_001, 1_000_000_000, 1_000_000_001, -1_000_000_001],
      ...[[], ['SKU-1'], {}, { sku: 'SKU-1', qty: 1, unitPrice: 0 }],
    ];
    for (const type of TYPES) {
      const paths = leafPaths(exampleEvent(type)).filter((p) => p.length > 0);
      for (let pick = 0; pick < paths.length; pick++) {
        for (const value of values) sameAnswer(JSON.parse(JSON.stringify(mutatedExample(type, pick, value, false).event)) as unknown);
        sameAnswer(JSON.parse(JSON.stringify(mutatedExample(type, pick, undefined, true).event)) as unknown);
      }
    }
  });

  it('parseJsonEvent answers as parseEvent on arbitrary JSON, and on valid events with their keys in another order', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => sameAnswer(v)), { numRuns: 2000, seed: 7 });
    for (const type of TYPES) {
      const e = exampleEvent(type);
      const reversed = Object.fromEntries(Object.entries({ ...e, payload: Object.fromEntries(Object.entries(e.payload as object).reverse()) }).reverse());
      sameAnswer(JSON.parse(JSON.stringify(reversed)) as unknown);
      // JSON.parse makes an own __proto__ key, which zod treats apart.
      const proto = `"payload":{"__proto__":{"x":1}${Object.keys(e.payload as object).length > 0 ? ',' : ''}`;
      sameAnswer(JSON.parse(JSON.stringify(e).replace('"payload":{', proto)) as unknown);
    }
  });
});
