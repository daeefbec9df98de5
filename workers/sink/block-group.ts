/**
 * Group commit for the sink: the batches of several partitions handled at the same time
 * go to ClickHouse as one insert.
 *
 * Why: an insert into `events` with its materialized views costs ClickHouse ~20–50 ms of
 * CPU whatever its size, then ~10 CPU-s per million rows (bench/results/README.md, "Sink
 * inserts"). One insert per partition batch (12 partitions, ~1,000 rows each at 10k
 * events/s) spent most of the sink's CPU on that fixed cost; one insert per fetch does not.
 *
 * Each handled batch takes a ticket when it starts. A batch with rows submits them and
 * waits; a group is flushed as soon as no other ticket is still preparing its rows (every
 * batch of the fetch is in), or when it holds `maxRows`, or `maxWaitMs` after its first
 * part (a batch stuck on a slow dependency holds nobody up for long). Every part of a
 * group settles with the flush: all succeed or all fail with the same error, and the
 * harness retries each failed batch, which finds the group's plan in Redis and completes it.
 */
export interface GroupTicket<P> {
  /** Adds this batch's part to the next group; resolves once that group is flushed. */
  submit: (part: P, rows: number) => Promise<void>;
  /** This batch is finished without a part (or failed before submitting). Idempotent. */
  leave: () => void;
}

export interface BlockGroupsOptions<P> {
  /** Writes one group durably; a throw fails every part of it. */
  flush: (parts: P[]) => Promise<void>;
  maxRows: number;
  maxWaitMs: number;
}

export interface BlockGroups<P> {
  enter: () => GroupTicket<P>;
}

interface Waiting<P> {
  part: P;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export function createBlockGroups<P>(opts: BlockGroupsOptions<P>): BlockGroups<P> {
  /** Tickets that have neither submitted nor left: the group waits for them. */
  let preparing = 0;
  let waiting: Waiting<P>[] = [];
  let rows = 0;
  let timer: NodeJS.Timeout | undefined;

  function flushNow(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const group = waiting;
    waiting = [];
    rows = 0;
    if (group.length === 0) return;
    opts.flush(group.map((w) => w.part)).then(
      () => group.forEach((w) => w.resolve()),
      (err: unknown) => group.forEach((w) => w.reject(err)),
    );
  }

  function check(): void {
    if (waiting.length === 0) return;
    if (preparing === 0 || rows >= opts.maxRows) flushNow();
    else timer ??= setTimeout(flushNow, opts.maxWaitMs);
  }

  return {
    enter: () => {
      preparing += 1;
      let open = true;
      const close = () => {
        if (!open) return false;
        open = false;
        preparing -= 1;
        return true;
      };
      return {
        submit: (part, n) => {
          if (!close()) return Promise.reject(new Error('a group ticket submits once'));
          const settled = new Promise<void>((resolve, reject) => waiting.push({ part, resolve, reject }));
          rows += n;
          check();
          return settled;
        },
        leave: () => {
          if (close()) check();
        },
      };
    },
  };
}
