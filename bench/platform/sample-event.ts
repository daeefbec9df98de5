/** A till event of realistic size (~600 bytes, as seed 001 measures) for platform benchmarks. */
export function sampleEvent(i: number): Record<string, unknown> {
  const store = `S${String((i % 12) + 1).padStart(3, '0')}`;
  const till = `${store}-T0${(i % 6) + 1}`;
  return {
    id: `bench-${i}-${till}-0000000000000000`,
    type: 'pos.item.added',
    schemaVersion: 1,
    source: till,
    seq: Math.floor(i / 72) + 1,
    occurredAt: new Date(Date.UTC(2026, 10, 21, 9, 0, 0) + i * 37).toISOString(),
    storeId: store,
    tillId: till,
    cashierId: `C${String(i % 97).padStart(4, '0')}`,
    receiptId: `${till}-${String(Math.floor(i / 12)).padStart(6, '0')}`,
    payload: {
      lineId: (i % 12) + 1,
      sku: `SKU-${String(i % 2000).padStart(5, '0')}`,
      qty: (i % 3) + 1,
      unitPrice: 99 + (i % 4000),
      entry: i % 9 === 0 ? 'keyed' : 'scanned',
      name: 'Organic whole milk 1L, Alpine dairy cooperative',
      category: 'dairy/milk',
      taxRate: 10,
      barcode: `80${String(1000000000 + i).padStart(11, '0')}`,
      promotionIds: [],
      till: { model: 'TS-900', firmware: '4.12.7', drawer: 'D1' },
    },
  };
}
