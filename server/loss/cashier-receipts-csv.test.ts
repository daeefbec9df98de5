import { describe, expect, it } from 'vitest';
import type { CashierReceiptRow } from '../../lib/loss/journal-answers';
import { csvField, csvFilename, decimalOf, receiptsCsv } from './cashier-receipts-csv';

describe('cashier receipts as CSV', () => {
  it('quotes by RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0)).toBe('0');
  });

  it('writes money as an exact decimal in the currency’s minor digits', () => {
    expect(decimalOf(123456, 'EUR')).toBe('1234.56');
    expect(decimalOf(5, 'EUR')).toBe('0.05');
    expect(decimalOf(-1205, 'GBP')).toBe('-12.05');
    expect(decimalOf(1234, 'JPY')).toBe('1234');
    expect(decimalOf(1234, 'KWD')).toBe('1.234');
    expect(decimalOf(null, 'EUR')).toBe('');
    expect(decimalOf(7, null)).toBe('0.07');
  });

  it('one header, one CRLF line per receipt, one column per exception kind', () => {
    const row: CashierReceiptRow = {
      storeId: 'S001',
      receiptId: 'S001-T01-000001',
      tillId: 'S001-T01',
      status: 'postvoided',
      startedAt: '2026-11-20T10:00:00.000Z',
      endedAt: '2026-11-20T10:03:00.000Z',
      total: 1999,
      items: 3,
      lineCount: 4,
      exceptions: { lineVoids: 1, postVoided: 1, approvals: 1 },
    };
    const text = receiptsCsv({ receipts: [row, { ...row, receiptId: 'odd,"id"', total: null, exceptions: {} }], currency: 'EUR' });
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      'storeId,receiptId,tillId,status,startedAt,endedAt,total,currency,items,lineCount,lineVoids,priceOverrides,employeeDiscounts,manualDiscounts,keyedLines,voided,postVoided,refunded,refundWithoutReceipt,approvals',
    );
    expect(lines[1]).toBe('S001,S001-T01-000001,S001-T01,postvoided,2026-11-20T10:00:00.000Z,2026-11-20T10:03:00.000Z,19.99,EUR,3,4,1,0,0,0,0,0,1,0,0,1');
    expect(lines[2]).toBe('S001,"odd,""id""",S001-T01,postvoided,2026-11-20T10:00:00.000Z,2026-11-20T10:03:00.000Z,,EUR,3,4,0,0,0,0,0,0,0,0,0,0');
    expect(lines[3]).toBe('');
  });

  it('names the file after the cashier and the period', () => {
    expect(csvFilename({ cashierId: 'C0001', period: { label: 'range', from: '2026-11-01', to: '2026-11-20' }, exceptionsOnly: true })).toBe('receipts-C0001-2026-11-01_2026-11-20-exceptions.csv');
    expect(csvFilename({ cashierId: 'a/b"c', period: { label: 'today', from: '2026-11-20', to: '2026-11-20' }, exceptionsOnly: false })).toBe('receipts-a_b_c-2026-11-20_2026-11-20.csv');
  });
});
