import { z } from 'zod';
import { TOPICS } from '../../topics';
import { defineEvent } from '../define-event';
import { id, localDateTime, nonNegativeMoney, sku, text, utcTimestamp } from '../fields';

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
    description: 'HQ publishes a promotion to stores (or publishes it again, changed); the tills apply it at checkout.',
    payload: z
      .object({
        promotionId: id(),
        name: text(),
        kind: z.enum(['percent_off', 'amount_off', 'multi_buy', 'bundle']),
        value: z.int().min(0).max(1_000_000).describe('percent off (1-100); cents off each unit; the paid quantity of a multi-buy group; the price of a bundle (cents)'),
        buyQty: z.int().min(2).max(100).optional().describe('multi-buy: units in one group (3 for 2: buyQty 3, value 2); default value + 1'),
        skus: z.array(sku()).max(5000).describe('the promoted SKUs (a bundle: one of each makes the bundle); may be empty when category is given'),
        category: text(100).optional().describe('every SKU of this master-data category is promoted too'),
        storeIds: z.array(id(32)).max(5000).describe('empty = every store'),
        region: text(64).optional().describe('the region the stores were chosen by (storeIds lists them), for display'),
        startsAt: utcTimestamp().describe('the earliest start over its stores'),
        endsAt: utcTimestamp().describe('the latest end over its stores'),
        localStart: localDateTime().optional().describe('when given, each store runs it from this wall-clock time in its own timezone (and startsAt is the earliest of those)'),
        localEnd: localDateTime().optional().describe('with localStart: the wall-clock end in each store’s timezone'),
      })
      .superRefine((p, ctx) => {
        if (p.skus.length === 0 && p.category === undefined) ctx.addIssue({ code: 'custom', path: ['skus'], message: 'name the promoted SKUs, a category, or both' });
        if (Date.parse(p.endsAt) <= Date.parse(p.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
        if ((p.localStart === undefined) !== (p.localEnd === undefined)) ctx.addIssue({ code: 'custom', path: ['localEnd'], message: 'give localStart and localEnd together' });
        if (p.localStart !== undefined && p.localEnd !== undefined && p.localEnd <= p.localStart) ctx.addIssue({ code: 'custom', path: ['localEnd'], message: 'must be after localStart' });
        if (p.kind === 'percent_off' && (p.value < 1 || p.value > 100)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a percentage from 1 to 100' });
        if (p.kind === 'multi_buy' && (p.value < 1 || p.value >= (p.buyQty ?? p.value + 1))) ctx.addIssue({ code: 'custom', path: ['value'], message: 'the paid quantity: at least 1 and fewer than buyQty' });
        if (p.kind === 'bundle' && p.skus.length < 2) ctx.addIssue({ code: 'custom', path: ['skus'], message: 'a bundle names at least 2 SKUs' });
        if (p.kind !== 'multi_buy' && p.buyQty !== undefined) ctx.addIssue({ code: 'custom', path: ['buyQty'], message: 'only for a multi-buy' });
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
