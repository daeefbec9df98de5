import { z } from 'zod';

/**
 * The derived events of the inventory (design: topics `alerts` and `replenishment.orders`,
 * keyed by subject `<locationId>:<sku>`), and what the read API shows of them. The alert
 * follows the one alert model issue 10 builds on: kind, severity, subject, evidence, state.
 */
const subject = z.object({ locationId: z.string(), sku: z.string() });
/** The stock of the pair when the alert or order was raised. */
const evidence = z.object({ onHand: z.int(), reserved: z.int(), available: z.int(), incoming: z.int(), reorderPoint: z.int() });

export const stockAlertSchema = z.object({
  id: z.string(),
  kind: z.literal('low_stock'),
  /** critical: nothing left to promise; warning: below the reorder point. */
  severity: z.enum(['warning', 'critical']),
  subject,
  evidence,
  state: z.enum(['open', 'resolved']),
  /** Epoch ms (event time of the movement that crossed the reorder point, or recovered). */
  openedAt: z.number().int(),
  resolvedAt: z.number().int().optional(),
});
export type StockAlert = z.infer<typeof stockAlertSchema>;

export const replenishmentOrderSchema = z.object({
  id: z.string(),
  locationId: z.string(),
  sku: z.string(),
  /** Units ordered: up to the target level, counting what is already incoming. */
  qty: z.int().min(1),
  targetLevel: z.int(),
  evidence,
  /** The low_stock alert that raised it. */
  alertId: z.string(),
  /** received: every unit arrived; expired: not all arrived within REPLENISHMENT_EXPIRES_MS (the rest is no longer incoming). */
  state: z.enum(['open', 'received', 'expired']),
  createdAt: z.number().int(),
  receivedAt: z.number().int().optional(),
  expiredAt: z.number().int().optional(),
});
export type ReplenishmentOrder = z.infer<typeof replenishmentOrderSchema>;

/** An order not fully delivered this long after it was raised (event time) is closed short, so that the SKU can be ordered again. */
export const REPLENISHMENT_EXPIRES_MS = 24 * 3_600_000;

/** Kafka key of both topics: the subject. */
export const subjectKey = (locationId: string, sku: string) => `${locationId}:${sku}`;
