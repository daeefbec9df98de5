import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { timedListFeed } from '../feeds/feed';
import { parsePromotionEvent, promotionEvent, PromotionLog, type PromotionEvent } from './promotion-feed';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const logFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promotion-log-'));
  dirs.push(dir);
  return path.join(dir, 'promotions.ndjson');
};

const T = Date.parse('2026-11-23T08:00:00Z');
const published = (id: string, at: number) =>
  promotionEvent(at, 'promo.published', { promotionId: id, name: id, kind: 'amount_off', value: 50, skus: ['SKU1'], storeIds: [], startsAt: '2026-11-23T09:00:00Z', endsAt: '2026-11-24T09:00:00Z' });
const ids = (events: PromotionEvent[]) => events.map((e) => `${e.type}:${e.payload.promotionId}`);

describe('the promotion feed', () => {
  it('takes valid promotion events and says why anything else is not one', () => {
    expect(parsePromotionEvent(JSON.parse(JSON.stringify(published('P1', T))))).toMatchObject({ ok: true });
    const withdrawn = promotionEvent(T, 'promo.withdrawn', { promotionId: 'P1', reason: 'ends early' });
    expect(parsePromotionEvent(JSON.parse(JSON.stringify(withdrawn)))).toMatchObject({ ok: true });
    const bad = { ...published('P2', T), payload: { ...published('P2', T).payload, kind: 'bogof' } };
    expect(parsePromotionEvent(bad)).toMatchObject({ ok: false });
    expect(parsePromotionEvent({ id: 'x', type: 'pos.receipt.opened' })).toMatchObject({ ok: false });
  });

  it('replays what a stopped run took in, at the same points, and takes new events only past where it had got to', () => {
    const file = logFile();
    const first = new PromotionLog(file, timedListFeed([published('P1', T)], (e) => Date.parse(e.occurredAt)), 0);
    expect(ids(first.poll(T))).toEqual(['promo.published:P1']);
    first.close();
    const again = new PromotionLog(file, timedListFeed([promotionEvent(T + 60_000, 'promo.withdrawn', { promotionId: 'P1', reason: 'r' })], (e) => Date.parse(e.occurredAt)), T + 120_000);
    expect(ids(again.poll(T - 60_000))).toEqual([]);
    expect(ids(again.poll(T))).toEqual(['promo.published:P1']);
    expect(ids(again.poll(T + 60_000))).toEqual([]);
    expect(ids(again.poll(T + 180_000))).toEqual(['promo.withdrawn:P1']);
    again.close();
  });
});
