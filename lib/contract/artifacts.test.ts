import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CONTRACT_ARTIFACTS } from './artifacts';
import { EVENT_DEFINITIONS, type EventType } from './catalog';
import { exampleEvent } from './example-event';
import { buildEventsJsonSchema } from './json-schema';

const root = path.resolve(import.meta.dirname, '../..');

describe('generated contract files', () => {
  it.each(CONTRACT_ARTIFACTS.map((a) => [a.path, a] as const))('%s is up to date (run `npm run gen:contract`)', (file, a) => {
    expect(fs.readFileSync(path.join(root, file), 'utf8')).toBe(a.render());
  });
});

describe('the JSON Schema for outside producers', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(buildEventsJsonSchema());

  it.each(EVENT_DEFINITIONS.map((d) => d.type))('accepts the example of %s', (type) => {
    expect(validate(exampleEvent(type as EventType)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('rejects what the zod schemas reject: a missing required envelope field, a bad enum', () => {
    const { receiptId: _r, ...noReceipt } = exampleEvent('pos.item.added');
    expect(validate(noReceipt)).toBe(false);
    const bad = exampleEvent('pos.drawer.opened');
    (bad.payload as { reason: string }).reason = 'curious';
    expect(validate(bad)).toBe(false);
  });
});
