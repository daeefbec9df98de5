import { z } from 'zod';
import { id } from '../../lib/contract/fields';

/**
 * What the drill-down routes take, validated with zod (a wrong or unknown parameter is a 400
 * naming it: server/kpis/kpi-query.ts parseQuery). Ids follow the event contract's rules.
 */
export const receiptIdSchema = id();

export const journalQuerySchema = z
  .object({
    storeId: id(32).optional().describe('the store of the receipt (receipt ids are unique per store; needed only when two stores used the same id)'),
  })
  .strict();

const day = z.iso.date({ message: 'expected a local calendar day such as 2026-11-21' });
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const RECEIPTS_MAX_LIMIT = 10_000;
export const RECEIPTS_DEFAULT_LIMIT = 100;

export const cashierReceiptsQuerySchema = z
  .object({
    storeId: id(32).optional().describe('the store whose timezone defines the days (default: the store of the cashier’s newest event)'),
    from: day.optional().describe('first store-local day, inclusive; default today'),
    to: day.optional().describe('last store-local day, inclusive (at most 93 days after from)'),
    exceptionsOnly: bool.default(false).describe('only receipts carrying at least one exception (line void, override, employee or manual discount, keyed line, void, post-void, refund…)'),
    limit: z
      .string()
      .regex(/^[0-9]{1,5}$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.int().min(1, 'at least 1').max(RECEIPTS_MAX_LIMIT, `at most ${RECEIPTS_MAX_LIMIT}`))
      .optional()
      .describe(`at most this many receipts (1 to ${RECEIPTS_MAX_LIMIT}; default ${RECEIPTS_DEFAULT_LIMIT}, for CSV ${RECEIPTS_MAX_LIMIT})`),
    cursor: z.string().min(1).max(2000).optional().describe('nextCursor of the page before (same parameters)'),
    format: z.enum(['json', 'csv']).optional().describe('csv: the same rows as CSV (also with Accept: text/csv)'),
  })
  .strict();

export type CashierReceiptsQuery = z.output<typeof cashierReceiptsQuerySchema>;
