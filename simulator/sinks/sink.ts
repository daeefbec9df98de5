import type { Delivery } from '../faults/fault-injector';

/** Where the simulator's deliveries go: Kafka (through the tills' journals) or an NDJSON file. */
export interface Sink {
  /** Takes one batch; resolves when it is durable on the sink's side (journaled, or written). */
  write(batch: Delivery[]): Promise<void>;
  /** Deliveries accepted but not yet sent on (the journals' backlog); 0 for a file. */
  backlog(): number;
  close(): Promise<void>;
}
