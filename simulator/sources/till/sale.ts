import { promotionDiscounts } from '../../../lib/promotions/promotion-discount';
import type { SimEvent } from '../../core/sim-event';
import type { HqPromotion } from '../../promotions/hq-promotions';
import type { PromotionReceiptEffect } from '../../truth/promotion-truth';
import type { TillContext } from './till-context';

interface Line {
  lineId: number;
  skuIndex: number;
  qty: number;
  price: number;
  voided: boolean;
  /** The authored promotion that claims the line (the first running one that covers its SKU). */
  promo?: HqPromotion;
  /** The quantity the shopper would have taken without the promotion's lift. */
  baseQty: number;
}

const NO_PROMOTIONS: HqPromotion[] = [];

const VOID_REASONS = ['customer left', 'card declined, no other means', 'wrong customer', 'customer changed mind'];
const OVERRIDE_REASONS = ['shelf price differs', 'damaged packaging', 'price match', 'short date'];
const MAX_LINES = 60;

/**
 * One customer's receipt at a till, event by event: scans (with the odd keyed entry,
 * marked-goods scans, line voids, price overrides, self-checkout assistance and age
 * checks), then promotions, coupons, loyalty and employee discounts, the payment mix
 * (declines, split tender, cash with change) and the close; or, now and then, a receipt
 * cancelled before payment. The totals it closes with are exactly its lines less voided
 * lines and discounts, and the payments add up to the total.
 */
export function* sale(c: TillContext): Generator<SimEvent> {
  const { rng, world, store, till } = c;
  const b = c.behaviour;
  const sco = till.selfCheckout;
  c.newReceiptId();
  yield c.ev('pos.receipt.opened', {}, { receipt: true });
  // A receipt applies the authored promotions running in the store when it opens, as known then:
  // this runs once the opening is emitted, so what the feed brought up to that minute counts.
  const hq = world.hq;
  const authored = hq ? hq.promotions.activeAt(store, c.now) : NO_PROMOTIONS;
  const leftOut = new Map<HqPromotion, number>();

  // Loyalty ids are pseudonymous card numbers from a pool of regular customers.
  const loyaltyId = rng.chance(0.45) ? `LC${String(rng.int(1, 80_000)).padStart(6, '0')}` : undefined;
  if (loyaltyId) {
    c.wait(rng.int(2, 6));
    yield c.ev('pos.loyalty.identified', { loyaltyId }, { receipt: true });
  }

  const lines: Line[] = [];
  const target = Math.min(MAX_LINES, rng.geometric(store.format.basketLines));
  for (let n = 0; n < target; n++) {
    let skuIndex = -1;
    for (let attempt = 0; attempt < 6 && skuIndex < 0; attempt++) {
      const i = world.chain.demand.draw(rng);
      if (world.available(store.id, i) > 0) skuIndex = i;
    }
    if (skuIndex < 0) continue;
    const sku = world.chain.skus[skuIndex]!;
    const claim = authored.length > 0 ? authored.find((p) => p.covers[skuIndex] === 1) : undefined;
    if (hq && authored.length > 0 && !claim) {
      const taker = hq.response.leavesOut(store.id, authored, sku.category);
      if (taker) {
        leftOut.set(taker, (leftOut.get(taker) ?? 0) + 1);
        continue;
      }
    }
    const promo = world.promotions.for(skuIndex, store.id, c.now);
    let qty = 1;
    if (promo?.kind === 'multi_buy' && rng.chance(0.5)) qty = promo.value + 1;
    else if (sku.multiBuy && rng.chance(0.22)) qty = rng.int(2, 4);
    qty = Math.min(qty, world.available(store.id, skuIndex));
    const baseQty = qty;
    if (hq && claim) qty += hq.response.extraUnits(store.id, claim, baseQty, world.available(store.id, skuIndex) - baseQty);
    const keyed = rng.chance(sku.category === 'Fruit & Vegetables' ? 0.12 : 0.02);
    c.wait(sco ? rng.int(4, 9) : keyed ? rng.int(6, 12) : rng.int(2, 5));
    const line: Line = { lineId: lines.length + 1, skuIndex, qty, price: sku.price, voided: false, promo: claim, baseQty };
    lines.push(line);
    world.takeFromShelf(store.id, skuIndex, qty);
    yield c.ev('pos.item.added', { lineId: line.lineId, sku: sku.sku, qty, unitPrice: sku.price, entry: keyed ? 'keyed' : 'scanned' }, { receipt: true });

    if (sku.marked) {
      c.wait(2);
      yield c.ev('pos.item.marked.scanned', { lineId: line.lineId, markCode: `${sku.sku}:${rng.hex(16)}` }, { receipt: true });
    }
    if (sco && sku.ageRestricted) {
      const assistant = rng.pick(store.supervisors);
      c.wait(1);
      yield c.ev('pos.sco.assist.requested', { reason: 'age_check', receiptId: c.receiptId }, { cashier: false });
      c.wait(rng.int(20, 90));
      const approved = rng.chance(0.96);
      yield c.ev('pos.sco.age.verified', { sku: sku.sku, approved, assistantId: assistant }, { receipt: true });
      if (!approved) {
        yield* voidLine(c, line);
        continue;
      }
    } else if (sco && rng.chance(0.04)) {
      c.wait(1);
      yield c.ev('pos.sco.assist.requested', { reason: rng.pick(['weight_mismatch', 'weight_mismatch', 'unknown_item', 'other']), receiptId: c.receiptId }, { cashier: false });
      const waitSeconds = rng.int(15, 120);
      c.wait(waitSeconds);
      yield c.ev('pos.sco.assist.resolved', { assistantId: rng.pick(store.supervisors), waitSeconds }, { cashier: false });
    }
    if (!sco && rng.chance(b.overridePerLine)) {
      const supervised = !rng.chance(b.overrideUnsupervised);
      const supervisorId = supervised ? rng.pick(store.supervisors) : undefined;
      if (supervisorId) {
        c.wait(rng.int(10, 40));
        yield c.ev('pos.cashier.elevated', { supervisorId, action: 'price override' });
      }
      const newPrice = Math.floor((line.price * rng.int(30, 90)) / 100);
      c.wait(rng.int(5, 15));
      yield c.ev(
        'pos.price.overridden',
        { lineId: line.lineId, oldPrice: line.price, newPrice, reason: rng.pick(OVERRIDE_REASONS), ...(supervisorId ? { supervisorId } : {}) },
        { receipt: true, fx: c.exception('priceOverrides') },
      );
      line.price = newPrice;
    }
    if (rng.chance(sco ? 0.01 : b.lineVoidPerLine)) yield* voidLine(c, line);
    // The customer forgot something: the receipt is parked while they fetch it.
    if (!sco && n === 2 && rng.chance(0.01)) {
      const open = lines.filter((l) => !l.voided);
      c.wait(rng.int(3, 10));
      yield c.ev('pos.receipt.suspended', { lines: open.length, subtotal: open.reduce((s, l) => s + l.qty * l.price, 0) }, { receipt: true });
      const suspendedSeconds = rng.int(60, 300);
      c.wait(suspendedSeconds);
      yield c.ev('pos.receipt.resumed', { suspendedSeconds }, { receipt: true });
    }
  }
  // Now and then something leaves the store unpaid: the shelf is short, the book does not know.
  if (rng.chance(0.02)) {
    const i = world.chain.demand.draw(rng);
    if (world.available(store.id, i) > 0) world.takeFromShelf(store.id, i, 1);
  }

  const kept = lines.filter((l) => !l.voided);
  if (kept.length === 0 || rng.chance(b.receiptVoid)) {
    c.wait(rng.int(10, 40));
    for (const l of kept) world.putOnShelf(store.id, l.skuIndex, l.qty);
    yield c.ev('pos.receipt.voided', { reason: rng.pick(VOID_REASONS) }, { receipt: true, fx: c.exception('receiptVoids') });
    return;
  }

  // Discounts: promotions (authored ones first, on the lines they claim; the calendar's per
  // line on the others), then coupon, loyalty, employee and manual ones.
  let subtotal = kept.reduce((s, l) => s + l.qty * l.price, 0);
  let discounts = 0;
  const effects: PromotionReceiptEffect[] = [];
  for (const p of authored) {
    const mine = kept.filter((l) => l.promo === p);
    const dropped = leftOut.get(p) ?? 0;
    if (mine.length === 0 && dropped === 0) continue;
    const basket = mine.map((l) => ({ lineId: l.lineId, sku: world.chain.skus[l.skuIndex]!.sku, qty: l.qty, unitPrice: l.price }));
    let given = 0;
    for (const d of promotionDiscounts(p.def, basket, () => true)) {
      given += d.amount;
      discounts += d.amount;
      yield c.ev('pos.discount.applied', { kind: 'promotion', amount: d.amount, lineId: d.lineId, promotionId: p.def.promotionId }, { receipt: true });
    }
    const gross = mine.reduce((s, l) => s + l.qty * l.price, 0);
    effects.push({
      promotionId: p.def.promotionId,
      units: mine.reduce((s, l) => s + l.qty, 0),
      counterfactualUnits: mine.reduce((s, l) => s + l.baseQty, 0),
      gross,
      net: gross - given,
      discount: given,
      receipts: mine.length > 0 ? 1 : 0,
      cannibalisedLines: dropped,
    });
  }
  for (const l of kept) {
    if (l.promo) continue;
    const promo = world.promotions.for(l.skuIndex, store.id, c.now);
    if (!promo) continue;
    const amount =
      promo.kind === 'percent_off' ? Math.round((l.qty * l.price * promo.value) / 100) : Math.floor(l.qty / (promo.value + 1)) * l.price;
    if (amount <= 0) continue;
    discounts += amount;
    yield c.ev('pos.discount.applied', { kind: 'promotion', amount, lineId: l.lineId, promotionId: promo.promotionId }, { receipt: true });
  }
  const room = () => subtotal - discounts;
  if (rng.chance(0.05)) {
    const couponCode = `CPN${rng.hex(8).toUpperCase()}`;
    c.wait(rng.int(3, 8));
    if (rng.chance(0.2)) {
      yield c.ev('pos.coupon.rejected', { couponCode, reason: rng.pick(['expired', 'not_applicable', 'already_used', 'unknown'] as const) }, { receipt: true });
    } else {
      const amount = Math.min(rng.pick([100, 200, 300, 500]), Math.floor(room() / 2));
      if (amount > 0) {
        yield c.ev('pos.coupon.redeemed', { couponCode }, { receipt: true });
        discounts += amount;
        yield c.ev('pos.discount.applied', { kind: 'coupon', amount }, { receipt: true });
      }
    }
  }
  let redeemed = 0;
  if (loyaltyId && rng.chance(0.08)) {
    const amount = Math.min(rng.pick([100, 250, 500]), Math.floor(room() / 2));
    if (amount > 0) {
      redeemed = amount * 10;
      discounts += amount;
      yield c.ev('pos.discount.applied', { kind: 'loyalty', amount }, { receipt: true });
    }
  }
  if (!sco && rng.chance(b.employeeDiscount)) {
    const amount = Math.floor(room() / 10);
    if (amount > 0) {
      c.wait(rng.int(3, 10));
      discounts += amount;
      yield c.ev('pos.discount.applied', { kind: 'employee', amount }, { receipt: true, fx: c.exception('employeeDiscounts') });
    }
  }
  if (!sco && rng.chance(0.002)) {
    const amount = Math.min(rng.int(20, 300), Math.floor(room() / 4));
    if (amount > 0) {
      discounts += amount;
      yield c.ev('pos.discount.applied', { kind: 'manual', amount }, { receipt: true });
    }
  }
  subtotal = kept.reduce((s, l) => s + l.qty * l.price, 0);
  const total = subtotal - discounts;
  const items = kept.reduce((s, l) => s + l.qty, 0);

  // Payment.
  c.wait(rng.int(8, 25));
  const cash = yield* pay(c, total);
  if (loyaltyId) {
    yield c.ev('pos.loyalty.points', { loyaltyId, earned: Math.floor(total / 100), redeemed }, { receipt: true });
  }
  c.wait(rng.int(1, 4));
  const receiptId = c.receiptId!;
  const storeId = store.id;
  const t = c.now;
  c.shiftReceipts += 1;
  c.shiftTakings += total;
  yield c.ev(
    'pos.receipt.closed',
    { total, items, lines: kept.length },
    {
      receipt: true,
      fx: () => {
        c.truth.sale(storeId, t, total, items);
        for (const l of kept) c.truth.moveStock(storeId, l.skuIndex, -l.qty);
        for (const e of effects) c.truth.promotion(storeId, t, e, 1);
      },
    },
  );
  world.recent.get(store.id)!.add({ receiptId, t, lines: kept.map((l) => ({ skuIndex: l.skuIndex, qty: l.qty, unitPrice: l.price })), paidCash: cash > 0 });
  if (!sco && rng.chance(b.postVoid)) yield* postVoid(c, receiptId, total, items, kept, cash, effects);
}

function* voidLine(c: TillContext, line: Line): Generator<SimEvent> {
  c.wait(c.rng.int(3, 12));
  line.voided = true;
  c.world.putOnShelf(c.store.id, line.skuIndex, line.qty);
  yield c.ev('pos.item.voided', { lineId: line.lineId }, { receipt: true, fx: c.exception('lineVoids') });
}

/** Takes payment for `total`; returns the part paid in cash. */
function* pay(c: TillContext, total: number): Generator<SimEvent, number> {
  const { rng } = c;
  if (total === 0) return 0;
  const sco = c.till.selfCheckout;
  let remaining = total;
  let cash = 0;
  if (rng.chance(0.04) && total > 1000) {
    const method = rng.chance(0.5) ? 'voucher' : 'gift';
    const amount = Math.min(remaining, rng.pick([500, 1000, 2000]));
    remaining -= amount;
    yield c.ev('pos.payment.captured', { method, amount }, { receipt: true });
    c.wait(rng.int(5, 15));
  }
  if (remaining === 0) return 0;
  const cashShare = sco ? 0 : total < 1500 ? 0.45 : 0.18;
  let method: 'cash' | 'card' = rng.chance(cashShare) ? 'cash' : 'card';
  if (method === 'card' && rng.chance(0.015)) {
    yield c.ev('pos.payment.declined', { method: 'card', amount: remaining, reason: rng.pick(['insufficient funds', 'card expired', 'pin incorrect']) }, { receipt: true });
    c.wait(rng.int(10, 30));
    if (!sco && rng.chance(0.5)) method = 'cash';
  }
  yield c.ev('pos.payment.captured', { method, amount: remaining }, { receipt: true });
  if (method === 'cash') {
    cash = remaining;
    c.expectedCash += cash;
    const tendered = [500, 1000, 2000, 5000, 10000].find((n) => n >= remaining) ?? Math.ceil(remaining / 1000) * 1000;
    c.wait(rng.int(3, 8));
    yield c.ev('pos.drawer.opened', { reason: 'sale' });
    if (tendered > remaining) yield c.ev('pos.change.given', { amount: tendered - remaining }, { receipt: true });
    const open = rng.int(4, 15);
    c.wait(open);
    yield c.ev('pos.drawer.closed', { openSeconds: open });
  } else {
    c.wait(rng.int(6, 20));
  }
  return cash;
}

/** A closed receipt reversed a little later at the same till, with a supervisor's key. */
function* postVoid(c: TillContext, receiptId: string, total: number, items: number, kept: Line[], cash: number, effects: PromotionReceiptEffect[]): Generator<SimEvent> {
  const { rng, store } = c;
  const supervisorId = rng.pick(store.supervisors);
  c.wait(rng.int(20, 180));
  yield c.ev('pos.cashier.elevated', { supervisorId, action: 'post-void' });
  c.wait(rng.int(5, 20));
  const storeId = store.id;
  const t = c.now;
  // A fraudulent post-void reverses a sale whose customer left with the goods: the shelf stays short.
  if (!c.profile) for (const l of kept) c.world.putOnShelf(storeId, l.skuIndex, l.qty);
  c.expectedCash -= cash;
  c.receiptId = receiptId;
  const exception = c.exception('postVoids');
  yield c.ev(
    'pos.receipt.postvoided',
    { total, items, reason: rng.pick(['customer complaint', 'wrong items rung up', 'duplicate transaction']), supervisorId },
    {
      receipt: true,
      fx: () => {
        c.truth.postVoid(storeId, t, total, items);
        for (const l of kept) c.truth.moveStock(storeId, l.skuIndex, l.qty);
        for (const e of effects) c.truth.promotion(storeId, t, e, -1);
        exception();
      },
    },
  );
  if (cash > 0) {
    yield c.ev('pos.drawer.opened', { reason: 'sale' });
    c.wait(rng.int(3, 8));
  }
}
