import type { TillstreamEvent } from '../../lib/contract/catalog';
import { MAX_CLOCK_SKEW_MS } from '../../lib/contract/envelope';
import { describeIssues, parseJsonEvent } from '../../lib/contract/parse-event';
import { topicOf } from '../../lib/contract/routing';
import { MIRRORED_POS_EVENTS, TOPICS } from '../../lib/topics';

export type SyntaxResult = { ok: true; event: TillstreamEvent } | { ok: false; reason: string };

/**
 * The stateless checks of one message: JSON, the contract's schema (every problem named
 * by its field), the topic its type belongs on (MirrorMaker's `<store>.pos.events` counts
 * as pos.events), and a time not further in the future than the allowed clock skew.
 */
export function checkSyntax(value: Buffer | null, topic: string, now: number): SyntaxResult {
  if (!value || value.length === 0) return { ok: false, reason: 'empty message' };
  let raw: unknown;
  try {
    raw = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  const parsed = parseJsonEvent(raw);
  if (!parsed.ok) return { ok: false, reason: `schema: ${describeIssues(parsed.issues)}` };
  const event = parsed.event;
  const expected = topicOf(event.type).name;
  const arrivedOn = MIRRORED_POS_EVENTS.test(topic) ? TOPICS.posEvents.name : topic;
  if (arrivedOn !== expected) return { ok: false, reason: `type: ${event.type} belongs on ${expected}, not ${topic}` };
  const t = Date.parse(event.occurredAt);
  if (t > now + MAX_CLOCK_SKEW_MS) {
    return { ok: false, reason: `occurredAt: ${event.occurredAt} is more than ${MAX_CLOCK_SKEW_MS / 60000} minutes in the future` };
  }
  return { ok: true, event };
}
