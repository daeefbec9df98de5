import { describe, expect, it } from 'vitest';
import { checkNewKeyInput, generateApiKey, hashApiKey, isPublicId, parseApiKey } from './api-keys';

describe('API key format', () => {
  it('is tsk_<16 hex public id>_<43 base64url secret>, different every time', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^tsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.publicId).not.toBe(b.publicId);
    expect(a.key.startsWith(`tsk_${a.publicId}_`)).toBe(true);
    expect(isPublicId(a.publicId)).toBe(true);
  });

  it('parses its own keys, also when the secret holds "_" or "-"', () => {
    for (let i = 0; i < 200; i++) {
      const { key, publicId } = generateApiKey();
      expect(parseApiKey(key)).toEqual({ publicId });
    }
  });

  it('refuses anything else', () => {
    const { key } = generateApiKey();
    for (const bad of ['', 'tsk_', key.slice(0, -1), `${key}x`, key.replace('tsk_', 'tsx_'), key.toUpperCase(), ` ${key}`, 'Bearer x']) {
      expect(parseApiKey(bad), bad).toBeNull();
    }
  });

  it('hashes with SHA-256 of the whole key (hex), never returning the key', () => {
    const { key } = generateApiKey();
    const h = hashApiKey(key);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(hashApiKey(key));
    expect(h).not.toBe(hashApiKey(generateApiKey().key));
    expect(h).not.toContain(key.slice(21));
  });
});

describe('checkNewKeyInput', () => {
  it('defaults to 2,000 events/s with 5 s of burst', () => {
    expect(checkNewKeyInput({ storeId: 'S001', name: ' Till bridge ' })).toEqual({ storeId: 'S001', name: 'Till bridge', rate: 2000, burst: 10000 });
    expect(checkNewKeyInput({ storeId: 'S001', name: 'x', rate: 1 })).toMatchObject({ rate: 1, burst: 5 });
    expect(checkNewKeyInput({ storeId: 'S001', name: 'x', rate: 10, burst: 3 })).toMatchObject({ rate: 10, burst: 3 });
  });

  it('names the option that is wrong', () => {
    expect(() => checkNewKeyInput({ storeId: 'S 001', name: 'x' })).toThrow(/--store/);
    expect(() => checkNewKeyInput({ storeId: 'S001', name: '' })).toThrow(/--name/);
    expect(() => checkNewKeyInput({ storeId: 'S001', name: 'a\nb' })).toThrow(/--name/);
    expect(() => checkNewKeyInput({ storeId: 'S001', name: 'x', rate: 0 })).toThrow(/--rate/);
    expect(() => checkNewKeyInput({ storeId: 'S001', name: 'x', rate: 1.5 })).toThrow(/--rate/);
    expect(() => checkNewKeyInput({ storeId: 'S001', name: 'x', burst: 0 })).toThrow(/--burst/);
  });
});
