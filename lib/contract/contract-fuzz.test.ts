import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_DEFINITIONS, type EventType } from './catalog';
import { exampleEvent } from './example-event';
import { parseEvent } from './parse-event';

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
        const event = exampleEvent(type);
        const paths = leafPaths(event).filter((p) => p.length > 0);
        const path = paths[pick % paths.length]!;
        setAt(event, path, value, remove);
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
});
