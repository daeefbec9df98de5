import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal';
import { resolveScope, ScopeError } from './resolve-scope';
import type { StoreInfo } from './store-directory';

/** Who may ask for which scope, and which answer tells what: access is checked before existence. */
const store = (storeId: string, region: string, timezone = 'Europe/Madrid'): StoreInfo => ({ storeId, name: storeId, region, timezone, currency: 'EUR', tills: [] });
const ALL = new Map([
  ['S001', store('S001', 'Portugal', 'Europe/Lisbon')],
  ['S002', store('S002', 'Spain North')],
  ['S003', store('S003', 'Spain South')],
]);
const admin: Principal = { userId: 'u1', username: 'admin', role: 'admin', stores: 'all' };
const merch: Principal = { userId: 'u2', username: 'merch', role: 'merchandiser', stores: 'all' };
const manager: Principal = { userId: 'u3', username: 'manager', role: 'store_manager', stores: ['S001', 'S002'] };

function refusal(q: { storeId?: string; region?: string }, p: Principal): { status: number; message: string } | null {
  try {
    resolveScope(q, p, ALL, 'Europe/Madrid');
    return null;
  } catch (err) {
    if (!(err instanceof ScopeError)) throw err;
    return { status: err.status, message: err.message };
  }
}

describe('resolveScope', () => {
  it('gives a store manager its own store, and the stores it manages when it names none', () => {
    expect(resolveScope({ storeId: 'S001' }, manager, ALL, 'Europe/Madrid')).toMatchObject({ level: 'store', stores: ['S001'] });
    expect(resolveScope({}, manager, ALL, 'Europe/Madrid')).toMatchObject({ level: 'stores', stores: ['S001', 'S002'] });
  });

  it('answers a store manager the same 403 for a store it may not see, whether that store exists or not', () => {
    const existing = refusal({ storeId: 'S003' }, manager);
    const unknown = refusal({ storeId: 'S999' }, manager);
    expect(existing).toEqual({ status: 403, message: 'storeId: you may not see store S003' });
    expect(unknown).toEqual({ status: 403, message: 'storeId: you may not see store S999' });
    // With a region too: still the same 403, never a hint of the store's region.
    expect(refusal({ storeId: 'S003', region: 'Spain South' }, manager)?.status).toBe(403);
    expect(refusal({ storeId: 'S999', region: 'Atlantis' }, manager)?.status).toBe(403);
  });

  it('answers a store manager 403 for any region, known or not (regions are HQ-only)', () => {
    expect(refusal({ region: 'Spain South' }, manager)?.status).toBe(403);
    expect(refusal({ region: 'Portugal' }, manager)?.status).toBe(403); // even the region of its own store
    expect(refusal({ region: 'Atlantis' }, manager)).toEqual(refusal({ region: 'Spain South' }, manager));
  });

  it('tells an HQ role that a store or region does not exist (404), since it may see any', () => {
    for (const p of [admin, merch]) {
      expect(refusal({ storeId: 'S999' }, p)).toEqual({ status: 404, message: 'storeId: no store S999 in the master data' });
      expect(refusal({ region: 'Atlantis' }, p)).toEqual({ status: 404, message: 'region: no store in region Atlantis' });
      expect(resolveScope({ storeId: 'S003' }, p, ALL, 'Europe/Madrid')).toMatchObject({ level: 'store', stores: ['S003'] });
      expect(resolveScope({ region: 'Spain South' }, p, ALL, 'Europe/Madrid')).toMatchObject({ level: 'region', stores: ['S003'] });
    }
    expect(refusal({ storeId: 'S003', region: 'Portugal' }, admin)?.status).toBe(400);
  });

  it('a store manager whose list names a store the master data lacks: 404 for that one (its own list, nothing learnt)', () => {
    const odd: Principal = { ...manager, stores: ['S001', 'S404'] };
    expect(refusal({ storeId: 'S404' }, odd)?.status).toBe(404);
  });
});
