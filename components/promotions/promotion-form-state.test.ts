import { describe, expect, it } from 'vitest';
import { emptyForm, fromDraft, toDraft } from './promotion-form-state';

describe('the promotion form’s state', () => {
  it('sends money in minor units and back, and only the fields the kind uses', () => {
    const f = { ...emptyForm(), name: ' Oil ', kind: 'amount_off' as const, value: '1.50', buyQty: '3', skus: ['A'], scope: 'region' as const, region: 'North', localStart: '2026-11-21T09:00', localEnd: '2026-11-22T22:00' };
    const d = toDraft(f, 'EUR');
    expect(d).toEqual({ name: 'Oil', kind: 'amount_off', value: 150, skus: ['A'], target: { scope: 'region', region: 'North' }, localStart: '2026-11-21T09:00', localEnd: '2026-11-22T22:00' });
    expect(fromDraft(d, 'EUR')).toMatchObject({ value: '1.50', region: 'North', scope: 'region' });
    expect(toDraft({ ...f, kind: 'multi_buy', value: '2', category: 'Oils', scope: 'stores', storeIds: ['S1'] }, 'EUR')).toMatchObject({ value: 2, buyQty: 3, category: 'Oils', target: { scope: 'stores', storeIds: ['S1'] } });
    expect(toDraft({ ...f, kind: 'bundle', value: '999' }, 'JPY').value).toBe(999);
  });

  it('sends what is not a number as it is, for the API to name', () => {
    expect(toDraft({ ...emptyForm(), value: 'abc' }, 'EUR').value).toBeNaN();
    expect(JSON.parse(JSON.stringify(toDraft({ ...emptyForm(), value: '' }, 'EUR'))).value).toBeNull();
  });
});
