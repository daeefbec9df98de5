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
});
export type AlertQuery = z.infer<typeof alertQuerySchema>;

export const alertListSchema = z
  .object({ alerts: z.array(alertSchema).describe('newest first (by openedAt), only those the caller may see'), generatedAt: z.string() })
  .describe('The alerts the caller may see');
export const alertAnswerSchema = z.object({ alert: alertSchema }).describe('The alert after the change');
