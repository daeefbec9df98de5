import type { AlertStore } from '../../lib/alerts/alert-store';
import { parseTopicAlert } from '../../lib/alerts/topic-alerts';
import { TOPICS } from '../../lib/topics';
import { DependencyUnavailable, type Outcome, type WorkerDefinition } from '../harness/worker';

/**
 * The alerts worker's consumer: every alert of the `alerts` topic (the inventory's low stock,
 * the loss rules' hits) upserted into the unified store by id, in offset order. Idempotent: a
 * replay finds each id (or its mark as a repeat) stored and changes nothing. A message that
 * is not an alert goes to the DLQ with its reason; Redis down retries the batch.
 */
export function createAlertsWorker(d: { alerts: AlertStore }): WorkerDefinition {
  return {
    name: 'alerts',
    topics: [TOPICS.alerts.name],
    handle: async (batch) => {
      const outcomes: Outcome[] = [];
      for (const m of batch.messages) {
        const parsed = parseTopicAlert(m.value);
        if (!parsed.ok) {
          outcomes.push({ kind: 'dlq', reason: parsed.reason });
          continue;
        }
        try {
          const changed = await d.alerts.upsert(parsed.alert.raised, parsed.alert.resolvedAt);
          outcomes.push(changed ? { kind: 'ok' } : { kind: 'duplicate' });
        } catch (err) {
          throw new DependencyUnavailable('redis', err);
        }
      }
      return { outcomes };
    },
  };
}
