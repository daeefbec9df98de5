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
