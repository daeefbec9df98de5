import type { z } from 'zod';
import { EVENTS_BY_TYPE, type TillstreamEvent } from './catalog';
import type { EventDefinition } from './define-event';
import { envelopeSchema, type Envelope } from './envelope';
import { compileAcceptor, UNPROVEN, type Acceptor } from './fast-accept';

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
  const issues = typeIssues(e, def);
  const payload = def.payload.safeParse(e.payload);
  if (!payload.success) issues.push(...toIssues(payload.error, 'payload'));
  if (issues.length > 0) return { ok: false, type: e.type, issues };
  return { ok: true, event: { ...e, payload: payload.data } as TillstreamEvent };
}

/** What the type asks of the envelope: a schemaVersion it has, the envelope fields it requires. */
function typeIssues(e: Envelope, def: EventDefinition): ContractIssue[] {
  const issues: ContractIssue[] = [];
  if (e.schemaVersion > def.schemaVersion) {
    issues.push({ field: 'schemaVersion', message: `${e.type} has no schemaVersion ${e.schemaVersion} (latest ${def.schemaVersion})` });
  }
  for (const field of def.requires) {
    if (e[field] === undefined) issues.push({ field, message: `required on ${e.type}` });
  }
  return issues;
}

/** The contract's schemas compiled for the fast path (`fast-accept.ts`); a type missing here always goes to zod. */
const acceptEnvelope = compileAcceptor(envelopeSchema);
const acceptPayload = new Map<string, Acceptor>();
for (const [type, def] of EVENTS_BY_TYPE) {
  const accept = compileAcceptor(def.payload);
  if (accept) acceptPayload.set(type, accept);
}

/**
 * parseEvent for a value straight from JSON.parse, with the same result, at a fraction of the
 * cost for a valid event: the fast path accepts what it can prove valid, with zod's output,
 * and everything else gets parseEvent's own answer (its decision, its issues).
 */
export function parseJsonEvent(raw: unknown): ParseResult {
  const e = acceptEnvelope?.(raw) ?? UNPROVEN;
  if (e === UNPROVEN) return parseEvent(raw);
  const env = e as Envelope;
  const def = EVENTS_BY_TYPE.get(env.type);
  const accept = acceptPayload.get(env.type);
  if (!def || !accept || typeIssues(env, def).length > 0) return parseEvent(raw);
  const payload = accept(env.payload);
  if (payload === UNPROVEN) return parseEvent(raw);
  // `env` is the acceptor's own new object: it takes the typed payload in place (parseEvent copies).
  env.payload = payload as Envelope['payload'];
  return { ok: true, event: env as TillstreamEvent };
}

/** Human-readable one-liner of the issues, for DLQ headers and logs. */
export function describeIssues(issues: ContractIssue[]): string {
  return issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
}
