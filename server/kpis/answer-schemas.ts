import { z } from 'zod';
import type { SourceState } from '../../lib/kpis/store-answers';

/**
 * The zod pieces the read API's answers share in the OpenAPI document: kpi-openapi.ts,
 * dashboard-openapi.ts and the store activity (server/stores/activity-answers.ts).
 */

/** An instant. */
export const instant = z.string().describe('ISO 8601 UTC');

/** An amount of money: integer cents of the scope's currency. */
export const money = (what: string) => z.int().describe(`${what}, integer cents`);

/** Where an answer was read. */
export const sourceSchema = z.enum(['live', 'history', 'mixed']).describe('live: Redis; history: ClickHouse');

/** What an answer covers (lib/kpis/kpi-answers.ts ScopeAnswer). */
export const scopeSchema = z.object({
  level: z.enum(['chain', 'region', 'stores', 'store']).describe('stores: a store manager’s own stores'),
  storeId: z.string().nullable(),
  region: z.string().nullable(),
  channel: z.enum(['stores', 'web', 'all']),
  stores: z.array(z.string()),
});

/** One producer's freshness, as the live aggregator keeps it (lib/kpis/store-answers.ts SourceState). */
export const sourceStateSchema = z.object({
  source: z.string(),
  maxSeq: z.int().describe('highest seq applied by the live aggregator'),
  lastEventAt: instant.nullable().describe('occurredAt of that event'),
  lastArrivalAt: instant.nullable(),
  lagMs: z.int().nullable().describe('arrival − occurredAt of the newest event'),
  missing: z.int().describe('seqs below maxSeq never received'),
  shift: z.enum(['open', 'closed']).optional().describe('a staffed till’s shift as its latest shift event left it (none for a source without shifts)'),
  gaps: z.array(z.object({ first: z.int(), last: z.int() })).describe('the first 20 open gaps'),
});

// The schema describes exactly the type: these lines stop compiling when they drift apart.
const _source = (x: z.infer<typeof sourceStateSchema>): SourceState => x;
const _sourceBack = (x: SourceState): z.infer<typeof sourceStateSchema> => x;
