import { EVENTS_BY_TYPE, type EventType } from './catalog';
import { EXAMPLE_PAYLOADS } from './examples';

/** A complete, valid example event of a type, with the envelope fields the type requires. */
export function exampleEvent(type: EventType, seq = 1): Record<string, unknown> {
  const def = EVENTS_BY_TYPE.get(type)!;
  const envelope: Record<string, unknown> = {
    id: `ex-${type}-${seq}`,
    type,
    schemaVersion: def.schemaVersion,
    source: def.requires.includes('tillId') ? 'S001-T03' : type.startsWith('ecom.') ? 'WEB' : 'HQ',
    seq,
    occurredAt: '2026-11-21T10:15:03.123Z',
  };
  const values = { storeId: 'S001', tillId: 'S001-T03', cashierId: 'C0042', receiptId: 'S001-T03-000918' };
  for (const f of def.requires) envelope[f] = values[f];
  return { ...envelope, payload: structuredClone(EXAMPLE_PAYLOADS[type]) };
}
