import { z } from 'zod';
import { EVENT_DEFINITIONS } from './catalog';
import type { EventCategory } from './define-event';
import { envelopeSchema } from './envelope';

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  format?: string;
  items?: JsonSchemaNode;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  anyOf?: JsonSchemaNode[];
}

function describeType(s: JsonSchemaNode): string {
  if (s.enum) return s.enum.map((v) => `\`"${String(v)}"\``).join(' \\| ');
  if (s.type === 'array' && s.items) {
    const inner = s.items.properties
      ? `{${Object.entries(s.items.properties).map(([k, v]) => `${k}: ${describeType(v)}`).join(', ')}}`
      : describeType(s.items);
    const n = s.minItems !== undefined || s.maxItems !== undefined ? ` (${s.minItems ?? 0}–${s.maxItems ?? '∞'})` : '';
    return `array of ${inner}${n}`;
  }
  if (s.type === 'integer') {
    const range = [s.minimum !== undefined && s.minimum > -1e9 ? `≥ ${s.minimum}` : '', s.maximum !== undefined && s.maximum < 1e9 ? `≤ ${s.maximum}` : '']
      .filter(Boolean)
      .join(', ');
    return range ? `int ${range}` : 'int';
  }
  if (s.type === 'string') return s.format === 'date-time' ? 'timestamp (UTC, Z)' : 'string';
  return String(s.type ?? 'any');
}

function fieldRows(schema: JsonSchemaNode): string[] {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  return Object.entries(props).map(
    ([name, s]) => `| \`${name}\` | ${describeType(s)} | ${required.has(name) ? 'yes' : 'no'} | ${s.description ?? ''} |`,
  );
}

/** docs/events.md, generated from the schemas: never edited by hand. */
export function renderEventsMarkdown(): string {
  const out: string[] = [
    '# Event catalog',
    '',
    '<!-- Generated from lib/contract by `npm run gen:contract`. Do not edit: a test fails when it is stale. -->',
    '',
    `${EVENT_DEFINITIONS.length} event types. Money is in integer minor units (cents) of the store's currency;`,
    'quantities are integer units; timestamps are ISO 8601 UTC with a `Z`. Core types (★) follow the',
    "design's wire contract exactly; their meaning changes only with a new `schemaVersion`. Payloads may",
    'carry extra fields; consumers ignore what they do not know. The JSON Schema for outside producers',
    'is served at `/schemas/events.schema.json` (file: `public/schemas/events.schema.json`).',
    '',
    '## Envelope',
    '',
    '| field | type | required | meaning |',
    '|---|---|---|---|',
    ...fieldRows(z.toJSONSchema(envelopeSchema, { io: 'input' }) as JsonSchemaNode),
    '',
    'Each type below also names the envelope fields it requires.',
    '',
  ];
  const categories = [...new Set(EVENT_DEFINITIONS.map((d) => d.category))] as EventCategory[];
  for (const category of categories) {
    out.push(`## ${category[0]!.toUpperCase()}${category.slice(1)}`, '');
    for (const d of EVENT_DEFINITIONS.filter((e) => e.category === category)) {
      out.push(`### \`${d.type}\`${d.core ? ' ★' : ''}`, '');
      out.push(d.description, '');
      const requires = d.requires.length ? d.requires.map((f) => `\`${f}\``).join(', ') : 'none beyond the envelope';
      out.push(`Topic \`${d.topic.name}\` (key: ${d.topic.key}) · schemaVersion ${d.schemaVersion} · envelope requires: ${requires}`, '');
      const rows = fieldRows(z.toJSONSchema(d.payload, { io: 'input' }) as JsonSchemaNode);
      if (rows.length === 0) out.push('Payload: `{}`', '');
      else out.push('| payload field | type | required | meaning |', '|---|---|---|---|', ...rows, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
