import { z } from 'zod';

/** Building blocks of the wire contract. Money is integer minor units; quantities integer units. */
export const id = (max = 64) => z.string().min(1).max(max).regex(/^[A-Za-z0-9._:@/-]+$/, 'only letters, digits and . _ : @ / -');
export const money = () => z.int().min(-1_000_000_000).max(1_000_000_000).describe('integer minor units (cents)');
export const nonNegativeMoney = () => z.int().min(0).max(1_000_000_000).describe('integer minor units (cents), ≥ 0');
export const quantity = () => z.int().min(1).max(100_000).describe('integer units, ≥ 1');
export const signedQuantity = () => z.int().min(-1_000_000).max(1_000_000).describe('integer units, may be negative');
export const text = (max = 200) => z.string().min(1).max(max);
export const lineId = () => z.int().min(1).max(10_000).describe('line number within the receipt');
export const sku = () => id(64).describe('stock keeping unit');
export const utcTimestamp = () =>
  z.iso.datetime({ precision: undefined }).describe('ISO 8601 UTC with a Z, e.g. 2026-11-21T10:15:03.123Z');
/** A wall-clock time without a zone, 'YYYY-MM-DDTHH:mm' (each store reads it in its own timezone). */
export const localDateTime = () =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/, 'a local date and time such as 2026-11-23T08:00')
    .refine((v) => !Number.isNaN(Date.parse(`${v}:00Z`)) && new Date(`${v}:00Z`).toISOString().startsWith(v), 'not a calendar date');
export const paymentMethod = () => z.enum(['cash', 'card', 'gift', 'voucher']);
