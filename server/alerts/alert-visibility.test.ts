import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal';
import { maySeeAlert } from './alert-visibility';

const who = (role: Principal['role'], stores: Principal['stores'] = 'all'): Principal => ({ userId: 'u', username: role, role, stores });
const alert = (kind: 'low_stock' | 'loss_rule' | 'store_offline' | 'revenue_below', storeId = 'S001') => ({ kind, subject: { storeId } });

describe('who sees which alert', () => {
  it('store managers: their stores’ low stock, revenue and offline alerts, never loss rule hits', () => {
    const m = who('store_manager', ['S001']);
    expect(['low_stock', 'revenue_below', 'store_offline'].every((k) => maySeeAlert(m, alert(k as 'low_stock')))).toBe(true);
    expect(maySeeAlert(m, alert('loss_rule'))).toBe(false);
    expect(maySeeAlert(m, alert('revenue_below', 'S002'))).toBe(false);
  });
  it('fraud analysts only loss rule hits; merchandisers stock and revenue; admins everything', () => {
    expect(maySeeAlert(who('fraud_analyst'), alert('loss_rule'))).toBe(true);
    expect(maySeeAlert(who('fraud_analyst'), alert('low_stock'))).toBe(false);
    expect(maySeeAlert(who('merchandiser'), alert('revenue_below'))).toBe(true);
    expect(maySeeAlert(who('merchandiser'), alert('store_offline'))).toBe(false);
    expect(['low_stock', 'loss_rule', 'store_offline', 'revenue_below'].every((k) => maySeeAlert(who('admin'), alert(k as 'low_stock')))).toBe(true);
  });
});

describe('the rules added later', () => {
  it('a till gap is its store’s (manager and admin); the pipeline’s own alerts, with no store, are for admins only', () => {
    const m = who('store_manager', ['S001']);
    expect(maySeeAlert(m, { kind: 'till_gap', subject: { storeId: 'S001', tillId: 'S001-T01' } })).toBe(true);
    expect(maySeeAlert(m, { kind: 'till_gap', subject: { storeId: 'S002', tillId: 'S002-T01' } })).toBe(false);
    for (const kind of ['dlq_rate', 'consumer_lag'] as const) {
      expect(maySeeAlert(who('admin'), { kind, subject: {} })).toBe(true);
      for (const role of ['store_manager', 'merchandiser', 'fraud_analyst'] as const) expect(maySeeAlert(who(role), { kind, subject: {} })).toBe(false);
    }
    // Even a store manager of every store does not see a store-less alert of a kind it is not given.
    expect(maySeeAlert(who('merchandiser'), { kind: 'till_gap', subject: { storeId: 'S001' } })).toBe(false);
  });
});
