import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_DEFINITIONS, type EventType } from './catalog';
import { envelopeSchema } from './envelope';
import { exampleEvent } from './example-event';
import { compileAcceptor, UNPROVEN } from './fast-accept';

/** An acceptor may only accept what zod accepts, with zod's output (key order included). */
function expectSound(schema: z.ZodType, value: unknown): unknown {
  const out = compileAcceptor(schema)!(value);
  if (out !== UNPROVEN) {
    const zod = schema.safeParse(value);
    expect(zod.success, JSON.stringify(value)).toBe(true);
    expect(JSON.stringify(out)).toBe(JSON.stringify(zod.data));
    expect(out).toEqual(zod.data);
  }
  return out;
}

describe('compileAcceptor', () => {
  it('compiles the envelope and every payload of the contract, and accepts every example with zod output', () => {
    expect(compileAcceptor(envelopeSchema)).toBeDefined();
    for (const def of EVENT_DEFINITIONS) {
      expect(compileAcceptor(def.payload), def.type).toBeDefined();
      const example = JSON.parse(JSON.stringify(exampleEvent(def.type as EventType))) as { payload: unknown };
      expect(expectSound(envelopeSchema, example), def.type).not.toBe(UNPROVEN);
      expect(expectSound(def.payload, example.payload), def.type).not.toBe(UNPROVEN);
    }
  });

  it("never accepts what zod rejects at the edges of its rules (code points, safe integers, exclusive bounds, refinements)", () => {
    const cases: [z.ZodType, unknown[]][] = [
      [z.string().min(2).max(3), ['😀', '😀😀', '\ud83d\ude00x', 'ab', 'abcd', '😀😀😀😀', '\ud83d\ud83d']],
      [z.int(), [2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1.5, Infinity, NaN, '1']],
      [z.number().gt(0).lt(5), [0, 5, 4.99, 0.01, -0]],
      [z.number().min(0).max(5), [0, 5, -0, 5.01]],
      [z.string().regex(/^a+$/g), ['aa', 'aa', 'b']],
      [z.string().refine((s) => s.includes('/')), ['a/b', 'ab']],
      [z.array(z.int()).min(1).max(2), [[], [1], [1, 2], [1, 2, 3], [1.5]]],
      [z.enum(['a', 'b']), ['a', 'c', 1]],
      [z.object({ a: z.string(), b: z.int().optional() }), [{ a: 'x' }, { b: 1, a: 'x' }, { a: 'x', c: 1 }, { b: 1 }, JSON.parse('{"a":"x","__proto__":{"b":1}}')]],
      [z.object({ a: z.string() }).strict(), [{ a: 'x' }, { a: 'x', c: 1 }, JSON.parse('{"a":"x","__proto__":1}')]],
      [z.record(z.string(), z.unknown()), [{}, { a: 1 }, [], null, JSON.parse('{"__proto__":1}')]],
    ];
    for (const [schema, values] of cases) for (const v of values) expectSound(schema, v);
    expect(compileAcceptor(z.string().min(2))!('😀')).toBe(UNPROVEN);
    expect(compileAcceptor(z.int())!(2 ** 53)).toBe(UNPROVEN);
    expect(compileAcceptor(z.string().refine((s) => s.includes('/')))!('ab')).toBe(UNPROVEN);
  });

  it('leaves to zod what it does not know: async refinements, rewrites, transforms, other formats, defaults, loose objects', () => {
    expect(compileAcceptor(z.string().refine(async () => true))!('a')).toBe(UNPROVEN);
    for (const schema of [z.string().trim(), z.string().transform((s) => s.length), z.email(), z.string().default('x'), z.looseObject({ a: z.string() }), z.object({ a: z.string().default('x') }), z.coerce.number(), z.object({ toString: z.string() })]) {
      expect(compileAcceptor(schema)).toBeUndefined();
    }
  });
});
