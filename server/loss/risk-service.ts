import type { RiskAnswer, RiskWeightsAnswer, WeightsVersion } from '../../lib/loss/risk-answers';
import { DEFAULT_WEIGHTS, MAX_WEIGHT, RISK_SIGNALS, type RiskWeights } from '../../lib/loss/risk-signals';
import type { ExceptionsService } from './exceptions-service';
import type { RiskQuery, RiskWeightsBody } from './risk-input';
import { rankCashiers } from './risk-ranking';
import type { RiskWeightStore } from './risk-weights';

/**
 * The risk-ranking questions (issue 8, "Risk ranking"): the ranking of a scope's cashiers over
 * a period, from the exception metrics the exceptions service answers (the same scope, period
 * and source rules, and the same numbers, live or history: exceptions-service.ts) and the
 * weights in force; the weights, and storing new ones. Who may ask is the route's business
 * (risk-routes.ts).
 */
export const PREVIOUS_LISTED = 20;

export class WeightsConflict extends Error {
  constructor(readonly current: number) {
    super(`version ${current} has been stored since`);
  }
}

export function createRiskService(d: { exceptions: Pick<ExceptionsService, 'exceptions'>; weights: RiskWeightStore; now?: () => number }) {
  const now = d.now ?? Date.now;

  const weightsAnswer = async (current: WeightsVersion): Promise<RiskWeightsAnswer> => ({
    current,
    previous: await d.weights.previous(current.version, PREVIOUS_LISTED),
    defaults: DEFAULT_WEIGHTS,
    maxWeight: MAX_WEIGHT,
    signals: RISK_SIGNALS.map((s) => ({ ...s })),
  });

  return {
    async ranking(q: RiskQuery): Promise<RiskAnswer> {
      const [current, answer] = await Promise.all([
        d.weights.current(),
        d.exceptions.exceptions({ groupBy: 'cashier', storeId: q.storeId, region: q.region, from: q.from, to: q.to, source: q.source }),
      ]);
      const ranked = rankCashiers(answer.groups, current.weights);
      return {
        scope: answer.scope,
        period: answer.period,
        source: answer.source,
        currency: answer.currency,
        weights: current,
        cashiers: ranked.slice(0, q.limit),
        total: ranked.length,
        scored: ranked.filter((r) => r.score !== null).length,
        generatedAt: answer.generatedAt,
      };
    },

    weights: async (): Promise<RiskWeightsAnswer> => weightsAnswer(await d.weights.current()),

    /** Stores the weights of `body` (a signal left out: its default) as a new version by `by`; a WeightsConflict when `basedOn` is not the version in force. */
    async putWeights(body: RiskWeightsBody, by: string): Promise<RiskWeightsAnswer> {
      const weights: RiskWeights = { ...DEFAULT_WEIGHTS };
      for (const [m, w] of Object.entries(body.weights) as [keyof RiskWeights, number | undefined][]) if (w !== undefined) weights[m] = w;
      const stored = await d.weights.put(weights, by, now(), body.basedOn);
      if ('conflict' in stored) throw new WeightsConflict(stored.conflict);
      return weightsAnswer(stored);
    },
  };
}

export type RiskService = ReturnType<typeof createRiskService>;
