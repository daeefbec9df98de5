import { z } from 'zod';
import { isHqRole, ROLES, type Role } from './principal';

/**
 * What users are made of, checked with zod wherever it comes in (admin API, sign-in, the
 * demo seed). Every problem is reported as the field it is about and what is wrong,
 * e.g. `stores: a store_manager needs at least one store`.
 */
export const MIN_PASSWORD = 8;
/** scrypt takes any length; the bound keeps a request from hashing megabytes. */
export const MAX_PASSWORD = 256;
export const MAX_STORES = 1000;

export const usernameSchema = z
  .string({ error: 'a string is required' })
  .regex(/^[a-z0-9._-]{3,40}$/, '3-40 characters: lowercase letters, digits and . _ -');
export const passwordSchema = z
  .string({ error: 'a string is required' })
  .min(MIN_PASSWORD, `at least ${MIN_PASSWORD} characters`)
  .max(MAX_PASSWORD, `at most ${MAX_PASSWORD} characters`);
export const storeIdSchema = z.string({ error: 'a string is required' }).regex(/^[A-Za-z0-9_-]{1,32}$/, 'a store id: 1-32 letters, digits, _ and -');
export const roleSchema = z.enum(ROLES, { error: `one of ${ROLES.join(', ')}` });
export const storesSchema = z.union([z.array(storeIdSchema).min(1, 'at least one store').max(MAX_STORES, `at most ${MAX_STORES} stores`), z.literal('all')], {
  error: 'a list of store ids, or "all"',
});

export const newUserSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
  stores: storesSchema.optional().describe('store ids for a store_manager (at least one); "all" or omitted for the HQ roles'),
});

export const userPatchSchema = z
  .strictObject({
    role: roleSchema.optional(),
    stores: storesSchema.optional(),
    password: passwordSchema.optional(),
  })
  .refine((p) => p.role !== undefined || p.stores !== undefined || p.password !== undefined, { error: 'send at least one of role, stores, password' });

/** Sign-in checks the format only: a too-short password is simply a wrong one. */
export const signInSchema = z.strictObject({
  username: usernameSchema,
  password: z.string({ error: 'a string is required' }).min(1, 'required').max(MAX_PASSWORD, `at most ${MAX_PASSWORD} characters`),
});

export type NewUserInput = z.input<typeof newUserSchema>;
export type UserPatch = z.input<typeof userPatchSchema>;

/** Bad input: `field` names it (dotted path, e.g. `stores.1`), `message` says what is wrong. */
export class UserInputError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field || 'body'}: ${problem}`);
    this.name = 'UserInputError';
  }
}

/** Parses with `schema`, or throws a UserInputError about the first problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  // An unknown key is reported on the object; name the key itself.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const problem = issue.code === 'unrecognized_keys' ? 'not a field of this request' : issue.message;
  throw new UserInputError(path.map(String).join('.'), problem);
}

/**
 * The role and store list a user ends up with: a store_manager has at least one store,
 * an HQ role has `'all'`. `stores` may be left out when nothing needs it (an HQ role, or
 * a store manager keeping its list).
 */
export function resolveScope(role: Role, stores: string[] | 'all' | undefined, current?: string[] | 'all'): { role: Role; stores: string[] | 'all' } {
  if (isHqRole(role)) {
    if (Array.isArray(stores)) throw new UserInputError('stores', `a ${role} sees every store: send "all" or leave stores out`);
    return { role, stores: 'all' };
  }
  const list = stores ?? current;
  if (!Array.isArray(list)) throw new UserInputError('stores', `a ${role} needs a list of at least one store`);
  return { role, stores: [...new Set(list)] };
}
