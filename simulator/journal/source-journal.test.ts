import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalCorruptError, SourceJournal, type JournalRecord } from './source-journal';

const value = (source: string, seq: number, pad = 200) =>
  JSON.stringify({ id: `${source}-${seq}`, type: 'pos.item.added', source, seq, payload: { note: 'x'.repeat(pad) } });

const recs = (source: string, from: number, count: number, pad?: number): JournalRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    seq: from + i,
    topic: 'pos.events',
    key: `S001:${source}`,
    value: value(source, from + i, pad),
  }));

const segmentFiles = (j: SourceJournal) =>
  fs
    .readdirSync(j.dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort();

describe('SourceJournal', () => {
  let dir: string;
  const open: SourceJournal[] = [];
  const openJournal = async (source = 'S001-T01', opts?: Parameters<typeof SourceJournal.open>[2]) => {
    const j = await SourceJournal.open(dir, source, opts);
    open.push(j);
    return j;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-test-'));
  });
  afterEach(async () => {
    for (const j of open.splice(0)) await j.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts empty, appends, hands out only synced records, acks', async () => {
    const j = await openJournal();
    expect([j.lastSeq, j.ackedSeq, j.pending(10, 1e6)]).toEqual([0, 0, []]);
    j.append(recs('S001-T01', 1, 5));
    expect(j.lastSeq).toBe(5);
    expect(j.pending(10, 1e6)).toEqual([]); // appended, not durable yet
    await j.sync();
    expect(j.pending(10, 1e6).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(j.pending(2, 1e6).map((r) => r.seq)).toEqual([1, 2]);
    expect(j.pending(10, 1).map((r) => r.seq)).toEqual([1]); // at least one, whatever the byte limit
    await j.ack(3);
    expect(j.ackedSeq).toBe(3);
    expect(j.pending(10, 1e6)).toEqual(recs('S001-T01', 4, 2));
    await j.ack(2); // backwards: no-op
    expect(j.ackedSeq).toBe(3);
    await expect(j.ack(6)).rejects.toThrow(/beyond the durable seq/);
  });

  it('refuses a non-contiguous append, and takes nothing of a bad batch', async () => {
    const j = await openJournal();
    j.append(recs('S001-T01', 1, 3));
    expect(() => j.append(recs('S001-T01', 5, 1))).toThrow(/expected 4/);
    expect(() => j.append(recs('S001-T01', 3, 1))).toThrow(/expected 4/);
    const bad = [...recs('S001-T01', 4, 2), { ...recs('S001-T01', 6, 1)[0]!, value: '{\n}' }];
    expect(() => j.append(bad)).toThrow(/one-line/);
    expect(() => j.append([{ seq: 4, topic: 'bad topic', key: 'k', value: '{}' }])).toThrow(/invalid topic/);
    expect(j.lastSeq).toBe(3);
    j.append(recs('S001-T01', 4, 1));
    await j.sync();
    expect(j.pending(100, 1e9).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });

  it('keeps keys and values byte for byte (tabs, quotes, unicode)', async () => {
    const j = await openJournal();
    const odd: JournalRecord[] = [
      { seq: 1, topic: 'ecom.events', key: 'O-1\t"quoted"\\', value: '{"name":"Café ☕ \\t tab","n":1}' },
      { seq: 2, topic: 'hq.masterdata', key: '', value: '{}' },
    ];
    j.append(odd);
    await j.close();
    open.pop();
    const again = await openJournal();
    expect(again.pending(10, 1e6)).toEqual(odd);
  });

  it('recovers after a restart: lastSeq, ackedSeq and pending as they were', async () => {
    const j = await openJournal('S001-T02');
    j.append(recs('S001-T02', 1, 100));
    await j.sync();
    await j.ack(40);
    j.append(recs('S001-T02', 101, 5)); // appended, never synced, then a clean close syncs it
    await j.close();
    open.pop();

    const r = await openJournal('S001-T02');
    expect(r.lastSeq).toBe(105);
    expect(r.ackedSeq).toBe(40);
    const p = r.pending(1000, 1e9);
    expect(p.map((x) => x.seq)).toEqual(Array.from({ length: 65 }, (_, i) => 41 + i));
    expect(p).toEqual(recs('S001-T02', 41, 65));
    r.append(recs('S001-T02', 106, 1)); // continues where it was
    await r.sync();
    expect(r.pending(1000, 1e9).at(-1)!.seq).toBe(106);
  });

  it('refuses a second open of the same journal', async () => {
    await openJournal('S001-T03');
    await expect(SourceJournal.open(dir, 'S001-T03')).rejects.toThrow(/already open/);
  });

  it('drops a torn last line (kill -9 mid-write) and continues', async () => {
    const j = await openJournal();
    j.append(recs('S001-T01', 1, 10));
    await j.sync();
    await j.ack(2);
    await j.close();
    open.pop();
    const [seg] = segmentFiles(j);
    const file = path.join(j.dir, seg!);
    const whole = fs.readFileSync(file);
    // A write of records 11 and 12 that stopped in the middle of 12.
    const torn = Buffer.from(`${whole.toString().split('\n')[0]!.replace(/\t1\t/, '\t11\t')}\n`.slice(0, 40));
    fs.appendFileSync(file, torn);

    const r = await openJournal();
    expect(r.lastSeq).toBe(10);
    expect(r.ackedSeq).toBe(2);
    expect(fs.readFileSync(file)).toEqual(whole); // the tail is cut off
    r.append(recs('S001-T01', 11, 2));
    await r.sync();
    expect(r.pending(100, 1e9)).toEqual(recs('S001-T01', 3, 10));
  });

  it('drops a zero-filled or garbled tail (a power cut), refuses damage in the middle', async () => {
    const j = await openJournal();
    j.append(recs('S001-T01', 1, 10));
    await j.close();
    open.pop();
    const file = path.join(j.dir, segmentFiles(j)[0]!);
    const whole = fs.readFileSync(file);
    fs.appendFileSync(file, Buffer.concat([Buffer.alloc(300), Buffer.from('\n'), Buffer.alloc(100)]));
    const r = await openJournal();
    expect(r.lastSeq).toBe(10);
    await r.close();
    open.pop();
    expect(fs.readFileSync(file)).toEqual(whole);

    // A complete line whose checksum does not match: torn too when nothing follows.
    const lines = whole.toString().split('\n');
    fs.writeFileSync(file, [...lines.slice(0, 9), lines[9]!.replace('xxxx', 'xxxy'), ''].join('\n'));
    const r2 = await openJournal();
    expect(r2.lastSeq).toBe(9);
    await r2.close();
    open.pop();

    // Damage in the middle, intact records after it: an error, nothing is cut.
    fs.writeFileSync(file, [lines[0], lines[1]!.replace('xxxx', 'xxxy'), ...lines.slice(2, 9), ''].join('\n'));
    const size = fs.statSync(file).size;
    await expect(SourceJournal.open(dir, 'S001-T01')).rejects.toBeInstanceOf(JournalCorruptError);
    expect(fs.statSync(file).size).toBe(size);
  });

  it('rolls segments and deletes those that are fully acked', async () => {
    const j = await openJournal('S002-T01', { segmentBytes: 16 * 1024 });
    for (let s = 1; s <= 400; s += 50) {
      j.append(recs('S002-T01', s, 50));
      await j.sync();
    }
    const before = segmentFiles(j);
    expect(before.length).toBeGreaterThan(4);
    expect(before[0]).toBe('0000000000000001.ndjson');
    const second = Number(before[1]!.slice(0, 16));
    await j.ack(second - 2); // the first segment still holds an unacked record
    expect(segmentFiles(j)).toEqual(before);
    await j.ack(second - 1);
    expect(segmentFiles(j)).toEqual(before.slice(1));
    await j.ack(400); // all acked: only the segment being written stays
    expect(segmentFiles(j)).toEqual(before.slice(-1));
    expect(j.pending(10, 1e9)).toEqual([]);
    await j.close();
    open.pop();
    const r = await openJournal('S002-T01', { segmentBytes: 16 * 1024 });
    expect([r.lastSeq, r.ackedSeq]).toEqual([400, 400]);
    r.append(recs('S002-T01', 401, 1));
    await r.sync();
    expect(r.pending(10, 1e9).map((x) => x.seq)).toEqual([401]);
  });

  it('keeps memory bounded with 300k records pending and reads them back from disk in order', async () => {
    const windowBytes = 256 * 1024;
    const j = await openJournal('WEB', { segmentBytes: 4 * 1024 * 1024, windowBytes, fsync: false, cursorIntervalMs: 0 });
    const total = 300_000;
    const batch = 5_000;
    let maxWindow = 0;
    for (let s = 1; s <= total; s += batch) {
      j.append(recs('WEB', s, batch, 150));
      await j.sync();
      maxWindow = Math.max(maxWindow, j.stats().windowBytes);
    }
    const st = j.stats();
    expect(st.lastSeq).toBe(total);
    expect(st.bufferedRecords).toBe(0);
    expect(maxWindow).toBeLessThanOrEqual(windowBytes);
    expect(st.windowRecords).toBeLessThan(2000); // of 300k pending
    expect(st.segments).toBeGreaterThan(10);

    let next = 1;
    let reads = 0;
    while (next <= total) {
      const p = j.pending(5000, 1024 * 1024);
      expect(p.length).toBeGreaterThan(0);
      for (const r of p) {
        if (r.seq !== next || r.value !== value('WEB', next, 150)) throw new Error(`seq ${r.seq} at ${next}`);
        next++;
      }
      // A second call before the ack hands out the same records (a resend after a failure).
      if (reads++ % 10 === 0) expect(j.pending(5000, 1024 * 1024).map((r) => r.seq)).toEqual(p.map((r) => r.seq));
      await j.ack(p.at(-1)!.seq);
      expect(j.stats().windowBytes).toBeLessThanOrEqual(windowBytes);
    }
    expect(j.stats().diskReads).toBeGreaterThan(50);
    expect(segmentFiles(j)).toHaveLength(1);
  }, 60_000);

  it('serves a pending() that starts in the middle of an old segment (after a restart)', async () => {
    const j = await openJournal('WH1', { segmentBytes: 64 * 1024, windowBytes: 8 * 1024 });
    j.append(recs('WH1', 1, 2000, 50));
    await j.sync();
    await j.ack(777);
    await j.close();
    open.pop();
    const r = await openJournal('WH1', { segmentBytes: 64 * 1024, windowBytes: 8 * 1024 });
    const got: number[] = [];
    for (;;) {
      const p = r.pending(300, 1e9);
      if (p.length === 0) break;
      got.push(...p.map((x) => x.seq));
      await r.ack(p.at(-1)!.seq);
    }
    expect(got).toEqual(Array.from({ length: 2000 - 777 }, (_, i) => 778 + i));
  });

  it('starts from the first segment when the cursor is gone (resend, never loss)', async () => {
    const j = await openJournal('HQ', { segmentBytes: 8 * 1024 });
    j.append(recs('HQ', 1, 300));
    await j.sync();
    await j.ack(150);
    await j.close();
    open.pop();
    fs.rmSync(path.join(j.dir, 'cursor.json'));
    const first = Number(segmentFiles(j)[0]!.slice(0, 16));
    const r = await openJournal('HQ', { segmentBytes: 8 * 1024 });
    expect(first).toBeGreaterThan(1);
    expect(r.ackedSeq).toBe(first - 1);
    expect(r.lastSeq).toBe(300);
    expect(r.pending(1, 1e9)[0]!.seq).toBe(first);
  });

  it('moves the cursor in memory at once and coalesces cursor writes', async () => {
    const j = await openJournal('S003-T01', { cursorIntervalMs: 200 });
    j.append(recs('S003-T01', 1, 10));
    await j.sync();
    const cursor = () => JSON.parse(fs.readFileSync(path.join(j.dir, 'cursor.json'), 'utf8')).ackedSeq as number;
    const t0 = Date.now();
    const first = j.ack(1);
    const more = [2, 3, 4, 5].map((s) => j.ack(s));
    expect(j.ackedSeq).toBe(5); // before any write
    expect(j.pending(1, 1e9)[0]!.seq).toBe(6);
    await Promise.all([first, ...more]);
    expect(cursor()).toBe(5);
    expect(Date.now() - t0).toBeLessThan(1000);
    await j.ack(10);
    expect(cursor()).toBe(10);
  });

  it('encodes sources that are not plain file names', async () => {
    const j = await openJournal('HQ/PIM:1');
    j.append(recs('HQ/PIM:1', 1, 1));
    await j.sync();
    expect(path.basename(j.dir)).toBe('HQ%2FPIM%3A1');
    await expect(SourceJournal.open(dir, '..')).rejects.toThrow(/invalid journal source/);
  });
});
