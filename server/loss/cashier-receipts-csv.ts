import { csvLine, decimalOf } from '../../lib/loss/csv';
import { RECEIPT_FLAGS, type CashierReceiptRow, type CashierReceiptsAnswer } from '../../lib/loss/journal-answers';

export { csvField, csvLine, decimalOf, minorDigitsOf } from '../../lib/loss/csv';

/**
 * Pure: a cashier's receipts as CSV (RFC 4180: comma separated, CRLF line ends, a field with a
 * comma, quote, CR or LF in double quotes with its quotes doubled). Money as a decimal in the
 * currency's minor digits (ISO 4217, as Intl knows it) with the currency in its own column, so a
 * spreadsheet reads numbers; one column per exception kind.
 */
export const CSV_HEADER = [
  'storeId',
  'receiptId',
  'tillId',
  'status',
  'startedAt',
  'endedAt',
  'total',
  'currency',
  'items',
  'lineCount',
  ...RECEIPT_FLAGS.map((f) => f.name),
];

export function csvRowOf(r: CashierReceiptRow, currency: string | null): (string | number | null)[] {
  return [
    r.storeId,
    r.receiptId,
    r.tillId,
    r.status,
    r.startedAt,
    r.endedAt,
    decimalOf(r.total, currency),
    currency,
    r.items,
    r.lineCount,
    ...RECEIPT_FLAGS.map((f) => r.exceptions[f.name] ?? 0),
  ];
}

export function receiptsCsv(a: Pick<CashierReceiptsAnswer, 'receipts' | 'currency'>): string {
  return csvLine(CSV_HEADER) + a.receipts.map((r) => csvLine(csvRowOf(r, a.currency))).join('');
}

/** A file name that needs no quoting beyond the usual: `receipts-C0001-2026-11-20_2026-11-21.csv`. */
export function csvFilename(a: Pick<CashierReceiptsAnswer, 'cashierId' | 'period' | 'exceptionsOnly'>): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `receipts-${safe(a.cashierId)}-${a.period.from}_${a.period.to}${a.exceptionsOnly ? '-exceptions' : ''}.csv`;
}
