import { z } from 'zod';
import { id } from '../../lib/contract/fields';

/**
 * The query strings of the loss-prevention exception routes, validated with zod (a wrong
 * or unknown parameter is a 400 that names it: server/kpis/kpi-query.ts parseQuery). Periods
 * are store-local calendar days, both inclusive; give `from` and `to` together, or neither
 * (today).
 */
const day = z.iso.date({ message: 'expected a local calendar day such as 2026-11-21' });
const source = z
  .enum(['auto', 'live', 'history'])
  .default('auto')
  .describe('auto: Redis when the period starts within the last 9 days, ClickHouse before; live or history force one (the numbers are the same)');

export const exceptionsQuerySchema = z
  .object({
    groupBy: z.enum(['cashier', 'till', 'store']).default('cashier').describe('one group per cashier at a store, per till, or per store'),
    storeId: id(32).optional().describe('one store'),
    region: z.string().min(1).max(64).optional().describe('the stores of one region'),
    from: day.optional().describe('first store-local day, inclusive; default: today in each store’s timezone'),
    to: day.optional().describe('last store-local day, inclusive (at most 93 days after from)'),
    source,
  })
  .strict();

export const cashierQuerySchema = z
  .object({
    bucket: z.enum(['day', 'shift']).default('day').describe('one bucket per store-local day and store, or per shift (store, till and shift of each day)'),
    from: day.optional().describe('first store-local day, inclusive; default: today in each store’s timezone'),
    to: day.optional().describe('last store-local day, inclusive (at most 93 days after from)'),
    source,
  })
  .strict();

/** The path's cashier id, by the event contract's rule (`cashierId` of the envelope). */
export const cashierIdSchema = id(32);

export type ExceptionsQuery = z.infer<typeof exceptionsQuerySchema>;
export type CashierQuery = z.infer<typeof cashierQuerySchema>;
