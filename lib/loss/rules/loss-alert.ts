import { z } from 'zod';
import type { RuleHit } from './evaluate';

/**
 * A rule's hit as an alert on the `alerts` topic (design: keyed by subject), in the one alert
 * model issue 10's alert center builds on (lib/inventory/stock-alerts.ts): kind, severity,
 * subject, evidence, state. The evidence is the events that made it, with their ids, sources,
 * seqs and Kafka positions, and the rule id and version.
 */
const evidenceEvent = z.object({
  id: z.string(),
  source: z.string(),
  seq: z.int(),
  type: z.string(),
  occurredAt: z.string(),
  storeId: z.string(),
  tillId: z.string(),
  cashierId: z.string(),
  receiptId: z.string(),
  lineId: z.int(),
  kafka: z.object({ topic: z.string(), partition: z.int(), offset: z.string() }).optional(),
});

/** How many days a store's hits are kept after they are stored (Redis `lossHits`): the alerts API and the ranking's rule filter read no further back. */
export const HIT_KEEP_DAYS = 35;

export const lossAlertSchema = z.object({
  id: z.string(),
  kind: z.literal('loss_rule'),
  severity: z.enum(['info', 'warning', 'critical']),
  subject: z.object({ storeId: z.string(), tillId: z.string(), cashierId: z.string(), receiptId: z.string() }),
  evidence: z.object({
    ruleId: z.string(),
    ruleVersion: z.int(),
    ruleName: z.string(),
    ruleKind: z.enum(['sequence', 'receipt_count', 'refund_unsold_sku', 'threshold']),
    events: z.array(evidenceEvent),
    detail: z.record(z.string(), z.unknown()),
  }),
  /** A rule's hit is a fact: open until an analyst deals with it (issue 10). */
  state: z.enum(['open', 'resolved']),
  /** Epoch ms the last event of the evidence occurred; its store-local day. */
  openedAt: z.int(),
  day: z.string(),
});
export type LossAlert = z.infer<typeof lossAlertSchema>;

export function lossAlertOf(hit: RuleHit): LossAlert {
  return {
    id: hit.id,
    kind: 'loss_rule',
    severity: hit.severity,
    subject: hit.subject,
    evidence: { ruleId: hit.ruleId, ruleVersion: hit.ruleVersion, ruleName: hit.ruleName, ruleKind: hit.ruleKind, events: hit.evidence, detail: hit.detail },
    state: 'open',
    openedAt: hit.ms,
    day: hit.day,
  };
}

/** Kafka key of a loss alert on `alerts`: its subject, `<storeId>:<cashierId or tillId>`. */
export const lossAlertKey = (a: Pick<LossAlert, 'subject'>) => `${a.subject.storeId}:${a.subject.cashierId || a.subject.tillId}`;
