import { z } from 'zod';
import { TOPICS } from '../../topics';
import { defineEvent } from '../define-event';
import { id, nonNegativeMoney, sku, text, utcTimestamp } from '../fields';

const masterdata = { category: 'master data', topic: TOPICS.hqMasterdata, core: true, schemaVersion: 1, requires: [] } as const;
const promotions = { category: 'promotions', topic: TOPICS.hqPromotions, core: false, schemaVersion: 1, requires: [] } as const;

export const hqEvents = [
  defineEvent({
    ...masterdata,
    type: 'store.upserted',
    description: 'A store is created or changed: its region, timezone, currency and tills.',
    payload: z.object({
      storeId: id(32),
      name: text(),
      region: text(64),
      timezone: z
        .string()
        .min(1)
        .max(64)
        .refine((tz) => isValidTimeZone(tz), 'not an IANA timezone (e.g. Europe/Rome)'),
      currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. EUR'),
      tills: z.array(id(32)).max(200),
    }),
  }),
  defineEvent({
    ...masterdata,
    type: 'sku.upserted',
    description: 'A product is created or changed: name, category and list price.',
    payload: z.object({ sku: sku(), name: text(), category: text(100), price: nonNegativeMoney() }),
  }),
  defineEvent({
    ...masterdata,
    type: 'stock.threshold.set',
    description: 'The reorder point (and target level) of a SKU at a location.',
    payload: z.object({
      locationId: id(32),
      sku: sku(),
      reorderPoint: z.int().min(0).max(10_000_000),
      targetLevel: z.int().min(0).max(10_000_000).optional(),
    }),
  }),
  defineEvent({
    ...promotions,
    type: 'promo.published',
    description: 'HQ publishes a promotion to stores; the tills apply it at checkout.',
    payload: z.object({
      promotionId: id(),
      name: text(),
      kind: z.enum(['percent_off', 'amount_off', 'multi_buy']),
      value: z.int().min(0).max(1_000_000).describe('percent, cents off, or the paid quantity of a multi-buy'),
      skus: z.array(sku()).min(1).max(5000),
      storeIds: z.array(id(32)).max(5000).describe('empty = every store'),
      startsAt: utcTimestamp(),
      endsAt: utcTimestamp(),
    }),
  }),
  defineEvent({
    ...promotions,
    type: 'promo.withdrawn',
    description: 'HQ ends a promotion before its end time.',
    payload: z.object({ promotionId: id(), reason: text() }),
  }),
];

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}
