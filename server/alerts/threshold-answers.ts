import { z } from 'zod';
import { thresholdOverrideSchema, thresholdsSchema } from '../../lib/alerts/alert-thresholds';

/** PATCH /api/v1/alerts/thresholds: one scope's fields, each a number (set) or null (removed: the wider scope's applies). */
export const thresholdPatchSchema = z
  .object({
    scope: z.string().min(1).max(100).describe('`chain`, `region:<name>` or `store:<id>`'),
    set: z.record(z.string(), z.number().nullable()).describe('field → value, or null to remove this scope’s setting of it'),
  })
  .strict();

export const thresholdsAnswerSchema = z
  .object({
    defaults: thresholdsSchema,
    chain: thresholdsSchema.describe('the chain’s thresholds as they apply (defaults, then the chain’s settings): the pipeline rules use these'),
    settings: z.array(
      z.object({
        scope: z.string(),
        values: thresholdOverrideSchema,
        updatedBy: z.string().nullable(),
        updatedAt: z.string().nullable(),
      }),
    ).describe('the settings of the chain, the caller’s regions and stores (only scopes with a setting or a past change)'),
    stores: z.array(z.object({ storeId: z.string(), name: z.string(), region: z.string(), thresholds: thresholdsSchema })).describe('each of the caller’s stores with the thresholds that apply to it'),
    may: z.object({ scopes: z.array(z.string()), fields: z.array(z.string()) }).describe('what the caller may change'),
  })
  .describe('The alert rules’ thresholds');
export type ThresholdsAnswer = z.infer<typeof thresholdsAnswerSchema>;
