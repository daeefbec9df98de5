import { z } from 'zod';
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATES, alertSchema } from '../../lib/alerts/alert-model';

/** GET /api/v1/alerts's filters (each optional; a comma-separated list of values is any of them). */
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)))
    .optional();
export const alertQuerySchema = z.object({
  state: list(ALERT_STATES),
  kind: list(ALERT_KINDS),
  severity: list(ALERT_SEVERITIES),
  storeId: z.string().min(1).max(64).optional(),
  /** At most this many alerts in the answer (newest first); `total` counts them all. 0: the count only. */
  limit: z.coerce.number().int().min(0).max(1000).default(200),
});
export type AlertQuery = z.infer<typeof alertQuerySchema>;

export const alertListSchema = z
  .object({
    alerts: z.array(alertSchema).describe('newest first (by openedAt), only those the caller may see, at most `limit`'),
    total: z.number().int().describe('how many alerts match the filters (the caller may see them all; `alerts` holds the newest `limit`)'),
    counts: z.object({ open: z.number().int(), critical: z.number().int() }).describe('of those matching the kind, severity and store filters (any state): how many are open, and how many of those critical (the bell)'),
    generatedAt: z.string(),
  })
  .describe('The alerts the caller may see');
export const alertAnswerSchema = z.object({ alert: alertSchema }).describe('The alert after the change');
