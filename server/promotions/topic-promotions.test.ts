import { describe, expect, it } from 'vitest';
import type { PromotionEvent } from '../../lib/promotions/promotion-event';
import { applyPromotionEvents } from './topic-promotions';

const published = (promotionId: string, name: string): PromotionEvent =>
  ({
    id: `e-${promotionId}-${name}`,
    type: 'promo.published',
    schemaVersion: 1,
    source: 'HQ-PROMO',
    seq: 1,
    occurredAt: '2026-11-21T10:00:00.000Z',
    payload: { promotionId, name, kind: 'percent_off', value: 10, skus: ['A'], storeIds: [], startsAt: '2026-11-22T00:00:00.000Z', endsAt: '2026-11-29T00:00:00.000Z' },
  }) as PromotionEvent;

describe('the web tier’s view of hq.promotions', () => {
  it('keeps the last word per promotion: republished replaces, withdrawn removes', () => {
    const view = new Map();
    applyPromotionEvents(view, [published('P1', 'first'), published('P2', 'other'), published('P1', 'second')]);
    expect([...view.values()].map((p) => [p.promotionId, p.name])).toEqual([
      ['P1', 'second'],
      ['P2', 'other'],
    ]);
    applyPromotionEvents(view, [{ ...published('P2', 'x'), type: 'promo.withdrawn', payload: { promotionId: 'P2', reason: 'ended' } } as PromotionEvent]);
    expect([...view.keys()]).toEqual(['P1']);
  });
});
