import { z } from 'zod';
import { UserInputError } from '../auth/user-input';

/**
 * Keyset paging for lists sorted in memory: each row has a sort key (a tuple of strings
 * and numbers, unique per row: the last element is the row's id); a page is the rows
 * after the cursor's key, so a page never repeats or skips a row that stayed where it
 * was while others changed. The cursor is opaque to clients: base64url JSON of the list
 * it belongs to (e.g. `location:daysOfCover`) and the last key of the page.
 */
export type SortKey = readonly (string | number)[];

export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    // Code-unit order, like ClickHouse and Redis: the same for every locale.
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

const cursorSchema = z.object({ l: z.string(), k: z.array(z.union([z.string(), z.number()])).min(1).max(8) });

export const encodeCursor = (list: string, key: SortKey): string => Buffer.from(JSON.stringify({ l: list, k: key })).toString('base64url');

/** The key of a cursor made for `list`, or a UserInputError naming `cursor`. */
export function decodeCursor(list: string, raw: string): SortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new UserInputError('cursor', 'not a cursor of this list (pass nextCursor as it was given)');
  }
  const r = cursorSchema.safeParse(parsed);
  if (!r.success || r.data.l !== list) throw new UserInputError('cursor', 'not a cursor of this list (pass nextCursor as it was given, with the same sort)');
  return r.data.k;
}

export interface Page<T> {
  items: T[];
  /** The cursor of the next page, null after the last one. */
  nextCursor: string | null;
}

/** Sorts `rows` by `keyOf` and returns the `limit` rows after the cursor (from the start without one). */
export function pageOf<T>(rows: readonly T[], o: { list: string; keyOf: (row: T) => SortKey; cursor?: string; limit: number }): Page<T> {
  const keyed = rows.map((row) => ({ row, key: o.keyOf(row) })).sort((a, b) => compareKeys(a.key, b.key));
  const after = o.cursor === undefined ? undefined : decodeCursor(o.list, o.cursor);
  const start = after === undefined ? 0 : keyed.findIndex((x) => compareKeys(x.key, after) > 0);
  const from = start < 0 ? keyed.length : start;
  const page = keyed.slice(from, from + o.limit);
  const more = from + o.limit < keyed.length;
  return { items: page.map((x) => x.row), nextCursor: more ? encodeCursor(o.list, page[page.length - 1]!.key) : null };
}
