/**
 * Reads `read` every `everyMs` until `ok` holds, and returns what it read; after `timeoutMs` it
 * throws, naming `what` and the last value read. With `retryErrors`, a read that throws (a
 * service not ready yet) counts as not yet, otherwise it fails at once.
 */
export async function eventually<T>(
  what: string,
  read: () => Promise<T> | T,
  ok: (v: T) => boolean,
  o: { timeoutMs?: number; everyMs?: number; retryErrors?: boolean } = {},
): Promise<T> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < until) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (err) {
      if (!o.retryErrors) throw err;
    }
    await new Promise((r) => setTimeout(r, o.everyMs ?? 200));
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
}
