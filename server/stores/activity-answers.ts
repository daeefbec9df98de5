import { z } from 'zod';
import type { CashierActivity, StoreActivity, TillActivity } from '../../lib/stores/activity-answers';
import { instant, money, sourceStateSchema } from '../kpis/answer-schemas';

export type { CashierActivity, StoreActivity, TillActivity } from '../../lib/stores/activity-answers';

/**
 * The answer of GET /api/v1/stores/{storeId}/activity as zod schemas, from which the
 * OpenAPI document (activity-openapi.ts) is generated. The types the code builds and the
 * browser reads are in lib/stores/activity-answers.ts; the lines at the end stop compiling
 * when the two drift apart. Definitions: docs/kpis.md "Tills and cashiers on shift".
 */
export const tillActivitySchema = z.object({
  tillId: z.string(),
  inMasterData: z.boolean().describe('false: a till heard of in history that the store’s master data does not list (yet)'),
  status: z
    .enum(['online', 'lagging', 'offline'])
    .describe('as a store’s (docs/kpis.md "Freshness"), over the till’s sources: offline when nothing arrived for 5 min or ever; lagging when its newest event arrived over 30 s after it occurred'),
  lastEventAt: instant.nullable().describe('occurredAt of the newest event applied live (null: never heard from)'),
  lastArrivalAt: instant.nullable(),
  lagMs: z.int().nullable(),
  silentForMs: z.int().nullable().describe('since the last event arrived'),
  missing: z.int().describe('seqs missing over the till’s sources'),
  sources: z.array(sourceStateSchema).describe('the producers of the till’s events: the source named like the till, and any other history shows carrying its events'),
  lastEventType: z.string().nullable().describe('history: type of the till’s newest event since the start of yesterday (local)'),
  lastEventTypeAt: instant.nullable().describe('history: when it occurred'),
  cashierId: z.string().nullable().describe('the cashier signed in: a pos.cashier.login with no later logout, shift close or other login at the till'),
  signedInAt: instant.nullable(),
  shiftOpen: z.boolean().describe('a pos.shift.opened with no later pos.shift.closed at the till'),
  shift: z.object({ shiftId: z.string().nullable(), cashierId: z.string(), openedAt: instant }).nullable(),
});

export const cashierActivitySchema = z.object({
  cashierId: z.string(),
  tillId: z.string().nullable().describe('on shift: the till of the open shift (or sign-in); off shift: of the last one today'),
  shiftId: z.string().nullable(),
  shiftStart: instant.nullable().describe('the shift’s pos.shift.opened (or, without a shift, the pos.cashier.login); may be before today'),
  shiftEnd: instant.nullable().describe('null while on shift'),
  receipts: z.int().describe('today: closed − post-voided receipts of events carrying this cashierId'),
  items: z.int().describe('today: closed − post-voided items'),
  netSales: money('today: closed totals − refunds − post-voids'),
  grossSales: money('today: Σ closed totals'),
  refunds: money('today: Σ refund amounts'),
  postVoids: money('today: Σ post-voided totals'),
  minutesOnShift: z.number().describe('time on duty today (open shifts and sign-ins at the store’s tills, overlaps once, from local midnight to now), 2 decimals'),
  receiptsPerHour: z.number().nullable().describe('receipts / hours on duty today, 2 decimals; null under one minute on duty'),
  itemsPerMinute: z.number().nullable().describe('items / minutes on duty today, 2 decimals; null under one minute on duty'),
});

export const storeActivitySchema = z.object({
  storeId: z.string(),
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
  day: z.string().describe('the store’s local day (YYYY-MM-DD)'),
  from: instant.describe('its local midnight'),
  to: instant.describe('end of the figures’ window: the end of the current minute'),
  tills: z.array(tillActivitySchema).describe('the master data’s tills in its order, then any other till history names'),
  onShift: z.array(cashierActivitySchema).describe('cashiers with an open shift or signed in at a till now, by till'),
  offShift: z.array(cashierActivitySchema).describe('cashiers with a shift, sign-in, sale or refund today who are not on shift now, by cashierId'),
  asOf: instant.nullable().describe('the newest ingested_at of the history read: how fresh the history part is'),
  generatedAt: instant,
});

// Both ways: the schema describes exactly the type.
const _till = (x: z.infer<typeof tillActivitySchema>): TillActivity => x;
const _tillBack = (x: TillActivity): z.infer<typeof tillActivitySchema> => x;
const _cashier = (x: z.infer<typeof cashierActivitySchema>): CashierActivity => x;
const _cashierBack = (x: CashierActivity): z.infer<typeof cashierActivitySchema> => x;
const _store = (x: z.infer<typeof storeActivitySchema>): StoreActivity => x;
const _storeBack = (x: StoreActivity): z.infer<typeof storeActivitySchema> => x;
