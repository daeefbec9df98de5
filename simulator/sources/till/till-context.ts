import type { EventType } from '../../../lib/contract/catalog';
import type { DishonestProfile, Store, Till } from '../../chain/build-chain';
import type { SimEvent } from '../../core/sim-event';
import type { Rng } from '../../random/rng';
import type { ExceptionKind } from '../../truth/ground-truth';
import type { World } from '../../world/world';
import type { Behaviour } from './behaviour';

/** The state of one till while it generates its timeline: who is on it, its clock, its drawer. */
export class TillContext {
  /** The till's clock: the time of the next event it emits. */
  now = 0;
  cashierId = '';
  profile: DishonestProfile | undefined;
  behaviour!: Behaviour;
  receiptNo = 0;
  receiptId: string | undefined;
  /** Cash the till expects in the drawer this shift, and what a skimmer has taken. */
  expectedCash = 0;
  skimmed = 0;
  shiftReceipts = 0;
  shiftTakings = 0;
  bootedAt = 0;

  constructor(
    readonly world: World,
    readonly store: Store,
    readonly till: Till,
    readonly rng: Rng,
  ) {}

  get truth() {
    return this.world.truth;
  }

  /** Advances the till's clock by a number of seconds (fractional allowed). */
  wait(seconds: number): void {
    this.now += Math.max(1, Math.round(seconds * 1000));
  }

  newReceiptId(): string {
    this.receiptNo += 1;
    this.receiptId = `${this.till.id}-${String(this.receiptNo).padStart(6, '0')}`;
    return this.receiptId;
  }

  /** An event of this till at its clock, carrying the envelope fields of a till event. */
  ev(type: EventType, payload: Record<string, unknown>, opts: { receipt?: boolean; cashier?: boolean; fx?: () => void } = {}): SimEvent {
    return {
      t: this.now,
      type,
      storeId: this.store.id,
      tillId: this.till.id,
      cashierId: opts.cashier === false ? undefined : this.cashierId,
      receiptId: opts.receipt ? this.receiptId : undefined,
      payload,
      fx: opts.fx,
    };
  }

  /** A ground-truth effect that counts one exception for the cashier on the till now. */
  exception(kind: ExceptionKind, amount = 0): () => void {
    const cashier = this.cashierId;
    const store = this.store.id;
    return () => this.truth.exception(cashier, store, kind, amount);
  }
}
