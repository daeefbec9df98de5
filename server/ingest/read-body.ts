import { JSON_CONTENT_TYPE, NDJSON_CONTENT_TYPE } from './limits';

export type BodyFormat = 'json' | 'ndjson';

/**
 * `application/json` (a JSON array of events) or `application/x-ndjson` (one event per
 * line); a charset parameter, if any, must be UTF-8. Anything else is null (415).
 */
export function bodyFormatOf(contentType: string | null): BodyFormat | null {
  if (!contentType) return null;
  const [mime = '', ...params] = contentType.split(';').map((s) => s.trim().toLowerCase());
  for (const p of params) {
    const [name, value = ''] = p.split('=').map((s) => s.trim());
    if (name === 'charset' && !['utf-8', 'utf8', '"utf-8"'].includes(value)) return null;
  }
  if (mime === JSON_CONTENT_TYPE) return 'json';
  if (mime === NDJSON_CONTENT_TYPE) return 'ndjson';
  return null;
}

/** True when a Content-Length header already says the body is too large. */
export function declaredTooLarge(contentLength: string | null, maxBytes: number): boolean {
  if (contentLength === null || !/^\d+$/.test(contentLength.trim())) return false;
  return Number(contentLength.trim()) > maxBytes;
}

export type ReadBodyResult = { ok: true; bytes: Buffer } | { ok: false; problem: 'too_large' | 'aborted'; bytesRead: number };

/**
 * Reads a request body as it streams in and stops as soon as it passes `maxBytes`:
 * Content-Length is a claim, not a limit (a chunked body has none). At most
 * `maxBytes` plus one chunk is ever held in memory.
 */
export async function readBodyLimited(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  drainBytes = 8 * maxBytes,
): Promise<ReadBodyResult> {
  if (!body) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away (or broke the chunked encoding) in the middle of the body.
      return { ok: false, problem: 'aborted', bytesRead: size };
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      // Nothing more is kept. The rest is read and dropped while the 413 goes out, so
      // that a client still sending reads the answer instead of a reset connection;
      // past `drainBytes` more the body is cancelled, which cuts the connection.
      drain(reader, drainBytes);
      return { ok: false, problem: 'too_large', bytesRead: size };
    }
    chunks.push(chunk.value);
  }
  reader.releaseLock();
  return { ok: true, bytes: Buffer.concat(chunks, size) };
}

/** Reads and drops up to `maxBytes` more of a body, then cancels it (which closes the connection). */
function drain(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): void {
  void (async () => {
    let dropped = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        dropped += value.byteLength;
        if (dropped > maxBytes) {
          await reader.cancel();
          return;
        }
      }
    } catch {
      /* the client went away */
    }
  })();
}
