import { topicOf } from '../../lib/contract/routing';
import { TOPICS } from '../../lib/topics';
import type { ValidEvent } from './validate-batch';

/** An event a store's key may not send, and which field says so. */
export interface ScopeViolation {
  index: number;
  field: string;
  reason: string;
}

/** HQ's topics: master data and promotions come from HQ systems, never from a store. */
const HQ_TOPICS = new Set<string>([TOPICS.hqMasterdata.name, TOPICS.hqPromotions.name]);

/** Topics whose events name locations in their payload. */
const LOCATION_TOPICS = new Set<string>([TOPICS.warehouseEvents.name, TOPICS.ecomEvents.name]);
const LOCATION_FIELDS = ['locationId', 'fromLocationId'] as const;

/**
 * The rules of a store-scoped key (design: "Security"): every event carries the key's
 * `storeId`; its `source` is the store id or starts with `<storeId>-`, so that a key
 * cannot write into another store's seq line; stock and web-shop events book only
 * the key's store as `locationId`/`fromLocationId`; HQ types are not for stores.
 * Returns the first broken rule of each event (empty: all in scope).
 */
export function scopeViolations(events: ValidEvent[], storeId: string): ScopeViolation[] {
  const out: ScopeViolation[] = [];
  for (const { index, event } of events) {
    const v = violationOf(event, storeId);
    if (v) out.push({ index, ...v });
  }
  return out;
}

function violationOf(event: ValidEvent['event'], storeId: string): { field: string; reason: string } | null {
  const topic = topicOf(event.type).name;
  if (HQ_TOPICS.has(topic)) return { field: 'type', reason: `${event.type} is an HQ event (${topic}); a store key cannot send it` };
  if (event.storeId !== storeId) {
    return {
      field: 'storeId',
      reason: event.storeId === undefined ? `required: this key sends for store ${storeId}` : `this key sends for store ${storeId}, not ${event.storeId}`,
    };
  }
  if (event.source !== storeId && !event.source.startsWith(`${storeId}-`)) {
    return { field: 'source', reason: `must be ${storeId} or start with "${storeId}-" (got "${event.source}")` };
  }
  if (LOCATION_TOPICS.has(topic)) {
    const payload = event.payload as Record<string, unknown>;
    for (const f of LOCATION_FIELDS) {
      if (payload[f] !== undefined && payload[f] !== storeId) {
        return { field: `payload.${f}`, reason: `this key books only location ${storeId}, not ${String(payload[f])}` };
      }
    }
  }
  return null;
}
