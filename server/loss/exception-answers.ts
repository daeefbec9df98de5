import { z } from 'zod';
import type { CashierExceptionsAnswer, ExceptionsAnswer } from '../../lib/loss/exception-answers';
import { COUNT_METRICS, METRICS, type CountMetric, type MetricName } from '../../lib/loss/exception-metrics';

/**
 * The answers of the loss-prevention exception routes as zod schemas, from which the OpenAPI
 * document (loss-openapi.ts) is generated. The types the code builds and the browser reads are
 * in lib/loss/exception-answers.ts; the lines at the end stop compiling when the two drift apart.
 * Each metric's description is its definition (lib/loss/exception-metrics.ts).
 */
const day = z.string().describe('store-local calendar day, YYYY-MM-DD');

const metricsSchema = z
  .object(
    Object.fromEntries(
      METRICS.map((m) => [m.name, z.int().describe(`${m.kind === 'amount' ? 'cents: ' : m.name === 'sales' ? 'cents: ' : ''}${m.definition}`)]),
    ) as Record<MetricName, z.ZodInt>,
  )
  .describe('The metrics over the period (counts, units, cents)');

const ratesSchema = z
  .object(Object.fromEntries(COUNT_METRICS.map((n) => [n, z.number().nullable()])) as Record<CountMetric, z.ZodNullable<z.ZodNumber>>)
  .describe('Each count per 100 receipts, 2 decimals; null without receipts');

const figures = {
  metrics: metricsSchema,
  rates: ratesSchema,
  avgItemValue: z.number().nullable().describe('sales / items in cents, 2 decimals (low against the store: a sweethearting signal); null without items'),
};

const period = z.object({
  label: z.enum(['today', 'range']).describe('today: each store’s own local day'),
  from: day.describe('first day, inclusive'),
  to: day.describe('last day, inclusive'),
});
const source = z.enum(['live', 'history', 'mixed']).describe('live: Redis (the exceptions worker); history: ClickHouse; mixed: stores of both');

export const exceptionGroupSchema = z.object({
  storeId: z.string(),
  tillId: z.string().nullable().describe('groupBy=till'),
  cashierId: z.string().nullable().describe('groupBy=cashier'),
  ...figures,
  avgItemValueVsStore: z.number().nullable().describe('the group’s average item value / its store’s over the period, 3 decimals (tills and cashiers)'),
});

export const exceptionsAnswerSchema = z
  .object({
    groupBy: z.enum(['cashier', 'till', 'store']),
    scope: z.object({
      level: z.enum(['chain', 'region', 'store']),
      storeId: z.string().nullable(),
      region: z.string().nullable(),
      stores: z.array(z.string()).describe('the stores covered'),
    }),
    period,
    source,
    currency: z.string().nullable().describe('the stores’ currency (ISO 4217), null when they differ'),
    groups: z.array(exceptionGroupSchema).describe('by store, then till or cashier; stores and their master data’s tills even without events, cashiers with any'),
    total: z.object(figures).describe('every event of the stores covered (also those of no cashier)'),
    generatedAt: z.string().describe('ISO 8601 UTC'),
  })
  .describe('Exception metrics per cashier, till or store over a period');

export const cashierBucketSchema = z.object({
  day,
  storeId: z.string(),
  tillId: z.string().nullable().describe('bucket=shift: the till'),
  shiftId: z.string().nullable().describe('bucket=shift: the shift (null: events at that till that day outside any shift)'),
  ...figures,
});

export const cashierExceptionsAnswerSchema = z
  .object({
    cashierId: z.string(),
    bucket: z.enum(['day', 'shift']),
    period,
    source,
    buckets: z.array(cashierBucketSchema).describe('by day, store, till, shift; only those with events'),
    total: z.object(figures),
    generatedAt: z.string().describe('ISO 8601 UTC'),
  })
  .describe('One cashier’s exception metrics per day or per shift');

// Both ways: the schemas describe exactly the types.
const _a = (x: z.infer<typeof exceptionsAnswerSchema>): ExceptionsAnswer => x;
const _aBack = (x: ExceptionsAnswer): z.infer<typeof exceptionsAnswerSchema> => x;
const _c = (x: z.infer<typeof cashierExceptionsAnswerSchema>): CashierExceptionsAnswer => x;
const _cBack = (x: CashierExceptionsAnswer): z.infer<typeof cashierExceptionsAnswerSchema> => x;
