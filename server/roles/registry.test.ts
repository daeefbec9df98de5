import { describe, expect, it } from 'vitest';
import { ROLES, UnknownRoleError, resolveRoles } from './registry';

describe('resolveRoles', () => {
  it('"all" is every role, in start order', () => {
    expect(resolveRoles('all')).toEqual(ROLES);
  });

  it('takes a comma-separated subset, spaces allowed', () => {
    expect(resolveRoles(' web ').map((r) => r.name)).toEqual(['web']);
  });

  it('names the unknown roles and lists the known ones', () => {
    expect(() => resolveRoles('web,validatr')).toThrow(UnknownRoleError);
    expect(() => resolveRoles('web,validatr')).toThrow(/Unknown role\(s\) in ROLES: validatr\. Known roles: web/);
  });
});
