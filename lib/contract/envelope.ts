import { z } from 'zod';
import { id, utcTimestamp } from './fields';

/** Producer clocks may run ahead a little; events further in the future are rejected by the validator. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * The envelope every event carries (design: "Event envelope"). `source` + `seq` identify
 * an event for deduplication and gap detection; a resend carries the same `id` and `seq`.
 */
export const envelopeSchema = z
  .object({
    id: id(64).describe('unique per event, producer-generated'),
    type: z.string().min(1).max(64).describe('event type, e.g. pos.item.added'),
    schemaVersion: z.int().min(1).max(1000).describe('version of the payload schema of this type'),
    source: id(64).describe('the producer: a till id, a web shop id, a warehouse id, an HQ system'),
    seq: z.int().min(1).max(Number.MAX_SAFE_INTEGER).describe('increases by one per event of a source, from 1'),
    occurredAt: utcTimestamp(),
    storeId: id(32).optional().describe('on every event that belongs to a store'),
    tillId: id(32).optional().describe('on till events'),
    cashierId: id(32).optional().describe('on till events done by a cashier'),
    receiptId: id(64).optional().describe('on till events of a receipt'),
    payload: z.record(z.string(), z.unknown()).describe('the type-specific content'),
  })
  .strict();

export type Envelope = z.infer<typeof envelopeSchema>;

/** Envelope fields an event type requires besides the always-required ones. */
export type EnvelopeField = 'storeId' | 'tillId' | 'cashierId' | 'receiptId';
