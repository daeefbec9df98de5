import type { RankedCashier, RiskAnswer, RiskWeightsAnswer, WeightsVersion } from '../../lib/loss/risk-answers';
import { DEFAULT_WEIGHTS, MAX_WEIGHT, RISK_SIGNALS, tillKindOf, type RiskWeights } from '../../lib/loss/risk-signals';
import { LossQueryError, type ExceptionsService } from './exceptions-service';
import type { AlertsReader } from './rules-alerts';
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

export function createRiskService(d: {
  exceptions: Pick<ExceptionsService, 'exceptions'>;
  weights: RiskWeightStore;
  /** The rule filter's hits and the rules' names (none: a rule filter is a 400). */
  hits?: Pick<AlertsReader, 'hitsByCashier'>;
  ruleName?: (ruleId: string) => Promise<string | null>;
  now?: () => number;
}) {
  const now = d.now ?? Date.now;

  const weightsAnswer = async (current: WeightsVersion): Promise<RiskWeightsAnswer> => ({
    current,
    previous: await d.weights.previous(current.version, PREVIOUS_LISTED),
    defaults: DEFAULT_WEIGHTS,
    maxWeight: MAX_WEIGHT,
    signals: RISK_SIGNALS.map((s) => ({ ...s })),
  });

  /** The cashiers `ruleId` hit in the scope and period: keeps those of a ranking, with their hits, and lists any the exceptions did not (unscored). */
  async function ruleFilter(ruleId: string, q: RiskQuery) {
    const name = d.ruleName ? await d.ruleName(ruleId) : null;
    if (name === null || !d.hits) throw new LossQueryError(404, 'rule', `no rule ${ruleId}`);
    const byCashier = await d.hits.hitsByCashier({ storeId: q.storeId, region: q.region, from: q.from, to: q.to, ruleId });
    const key = (storeId: string, cashierId: string) => `${storeId}\u0000${cashierId}`;
    const hits = new Map(byCashier.filter((c) => c.cashierId !== '').map((c) => [key(c.storeId, c.cashierId), c.hits]));
    const total = byCashier.reduce((n, c) => n + c.hits, 0);
    return {
      answer: { ruleId, name, hits: total, withoutCashier: byCashier.filter((c) => c.cashierId === '').reduce((n, c) => n + c.hits, 0) },
      apply(ranked: RankedCashier[]): RankedCashier[] {
        const kept = ranked.flatMap((r) => {
          const n = hits.get(key(r.storeId, r.cashierId));
          hits.delete(key(r.storeId, r.cashierId));
          return n === undefined ? [] : [{ ...r, ruleHits: n }];
        });
        // Hit but without exception metrics in the period (history not yet rolled up): listed, not scored.
        const rest = [...hits].map(([k, n]): RankedCashier => {
          const [storeId, cashierId] = k.split('\u0000') as [string, string];
          return { rank: null, storeRank: null, cashierId, storeId, tillKind: tillKindOf(storeId, cashierId), receipts: 0, peers: 0, score: null, drivers: [], ruleHits: n };
        });
        return [...kept, ...rest];
      },
    };
  }

  return {
    async ranking(q: RiskQuery): Promise<RiskAnswer> {
      // The rule filter first: its own limits on the period (hits are kept 35 days) are what a 400 names.
      const filter = q.rule === undefined ? null : await ruleFilter(q.rule, q);
      const [current, answer] = await Promise.all([
        d.weights.current(),
        d.exceptions.exceptions({ groupBy: 'cashier', storeId: q.storeId, region: q.region, from: q.from, to: q.to, source: q.source }),
      ]);
      let ranked = rankCashiers(answer.groups, current.weights);
      if (filter) ranked = filter.apply(ranked);
      return {
        scope: answer.scope,
        period: answer.period,
        source: answer.source,
        currency: answer.currency,
        weights: current,
        rule: filter?.answer ?? null,
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
