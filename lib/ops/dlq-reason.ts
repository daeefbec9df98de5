/**
 * A dead letter's reason as the DLQ monitor counts it. Workers write reasons with the
 * event's own numbers and ids in them (`payload.total: 299 is not the lines (300) …`);
 * counting those as they are would make one reason per event. The class replaces every
 * token with a digit in it by `#`, so the same problem counts once.
 */
const MAX_CLASS = 160;
const MAX_REASON = 300;
/** Card numbers and other long digit runs never leave the monitor, even inside a reason. */
const LONG_DIGITS = /\d[\d -]{10,}\d/g;

export function maskDigits(text: string): string {
  return text.replace(LONG_DIGITS, (m) => (m.replace(/\D/g, '').length >= 12 ? '[masked]' : m));
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The reason with every token that holds a digit replaced by `#` (whitespace squeezed, bounded). */
export function reasonClass(reason: string): string {
  const cls = reason
    .replace(/[^\s(),=/'"`]*\d[^\s(),=/'"`]*/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(cls || 'no reason given', MAX_CLASS);
}

/** The reason as a sample keeps it: masked and bounded. */
export function sampleReason(reason: string): string {
  return truncate(maskDigits(reason), MAX_REASON);
}

/**
 * The field a reason names: reasons start with it (`payload.total: …`, `schema: payload.qty: …`,
 * `storeId: …`). Null when the first word is not a field path (`not JSON: …`, `empty message`).
 */
export function reasonField(reason: string): string | null {
  let rest = reason;
  for (let i = 0; i < 2; i++) {
    const m = /^([A-Za-z_][\w]*(?:[./][\w[\]]+)*):\s/.exec(rest);
    if (!m) return null;
    if (m[1] !== 'schema') return m[1]!;
    rest = rest.slice(m[0].length);
  }
  return null;
}
