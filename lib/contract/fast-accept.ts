import type { z } from 'zod';

/**
 * A fast path through the contract's zod schemas, for values straight from JSON.parse (plain
 * objects and arrays, strings, finite numbers, booleans, null: no undefined, no symbols).
 *
 * zod's per-schema machinery (a payload and a context per field, the generic check loop,
 * issue bookkeeping) was most of the validator's cost per event, although nearly every event
 * is valid. `compileAcceptor` turns a schema's definition into plain functions, one per
 * field with its checks folded in, that return zod's output for a value that is surely
 * valid, or UNPROVEN for anything else; then the caller asks zod itself, which alone
 * explains a rejection. Every rule here is zod's or stricter (a string's length in UTF-16
 * units where zod counts code points, for instance), so an accepted value is one zod
 * accepts. Whatever it does not know (another type, a transform, a check that may rewrite
 * the value, a format with logic beyond its pattern, a key every object inherits) compiles
 * to nothing, and that schema always goes to zod: slower than it could be, never lenient.
 */

type Schema = z.core.$ZodType;
type Check = z.core.$ZodCheck<unknown>;
type CheckDef = z.core.$ZodCheckDef & { value?: unknown; inclusive?: boolean; minimum?: number; maximum?: number; format?: string; pattern?: unknown };

/** What an acceptor returns for a value it cannot prove valid: ask zod. */
export const UNPROVEN: unique symbol = Symbol('unproven');

/** zod's output for a value the schema surely accepts, else UNPROVEN. */
export type Acceptor = (value: unknown) => unknown;

/** The schema's acceptor, or undefined when the schema uses something this fast path does not know. */
export function compileAcceptor(schema: Schema): Acceptor | undefined {
  // As zod runs them: the schema itself first when it is a check too (a string format, z.int()).
  const checks = [...(schema._zod.traits.has('$ZodCheck') ? [schema as unknown as Check] : []), ...((schema._zod.def.checks ?? []) as Check[])];
  // Refinements are run by zod's own function, after the type and the other checks.
  const custom = checks.filter((c) => c._zod.def.check === 'custom');
  const limits = limitsOf(checks.filter((c) => c._zod.def.check !== 'custom'));
  const base = limits && compileType(schema, limits);
  if (!base) return undefined;
  return custom.length === 0 ? base : withRefinements(base, custom);
}

/** What the checks other than refinements ask, merged (all must hold, so the strictest bound wins). */
interface Limits {
  /** Length bounds (strings and arrays). */
  minLength: number;
  maxLength: number;
  /** Numeric bounds, each as zod compares. */
  lower: { value: number; inclusive: boolean }[];
  upper: { value: number; inclusive: boolean }[];
  safeInteger: boolean;
  patterns: RegExp[];
  /** Checks only a string or only a number can carry. */
  stringOnly: boolean;
  numberOnly: boolean;
}

function limitsOf(checks: Check[]): Limits | undefined {
  const l: Limits = { minLength: 0, maxLength: Infinity, lower: [], upper: [], safeInteger: false, patterns: [], stringOnly: false, numberOnly: false };
  for (const check of checks) {
    const def = check._zod.def as CheckDef;
    if (def.check === 'min_length' && typeof def.minimum === 'number') l.minLength = Math.max(l.minLength, def.minimum);
    else if (def.check === 'max_length' && typeof def.maximum === 'number') l.maxLength = Math.min(l.maxLength, def.maximum);
    else if ((def.check === 'greater_than' || def.check === 'less_than') && typeof def.value === 'number') {
      (def.check === 'greater_than' ? l.lower : l.upper).push({ value: def.value, inclusive: def.inclusive === true });
      l.numberOnly = true;
    } else if (def.check === 'number_format' && def.format === 'safeint') l.safeInteger = l.numberOnly = true;
    else if (def.check === 'string_format' && (def.format === 'regex' || def.format === 'datetime') && def.pattern instanceof RegExp) {
      // Only formats that are their pattern and nothing more (zod tests it from lastIndex 0).
      l.patterns.push(def.pattern);
      l.stringOnly = true;
    } else return undefined;
  }
  return l;
}

const hasLengthLimits = (l: Limits) => l.minLength > 0 || l.maxLength < Infinity;

function compileType(schema: Schema, limits: Limits): Acceptor | undefined {
  const def = schema._zod.def;
  const coerce = (def as { coerce?: boolean }).coerce === true;
  const onlyLengths = !limits.stringOnly && !limits.numberOnly;
  const none = onlyLengths && !hasLengthLimits(limits);
  switch (def.type) {
    case 'string':
      return coerce || limits.numberOnly ? undefined : compileString(limits);
    case 'number':
      return coerce || limits.stringOnly || hasLengthLimits(limits) ? undefined : compileNumber(limits);
    case 'boolean':
      return coerce || !none ? undefined : (v) => (typeof v === 'boolean' ? v : UNPROVEN);
    case 'unknown':
      return none ? (v) => v : undefined;
    case 'enum': {
      const values = schema._zod.values;
      return values && none ? (v) => (values.has(v as never) ? v : UNPROVEN) : undefined;
    }
    case 'optional': {
      // An absent key is the object's business; a present undefined (never in JSON) goes to zod.
      const inner = none ? compileAcceptor((def as z.core.$ZodOptionalDef).innerType) : undefined;
      return inner && ((v) => (v === undefined ? UNPROVEN : inner(v)));
    }
    case 'array':
      return onlyLengths ? compileArray((def as z.core.$ZodArrayDef).element, limits) : undefined;
    case 'object':
      return none ? compileObject(def as z.core.$ZodObjectDef) : undefined;
    case 'record':
      return none ? compileRecord(def as z.core.$ZodRecordDef) : undefined;
    default:
      return undefined;
  }
}

/**
 * zod measures a string in code points, at most its UTF-16 units: within the units bound it
 * surely fits; at least the floor in code points when it has twice the floor in units, or the
 * floor in units and no surrogate (then units and code points are the same count).
 */
function withinLength(s: string, min: number, max: number): boolean {
  if (s.length > max || s.length < min) return false;
  if (s.length >= 2 * min) return true;
  for (let i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xf800) === 0xd800) return false;
  return true;
}

function compileString({ minLength, maxLength, patterns }: Limits): Acceptor {
  return (v) => {
    if (typeof v !== 'string' || !withinLength(v, minLength, maxLength)) return UNPROVEN;
    for (const pattern of patterns) {
      pattern.lastIndex = 0;
      if (!pattern.test(v)) return UNPROVEN;
    }
    return v;
  };
}

function compileNumber({ lower, upper, safeInteger }: Limits): Acceptor {
  return (v) => {
    // zod's number: finite (not NaN, not ±Infinity); z.int(): a safe integer.
    if (typeof v !== 'number' || !Number.isFinite(v) || (safeInteger && !Number.isSafeInteger(v))) return UNPROVEN;
    for (const { value, inclusive } of lower) if (inclusive ? !(v >= value) : !(v > value)) return UNPROVEN;
    for (const { value, inclusive } of upper) if (inclusive ? !(v <= value) : !(v < value)) return UNPROVEN;
    return v;
  };
}

/** Refinements run as zod runs them, by their own function on a payload of ours: passed when no issue is reported and the value is left as it was. */
function withRefinements(base: Acceptor, refinements: Check[]): Acceptor {
  const payload: z.core.ParsePayload = { value: undefined, issues: [] };
  return (v) => {
    const out = base(v);
    if (out === UNPROVEN) return UNPROVEN;
    for (const refinement of refinements) {
      payload.value = out;
      if (payload.issues.length > 0) payload.issues = [];
      const done = refinement._zod.check(payload);
      if (done instanceof Promise || payload.issues.length > 0 || payload.value !== out) return UNPROVEN;
    }
    return out;
  };
}

function compileArray(element: Schema, { minLength, maxLength }: Limits): Acceptor | undefined {
  const item = compileAcceptor(element);
  if (!item) return undefined;
  return (v) => {
    if (!Array.isArray(v) || v.length < minLength || v.length > maxLength) return UNPROVEN;
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const o = item(v[i]);
      if (o === UNPROVEN) return UNPROVEN;
      out[i] = o;
    }
    return out;
  };
}

/** JSON.parse makes plain objects; anything else goes to zod. */
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * An object as zod parses it: a new object with the shape's keys in order, an absent optional
 * key left out, a missing required one not proven; unknown keys dropped (strict: not proven).
 * Producers write the shape's keys in its order, so the output is then a copy of the input.
 */
function compileObject(def: z.core.$ZodObjectDef): Acceptor | undefined {
  const strict = def.catchall?._zod.def.type === 'never';
  if (def.catchall && !strict) return undefined;
  if (Object.getOwnPropertySymbols(def.shape).length > 0) return undefined;
  const fields: { key: string; optional: boolean; accept: Acceptor }[] = [];
  for (const [key, field] of Object.entries(def.shape as Record<string, Schema>)) {
    // A key Object.prototype has would be "present" in every object for zod's `key in input`.
    if (key in Object.prototype) return undefined;
    const accept = compileAcceptor(field);
    if (!accept) return undefined;
    fields.push({ key, optional: field._zod.optin === 'optional' && field._zod.optout === 'optional', accept });
  }
  const known = new Set(fields.map((f) => f.key));
  return (v) => {
    if (!isPlainObject(v)) return UNPROVEN;
    // The output of each field; undefined where the key is absent (a present value's output never is).
    const outs: unknown[] = new Array(fields.length);
    for (let i = 0; i < fields.length; i++) {
      const { key, optional, accept } = fields[i]!;
      const value = v[key];
      if (value === undefined) {
        if (!optional || Object.hasOwn(v, key)) return UNPROVEN;
        continue;
      }
      const out = accept(value);
      if (out === UNPROVEN) return UNPROVEN;
      outs[i] = out;
    }
    // Most often the input holds exactly the present keys, in the shape's order: then zod's output is a copy.
    const keys = Object.keys(v);
    let next = 0;
    let inShapeOrder = true;
    for (const key of keys) {
      while (next < fields.length && outs[next] === undefined) next++;
      if (next === fields.length || fields[next]!.key !== key) {
        inShapeOrder = false;
        break;
      }
      next++;
    }
    // Otherwise an undeclared key (an own __proto__ included) is not proven in a strict object, and dropped from the output.
    if (!inShapeOrder && strict && keys.some((key) => !known.has(key))) return UNPROVEN;
    const out: Record<string, unknown> = inShapeOrder ? { ...v } : {};
    for (let i = 0; i < fields.length; i++) {
      if (outs[i] !== undefined && (!inShapeOrder || outs[i] !== v[fields[i]!.key])) out[fields[i]!.key] = outs[i];
    }
    return out;
  };
}

/** A record with plain string keys (JSON's keys always are), each value through its schema; a copy, as zod makes. */
function compileRecord(def: z.core.$ZodRecordDef): Acceptor | undefined {
  const keys = def.keyType as Schema;
  const plainStringKeys = keys._zod.def.type === 'string' && !(keys._zod.def as z.core.$ZodStringDef).coerce && (keys._zod.def.checks ?? []).length === 0 && !keys._zod.traits.has('$ZodCheck');
  const value = compileAcceptor(def.valueType as Schema);
  if (!plainStringKeys || !value) return undefined;
  return (v) => {
    // zod leaves an own __proto__ out of a record's output: not proven here.
    if (!isPlainObject(v) || Object.hasOwn(v, '__proto__')) return UNPROVEN;
    const out: Record<string, unknown> = { ...v };
    for (const key in out) {
      const o = value(out[key]);
      if (o === UNPROVEN) return UNPROVEN;
      if (o !== out[key]) out[key] = o;
    }
    return out;
  };
}
