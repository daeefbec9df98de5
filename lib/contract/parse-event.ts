import type { z } from 'zod';
import { EVENTS_BY_TYPE, type TillstreamEvent } from './catalog';
import { envelopeSchema } from './envelope';

export interface ContractIssue {
  /** Dotted path of the field, e.g. "payload.lines.0.qty"; "" for the event as a whole. */
  field: string;
  message: string;
}

export type ParseResult = { ok: true; event: TillstreamEvent } | { ok: false; type?: string; issues: ContractIssue[] };

const toIssues = (error: z.ZodError, prefix = ''): ContractIssue[] =>
  error.issues.map((i) => {
    const extra = i.code === 'unrecognized_keys' ? i.keys : [];
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    return {
      field: extra.length === 1 ? [path, extra[0]].filter(Boolean).join('.') : path,
      message: i.message,
    };
  });

/**
 * Checks one event against the contract: the envelope, the type, the envelope fields
 * the type requires, then the type's payload. Every problem names its field.
 */
export function parseEvent(raw: unknown): ParseResult {
  const env = envelopeSchema.safeParse(raw);
  if (!env.success) {
    // Echo the type only when it is a string: anything else may not even convert to one.
    const claimed = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
    return { ok: false, type: typeof claimed === 'string' ? claimed.slice(0, 64) : undefined, issues: toIssues(env.error) };
  }
  const e = env.data;
  const def = EVENTS_BY_TYPE.get(e.type);
  if (!def) return { ok: false, type: e.type, issues: [{ field: 'type', message: `unknown event type "${e.type}"` }] };
  const issues: ContractIssue[] = [];
  if (e.schemaVersion > def.schemaVersion) {
    issues.push({ field: 'schemaVersion', message: `${e.type} has no schemaVersion ${e.schemaVersion} (latest ${def.schemaVersion})` });
  }
  for (const field of def.requires) {
    if (e[field] === undefined) issues.push({ field, message: `required on ${e.type}` });
  }
  const payload = def.payload.safeParse(e.payload);
  if (!payload.success) issues.push(...toIssues(payload.error, 'payload'));
  if (issues.length > 0) return { ok: false, type: e.type, issues };
  return { ok: true, event: { ...e, payload: payload.data } as TillstreamEvent };
}

/** Human-readable one-liner of the issues, for DLQ headers and logs. */
export function describeIssues(issues: ContractIssue[]): string {
  return issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
}
