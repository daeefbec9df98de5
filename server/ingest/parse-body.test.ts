import { describe, expect, it } from 'vitest';
import { parseBody } from './parse-body';

const buf = (s: string) => Buffer.from(s, 'utf8');

describe('parseBody: JSON array', () => {
  it('gives each element its index', () => {
    const r = parseBody(buf('[{"a":1}, 2, "x"]'), 'json', 10);
    expect(r).toEqual({ ok: true, items: [{ index: 0, value: { a: 1 } }, { index: 1, value: 2 }, { index: 2, value: 'x' }] });
  });

  it('malformed JSON rejects the request and names the problem', () => {
    const r = parseBody(buf('[{"a":1},'), 'json', 10);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe('malformed_json');
      expect(r.message).toMatch(/^the body is not valid JSON: .+/);
    }
  });

  it('wants an array with at least one event', () => {
    expect(parseBody(buf('{"id":"x"}'), 'json', 10)).toMatchObject({ ok: false, problem: 'not_an_array', message: expect.stringContaining('an object') });
    expect(parseBody(buf('[]'), 'json', 10)).toMatchObject({ ok: false, problem: 'empty_batch' });
    expect(parseBody(buf('  '), 'json', 10)).toMatchObject({ ok: false, problem: 'empty_batch' });
  });

  it('more events than the limit is its own problem (413)', () => {
    expect(parseBody(buf(JSON.stringify(Array(11).fill({}))), 'json', 10)).toMatchObject({ ok: false, problem: 'too_many_events' });
    expect(parseBody(buf(JSON.stringify(Array(10).fill({}))), 'json', 10).ok).toBe(true);
  });

  it('invalid UTF-8 is refused; a BOM is not', () => {
    expect(parseBody(Buffer.from([0x5b, 0xff, 0x5d]), 'json', 10)).toMatchObject({ ok: false, problem: 'not_utf8' });
    expect(parseBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf('[1]')]), 'json', 10).ok).toBe(true);
  });
});

describe('parseBody: NDJSON', () => {
  it('one event per line; blank lines and CRLF are fine; index counts events, line counts lines', () => {
    const r = parseBody(buf('{"a":1}\r\n\n  \n{"b":2}\n'), 'ndjson', 10);
    expect(r).toEqual({
      ok: true,
      items: [
        { index: 0, line: 1, value: { a: 1 } },
        { index: 1, line: 4, value: { b: 2 } },
      ],
    });
  });

  it('a malformed line rejects only that event', () => {
    const r = parseBody(buf('{"a":1}\n{"b":\n{"c":3}'), 'ndjson', 10);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.items.map((i) => i.index)).toEqual([0, 1, 2]);
      expect(r.items[1]).toMatchObject({ index: 1, line: 2, error: expect.stringMatching(/^line 2 is not valid JSON/) });
      expect(r.items[2]).toEqual({ index: 2, line: 3, value: { c: 3 } });
    }
  });

  it('too many lines is 413; no lines is empty', () => {
    expect(parseBody(buf('{}\n'.repeat(11)), 'ndjson', 10)).toMatchObject({ ok: false, problem: 'too_many_events', message: expect.stringContaining('11 events') });
    expect(parseBody(buf('{}\n'.repeat(10)), 'ndjson', 10).ok).toBe(true);
    expect(parseBody(buf('\n\n'), 'ndjson', 10)).toMatchObject({ ok: false, problem: 'empty_batch' });
  });
});
