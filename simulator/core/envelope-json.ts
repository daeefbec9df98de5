import { EVENTS_BY_TYPE } from '../../lib/contract/catalog';
import type { SimEvent } from './sim-event';

const SCHEMA_VERSION = new Map([...EVENTS_BY_TYPE].map(([type, def]) => [type, def.schemaVersion]));

/**
 * The envelope of the design, fields in the contract's order. The id is the source and
 * seq: unique per event, and the same on every resend.
 */
export function envelopeJson(source: string, seq: number, e: SimEvent): string {
  const envelope: Record<string, unknown> = {
    id: `${source}-${seq}`,
    type: e.type,
    schemaVersion: SCHEMA_VERSION.get(e.type) ?? 1,
    source,
    seq,
    occurredAt: new Date(e.t).toISOString(),
  };
  if (e.storeId !== undefined) envelope.storeId = e.storeId;
  if (e.tillId !== undefined) envelope.tillId = e.tillId;
  if (e.cashierId !== undefined) envelope.cashierId = e.cashierId;
  if (e.receiptId !== undefined) envelope.receiptId = e.receiptId;
  envelope.payload = e.payload;
  return JSON.stringify(envelope);
}
