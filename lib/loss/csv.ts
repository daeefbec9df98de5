/**
 * Pure CSV helpers (RFC 4180: comma separated, CRLF line ends, a field with a comma, quote, CR or
 * LF in double quotes with its quotes doubled) and money as an exact decimal in its currency's
 * minor digits. Browser-safe: the server's CSV answers and the pages' client-side exports use them.
 */
export function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: (string | number | null)[]): string => `${fields.map(csvField).join(',')}\r\n`;

const digitsCache = new Map<string, number>();

/** Minor digits of a currency (EUR 2, JPY 0, KWD 3); 2 without one. */
export function minorDigitsOf(currency: string | null): number {
  if (!currency) return 2;
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

/** 123456 cents, EUR → "1234.56"; -5 → "-0.05"; null → "". Exact (integer arithmetic, no float rounding). */
export function decimalOf(minor: number | null, currency: string | null): string {
  if (minor === null) return '';
  const digits = minorDigitsOf(currency);
  const neg = minor < 0;
  const abs = String(Math.abs(Math.trunc(minor)));
  if (digits === 0) return `${neg ? '-' : ''}${abs}`;
  const padded = abs.padStart(digits + 1, '0');
  return `${neg ? '-' : ''}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
