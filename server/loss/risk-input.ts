import { z } from 'zod';
import { MAX_WEIGHT, RISK_SIGNALS, SIGNAL_METRICS, type SignalMetric } from '../../lib/loss/risk-signals';
import { UserInputError } from '../auth/user-input';
import { exceptionsQuerySchema } from './exceptions-query';
import { ruleIdSchema } from './rules-input';

/**
 * What the risk-ranking routes take, validated with zod: the ranking's query string (the
 * exceptions route's scope, period and source, server/loss/exceptions-query.ts, and a limit)
 * and the body of a PUT of the weights.
 */
export const RISK_MAX_LIMIT = 1000;
export const RISK_DEFAULT_LIMIT = 100;

export const riskQuerySchema = exceptionsQuerySchema
  .omit({ groupBy: true })
  .extend({
    limit: z
      .string()
      .regex(/^[0-9]{1,4}$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.int().min(1, 'at least 1').max(RISK_MAX_LIMIT, `at most ${RISK_MAX_LIMIT}`))
      .default(RISK_DEFAULT_LIMIT)
      .describe(`at most this many cashiers, best ranked first (1 to ${RISK_MAX_LIMIT}, default ${RISK_DEFAULT_LIMIT})`),
    rule: ruleIdSchema.optional().describe('only the cashiers this rule hit in the period (hits are kept 35 days, at most 31 days at a time), each with their hits; ranks stay those of the whole scope'),
  })
  .strict();

export type RiskQuery = z.output<typeof riskQuerySchema>;

// zod's number is finite: 1e400 (Infinity once parsed) and NaN are refused.
const weight = z
  .number({ message: 'expected a finite number' })
  .min(0, 'at least 0')
  .max(MAX_WEIGHT, `at most ${MAX_WEIGHT}`);

export const riskWeightsBodySchema = z
  .object({
    weights: z
      .object(Object.fromEntries(RISK_SIGNALS.map((s) => [s.metric, weight.optional().describe(`${s.why} (default ${s.defaultWeight})`)])) as Record<SignalMetric, z.ZodOptional<typeof weight>>)
      .strict()
      .describe(`A weight from 0 to ${MAX_WEIGHT} per signal (0 leaves it out); a signal left out takes its default weight`),
    basedOn: z.int().min(0).optional().describe('the version these weights were edited from: if another has been stored since, nothing is stored (409)'),
  })
  .strict()
  .describe('The weights of the risk ranking, stored as a new version');

export type RiskWeightsBody = z.output<typeof riskWeightsBodySchema>;

/**
 * The body of a PUT of the weights, or a UserInputError naming what is wrong: an unknown
 * metric first by its own name (`weights.<name>`), then whatever zod finds.
 */
export function parseWeightsBody(body: unknown): RiskWeightsBody {
  const weights = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).weights : undefined;
  if (weights !== null && typeof weights === 'object' && !Array.isArray(weights)) {
    const unknown = Object.keys(weights).find((k) => !(SIGNAL_METRICS as readonly string[]).includes(k));
    if (unknown !== undefined) throw new UserInputError(`weights.${unknown}`, `"${unknown}" is not a signal of the risk ranking (the signals: ${SIGNAL_METRICS.join(', ')})`);
  }
  const r = riskWeightsBodySchema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  throw new UserInputError(path.map(String).join('.'), issue.code === 'unrecognized_keys' ? 'not a field of this request' : issue.message);
}
