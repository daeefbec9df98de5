import type { DishonestProfile } from '../../chain/build-chain';

/**
 * How often a cashier does what loss prevention watches. Honest rates are those of a
 * busy grocery till; each planted profile raises the exceptions of its scheme, so the
 * cashier stands out against store peers.
 */
export interface Behaviour {
  lineVoidPerLine: number;
  overridePerLine: number;
  /** Overrides done without a supervisor's key. */
  overrideUnsupervised: number;
  employeeDiscount: number;
  receiptVoid: number;
  postVoid: number;
  noSalePerHour: number;
  /** Share of customers at this till who come for a refund. */
  refundShare: number;
  refundWithoutReceipt: number;
  /** Chance that a Z report's count differs from the expected cash. */
  countError: number;
  /** Takes cash at no-sale openings; it shows as a shortage at the Z report. */
  skims: boolean;
}

const HONEST: Behaviour = {
  lineVoidPerLine: 0.012,
  overridePerLine: 0.003,
  overrideUnsupervised: 0,
  employeeDiscount: 0.006,
  receiptVoid: 0.008,
  postVoid: 0.003,
  noSalePerHour: 0.08,
  refundShare: 0,
  refundWithoutReceipt: 0.25,
  countError: 0.08,
  skims: false,
};

const PROFILES: Record<DishonestProfile, Partial<Behaviour>> = {
  // Scans for friends and voids, discounts or overrides the lines afterwards.
  sweethearting: { lineVoidPerLine: 0.09, overridePerLine: 0.035, overrideUnsupervised: 0.6, employeeDiscount: 0.1, receiptVoid: 0.025 },
  // Refunds to nobody and post-voids paid receipts once the customer has gone.
  refund_fraud: { postVoid: 0.045, refundShare: 0.04, refundWithoutReceipt: 0.85 },
  // Opens the drawer without a sale and takes cash.
  cash_skimming: { noSalePerHour: 1.6, skims: true },
};

/** Refunds are served at the first till (the service desk) by honest cashiers. */
const SERVICE_DESK_REFUND_SHARE = 0.025;

export function behaviourOf(profile: DishonestProfile | undefined, serviceDesk: boolean): Behaviour {
  const b = { ...HONEST, ...(profile ? PROFILES[profile] : {}) };
  if (serviceDesk) b.refundShare = Math.max(b.refundShare, SERVICE_DESK_REFUND_SHARE);
  return b;
}
