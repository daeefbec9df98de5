import { z } from 'zod';
import { EVENT_DEFINITIONS } from './catalog';
import { envelopeSchema } from './envelope';

/**
 * JSON Schema (draft 2020-12) of every event, for outside producers: one `oneOf`
 * branch per type, each the envelope with `type` fixed and that type's payload and
 * required envelope fields.
 */
export function buildEventsJsonSchema(): Record<string, unknown> {
  const branches = EVENT_DEFINITIONS.map((d) => {
    const shape = envelopeSchema.shape;
    const branch = z
      .object({
        ...shape,
        type: z.literal(d.type),
        schemaVersion: z.int().min(1).max(d.schemaVersion),
        payload: d.payload,
        ...Object.fromEntries(d.requires.map((f) => [f, shape[f].unwrap()])),
      })
      .strict()
      .describe(d.description);
    // "input": what a producer may send. Payloads may carry extra fields (the design allows
    // additions); the envelope is strict.
    const { $schema: _drop, ...schema } = z.toJSONSchema(branch, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
    return { title: d.type, ...schema };
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://tillstream.dev/schemas/events.schema.json',
    title: 'Tillstream event',
    description: 'One event of the Tillstream contract (docs/events.md). Money in integer cents, timestamps ISO 8601 UTC.',
    oneOf: branches,
  };
}
