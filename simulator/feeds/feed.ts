/**
 * Something that reaches the simulation from outside while it runs (replenishment orders,
 * HQ's promotions). The simulation pulls as its event time advances; what a poll returns is
 * taken in at `until`.
 */
export interface Feed<T> {
  /** What arrived since the last poll; `until` is the simulation's event time now. */
  poll(until: number): T[];
}

/** A feed that never brings anything. */
export function emptyFeed<T>(): Feed<T> {
  return { poll: () => [] };
}

/**
 * A feed of known items (tests, replays): each arrives when the simulation reaches its own
 * time (`timeOf`), so a run with one seed and one list is the same every time. Polls with an
 * earlier `until` than before return nothing new.
 */
export function timedListFeed<T>(items: readonly T[], timeOf: (item: T) => number): Feed<T> {
  const queue = [...items].sort((a, b) => timeOf(a) - timeOf(b));
  let next = 0;
  return {
    poll(until) {
      const first = next;
      while (next < queue.length && timeOf(queue[next]!) <= until) next++;
      return queue.slice(first, next);
    },
  };
}
