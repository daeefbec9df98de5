import { describe, expect, it } from 'vitest';
import { newUserSchema, parseInput, resolveScope, signInSchema, userPatchSchema, UserInputError } from './user-input';

const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserInputError) return { field: err.field, problem: err.problem };
    throw err;
  }
  return null;
};

describe('user input', () => {
  const ok = { username: 'ann.lee', password: 'long enough', role: 'store_manager', stores: ['S001'] };

  it('accepts a valid new user', () => {
    expect(parseInput(newUserSchema, ok)).toEqual(ok);
    expect(parseInput(newUserSchema, { username: 'hq_1', password: '12345678', role: 'admin' }).stores).toBeUndefined();
  });

  it('names the field of each problem', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, username: 'An' }, 'username'],
      [{ ...ok, username: 'Ann' }, 'username'],
      [{ ...ok, username: 'a'.repeat(41) }, 'username'],
      [{ ...ok, username: 'ann lee' }, 'username'],
      [{ ...ok, username: 7 }, 'username'],
      [{ ...ok, password: 'short' }, 'password'],
      [{ ...ok, password: 'x'.repeat(257) }, 'password'],
      [{ ...ok, role: 'root' }, 'role'],
      [{ ...ok, stores: [] }, 'stores'],
      [{ ...ok, stores: 'S001' }, 'stores'],
      [{ ...ok, stores: ['S001', 'S 2'] }, 'stores.1'],
      [{ ...ok, stores: ['x'.repeat(33)] }, 'stores.0'],
      [{ ...ok, store: ['S001'] }, 'store'],
    ];
    for (const [input, field] of cases) expect(problem(() => parseInput(newUserSchema, input))?.field, JSON.stringify(input)).toBe(field);
    expect(problem(() => parseInput(newUserSchema, { ...ok, extra: 1 }))).toEqual({ field: 'extra', problem: 'not a field of this request' });
    expect(problem(() => parseInput(newUserSchema, null))?.field).toBe('');
  });

  it('wants at least one field in a patch', () => {
    expect(problem(() => parseInput(userPatchSchema, {}))?.problem).toMatch(/at least one of role, stores, password/);
    expect(parseInput(userPatchSchema, { stores: ['S003'] })).toEqual({ stores: ['S003'] });
  });

  it('checks sign-in input for format only', () => {
    expect(parseInput(signInSchema, { username: 'admin', password: 'x' })).toEqual({ username: 'admin', password: 'x' });
    expect(problem(() => parseInput(signInSchema, { username: 'admin' }))?.field).toBe('password');
    expect(problem(() => parseInput(signInSchema, { username: 'A', password: 'x' }))?.field).toBe('username');
  });

  it('gives a store manager at least one store and HQ roles every store', () => {
    expect(resolveScope('store_manager', ['S001', 'S001', 'S002'])).toEqual({ role: 'store_manager', stores: ['S001', 'S002'] });
    expect(resolveScope('store_manager', undefined, ['S009'])).toEqual({ role: 'store_manager', stores: ['S009'] });
    expect(problem(() => resolveScope('store_manager', undefined))?.field).toBe('stores');
    expect(problem(() => resolveScope('store_manager', 'all'))?.field).toBe('stores');
    for (const role of ['merchandiser', 'fraud_analyst', 'admin'] as const) {
      expect(resolveScope(role, undefined, ['S001'])).toEqual({ role, stores: 'all' });
      expect(resolveScope(role, 'all')).toEqual({ role, stores: 'all' });
      expect(problem(() => resolveScope(role, ['S001']))?.field).toBe('stores');
    }
  });
});
