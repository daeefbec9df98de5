import type { SimEvent } from '../../core/sim-event';
import type { TillContext } from './till-context';

/**
 * A customer brings goods back. With the receipt, some lines of a recent receipt of the
 * store are refunded the way they were paid; without it, at list price in cash or store
 * credit. Refunded goods go back on the shelf and into the book stock.
 */
export function* refund(c: TillContext): Generator<SimEvent> {
  const { rng, world, store } = c;
  const withReceipt = !rng.chance(c.behaviour.refundWithoutReceipt);
  const original = withReceipt ? world.recent.get(store.id)!.take(rng.next()) : undefined;
  let lines: { skuIndex: number; qty: number; unitPrice: number }[];
  let method: string;
  if (original) {
    const picked = rng.shuffled(original.lines).slice(0, rng.int(1, Math.min(2, original.lines.length)));
    lines = picked.map((l) => ({ skuIndex: l.skuIndex, qty: rng.int(1, l.qty), unitPrice: l.unitPrice }));
    method = original.paidCash ? 'cash' : 'card';
  } else {
    const n = rng.int(1, 2);
    lines = Array.from({ length: n }, () => {
      const i = world.chain.demand.draw(rng);
      return { skuIndex: i, qty: 1, unitPrice: world.chain.skus[i]!.price };
    });
    // A refund fraudster pays themselves in cash; honest desks give store credit without a receipt.
    method = c.profile === 'refund_fraud' || rng.chance(0.3) ? 'cash' : 'gift';
  }
  const amount = lines.reduce((s, l) => s + l.qty * l.unitPrice, 0);
  c.newReceiptId();
  c.wait(rng.int(60, 240));
  if (!original && rng.chance(0.5)) {
    yield c.ev('pos.cashier.elevated', { supervisorId: rng.pick(store.supervisors), action: 'refund without receipt' });
    c.wait(rng.int(5, 30));
  }
  const storeId = store.id;
  const t = c.now;
  // A fake refund brings nothing back to the shelf; a real one does.
  const restocked = c.profile !== 'refund_fraud';
  if (restocked) for (const l of lines) world.putOnShelf(storeId, l.skuIndex, l.qty);
  if (method === 'cash') c.expectedCash -= amount;
  const exception = c.exception(original ? 'refundsWithReceipt' : 'refundsWithoutReceipt');
  yield c.ev(
    'pos.refund.issued',
    {
      amount,
      withReceipt: original !== undefined,
      ...(original ? { originalReceiptId: original.receiptId } : {}),
      method,
      lines: lines.map((l) => ({ sku: world.chain.skus[l.skuIndex]!.sku, qty: l.qty })),
    },
    {
      receipt: true,
      fx: () => {
        c.truth.refund(storeId, t, amount);
        for (const l of lines) c.truth.moveStock(storeId, l.skuIndex, l.qty);
        exception();
      },
    },
  );
  if (method === 'cash') {
    c.wait(rng.int(2, 6));
    yield c.ev('pos.drawer.opened', { reason: 'sale' });
  }
}
