import { z } from 'zod';
import { TOPICS } from '../../topics';
import { defineEvent } from '../define-event';
import { id, quantity, signedQuantity, sku, text } from '../fields';

const base = { category: 'stock', topic: TOPICS.warehouseEvents, core: true, schemaVersion: 1, requires: [] } as const;
const location = () => id(32).describe('a store id or a warehouse id');

export const stockEvents = [
  defineEvent({
    ...base,
    type: 'stock.received',
    description: 'A delivery is booked into a location.',
    payload: z.object({ locationId: location(), sku: sku(), qty: quantity() }),
  }),
  defineEvent({
    ...base,
    type: 'stock.transferred',
    description: 'Stock moves from one location to another.',
    payload: z.object({ fromLocationId: location(), toLocationId: location(), sku: sku(), qty: quantity() }),
  }),
  defineEvent({
    ...base,
    type: 'stock.adjusted',
    description: 'Stock is corrected by a delta (damage, theft, found goods).',
    payload: z.object({ locationId: location(), sku: sku(), delta: signedQuantity(), reason: text() }),
  }),
  defineEvent({
    ...base,
    type: 'stock.counted',
    description: 'A physical count sets the stock of a SKU at a location.',
    payload: z.object({ locationId: location(), sku: sku(), counted: z.int().min(0).max(10_000_000) }),
  }),
];
