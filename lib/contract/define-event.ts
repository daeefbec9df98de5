import type { z } from 'zod';
import type { TopicSpec } from '../topics';
import type { EnvelopeField } from './envelope';

export type EventCategory =
  | 'shift and access'
  | 'receipt'
  | 'payment'
  | 'returns and cash'
  | 'till and self-checkout'
  | 'web shop'
  | 'stock'
  | 'promotions'
  | 'master data';

export interface EventDefinition<T extends string = string, P extends z.ZodType = z.ZodType> {
  type: T;
  category: EventCategory;
  /** One sentence: what happened in the shop when this event is emitted. */
  description: string;
  topic: TopicSpec;
  /** Envelope fields this type must carry. */
  requires: readonly EnvelopeField[];
  /** True for the core events of the design's wire contract: their meaning is frozen per schemaVersion. */
  core: boolean;
  schemaVersion: number;
  payload: P;
}

export function defineEvent<const T extends string, P extends z.ZodType>(d: EventDefinition<T, P>): EventDefinition<T, P> {
  return d;
}

/** Envelope requirements shared by groups of till events. */
export const TILL: readonly EnvelopeField[] = ['storeId', 'tillId'];
export const CASHIER: readonly EnvelopeField[] = ['storeId', 'tillId', 'cashierId'];
export const RECEIPT: readonly EnvelopeField[] = ['storeId', 'tillId', 'cashierId', 'receiptId'];
export const STORE: readonly EnvelopeField[] = ['storeId'];
