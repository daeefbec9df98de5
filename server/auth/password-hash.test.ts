import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, SCRYPT_PARAMS, verifyPasswordHash } from './password-hash';

describe('password hashes', () => {
  it('are scrypt with the parameters, a per-password salt, and never the password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$8\\$1\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(SCRYPT_PARAMS.N).toBeGreaterThanOrEqual(16384);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
  });

  it('verify the right password and refuse a wrong one', async () => {
    const h = await hashPassword('tillstream-demo');
    expect(await verifyPasswordHash('tillstream-demo', h)).toBe(true);
    expect(await verifyPasswordHash('tillstream-demo ', h)).toBe(false);
    expect(await verifyPasswordHash('Tillstream-demo', h)).toBe(false);
    expect(await verifyPasswordHash('', h)).toBe(false);
  });

  it('verify hashes made with other parameters (they travel with the hash)', async () => {
    const h = await hashPassword('pw-123456', { N: 2 ** 14, r: 8, p: 1 });
    expect(h.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPasswordHash('pw-123456', h)).toBe(true);
  });

  it('refuse malformed and out-of-range records instead of throwing', async () => {
    const h = await hashPassword('pw-123456');
    const parts = h.split('$');
    const withN = (n: string) => [parts[0], n, ...parts.slice(2)].join('$');
    for (const bad of ['', 'plain', h.replace('scrypt', 'bcrypt'), withN('1024'), withN('3000000'), withN('30000'), `${h}$x`, h.slice(0, -10)]) {
      expect(await verifyPasswordHash('pw-123456', bad), bad).toBe(false);
    }
  });

  it('has one dummy hash per process, which no short password matches', async () => {
    const d = await dummyPasswordHash();
    expect(await dummyPasswordHash()).toBe(d);
    expect(await verifyPasswordHash('tillstream-demo', d)).toBe(false);
  });
});
