import { describe, expect, it } from 'vitest';
import { bodyFormatOf, declaredTooLarge, readBodyLimited } from './read-body';

/** A body that streams `chunks` chunks of `size` bytes and counts how many were pulled. */
function chunked(chunks: number, size: number) {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled === chunks) return c.close();
      pulled++;
      c.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

describe('bodyFormatOf', () => {
  it('knows JSON and NDJSON, with or without a UTF-8 charset, in any case', () => {
    expect(bodyFormatOf('application/json')).toBe('json');
    expect(bodyFormatOf('Application/JSON; charset=UTF-8')).toBe('json');
    expect(bodyFormatOf('application/x-ndjson')).toBe('ndjson');
    expect(bodyFormatOf('application/x-ndjson;charset=utf-8')).toBe('ndjson');
  });

  it('refuses everything else (415)', () => {
    for (const ct of [null, '', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/jsonx', 'json']) {
      expect(bodyFormatOf(ct), String(ct)).toBeNull();
    }
  });
});

describe('declaredTooLarge', () => {
  it('trusts a Content-Length only to refuse early', () => {
    expect(declaredTooLarge('1048577', 1048576)).toBe(true);
    expect(declaredTooLarge('1048576', 1048576)).toBe(false);
    expect(declaredTooLarge(null, 10)).toBe(false);
    expect(declaredTooLarge('abc', 10)).toBe(false);
  });
});

describe('readBodyLimited', () => {
  it('reads a body of exactly the limit', async () => {
    const b = chunked(16, 64 * 1024);
    const r = await readBodyLimited(b.stream, 1024 * 1024);
    expect(r.ok && r.bytes.length).toBe(1024 * 1024);
  });

  it('stops one byte past the limit, whatever the body claims, and keeps nothing more', async () => {
    const b = chunked(1000, 64 * 1024); // 64 MB on offer
    const r = await readBodyLimited(b.stream, 1024 * 1024, 2 * 1024 * 1024);
    expect(r).toEqual({ ok: false, problem: 'too_large', bytesRead: 17 * 64 * 1024 });
    // The rest is drained up to 2 MB more, then the body is cancelled: far from the 64 MB offered.
    await new Promise((res) => setTimeout(res, 50));
    expect(b.cancelled()).toBe(true);
    expect(b.pulled()).toBeLessThan(17 + 34 + 4);
  });

  it('a body that ends during the drain is not cancelled', async () => {
    const b = chunked(20, 64 * 1024);
    const r = await readBodyLimited(b.stream, 1024 * 1024);
    expect(r.ok).toBe(false);
    await new Promise((res) => setTimeout(res, 50));
    expect(b.pulled()).toBe(20);
    expect(b.cancelled()).toBe(false);
  });

  it('no body is an empty body', async () => {
    const r = await readBodyLimited(null, 10);
    expect(r.ok && r.bytes.length).toBe(0);
  });

  it('a body that breaks off is "aborted", not an exception', async () => {
    let n = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (n++ === 2) c.error(new Error('socket hang up'));
        else c.enqueue(new Uint8Array(10));
      },
    });
    expect(await readBodyLimited(stream, 1000)).toEqual({ ok: false, problem: 'aborted', bytesRead: 20 });
  });
});
