import type { EventType } from '../../lib/contract/catalog';

/**
 * An event as a simulated source produces it: its time and content, before the
 * envelope (id, source, seq) is put on at emission. `fx` records what the event does to
 * the ground truth; it runs when the event is emitted, so the truth holds exactly the
 * events that were emitted, in emission order.
 */
export interface SimEvent {
  t: number;
  type: EventType;
  storeId?: string;
  tillId?: string;
  cashierId?: string;
  receiptId?: string;
  payload: Record<string, unknown>;
  fx?: () => void;
}

/** A producer of the chain: a till, the web shop, the warehouse, HQ. Its events come in time order. */
export interface SimSource {
  /** The envelope's `source`: one seq line per source. */
  id: string;
  /** The store it belongs to, for faults that take a whole store offline. */
  storeId?: string;
  events: Iterator<SimEvent, void>;
  /**
   * Only for a source fed from outside while the run goes (the warehouse's order desk, HQ's
   * promotions): the stream calls it every `takeInEveryMs` of simulated time `t` from its
   * start, before it emits anything later, and the source takes in what has arrived,
   * planning events at `t` or later. True when it has new events: the stream then pulls
   * `events` again, even after it reported done (a fed source's iterator may run dry and resume).
   */
  takeIn?: (t: number) => boolean;
  /** How often `takeIn` is called: a whole number of seconds that divides a minute (default a minute). */
  takeInEveryMs?: number;
}

/** An event with its envelope, ready to send. */
export interface Emitted {
  source: string;
  seq: number;
  t: number;
  type: EventType;
  storeId?: string;
  topic: string;
  key: string;
  /** The event as JSON: the exact bytes a producer sends. */
  json: string;
}
