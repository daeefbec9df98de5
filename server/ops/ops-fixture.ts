import type { OpsAnswer } from '../../lib/ops/ops-types';

/** An operations answer with awkward labels (quotes, backslashes, newlines), for the unit tests. */
export function opsFixture(): OpsAnswer {
  const at = '2026-11-21T10:00:00.000Z';
  return {
    generatedAt: at,
    workers: [
      { worker: 'aggregator', instances: 2, consumed: 1200, ok: 1190, duplicate: 10, dlq: 0, produced: 0, batches: 40, retries: 1, lag: 7, inPerSecond: 12.5, outPerSecond: 0, lastBatchMs: 35, avgBatchMs: 22, lastBatchAt: at, updatedAt: at },
      { worker: 'validator', instances: 1, consumed: 1300, ok: 1295, duplicate: 2, dlq: 3, produced: 1295, batches: 41, retries: 0, lag: 0, inPerSecond: null, outPerSecond: null, lastBatchMs: 12, avgBatchMs: 9, lastBatchAt: at, updatedAt: at },
    ],
    consumerLag: [
      { group: 'tillstream-aggregator', topic: 'events.validated', partition: 0, committed: '100', end: '104', lag: 4 },
      { group: 'tillstream-aggregator', topic: 'events.validated', partition: 1, committed: null, end: '3', lag: 3 },
    ],
    consumerLagError: null,
    dlq: {
      total: 3,
      lastHour: 2,
      reasons: [
        {
          worker: 'validator',
          reason: 'payload.total: # is not the lines (#) less discounts (#) = #',
          total: 2,
          lastHour: 2,
          perMinute: [...Array<number>(59).fill(0), 2],
          lastAt: at,
          samples: [
            { at, worker: 'validator', origin: { topic: 'pos.events', partition: 3, offset: '17' }, reason: 'payload.total: 299 is not the lines (300) less discounts (0) = 300', field: 'payload.total', value: '299', type: 'pos.receipt.closed', source: 'S001-T01', seq: 4, occurredAt: at, storeId: 'S001', bytes: 240, unparseable: false },
          ],
        },
        { worker: 'validator', reason: 'not JSON: Unexpected token "g" \\ at\nline #', total: 1, lastHour: 0, perMinute: Array<number>(60).fill(0), lastAt: at, samples: [] },
      ],
    },
    stores: [
      { storeId: 'S001', name: 'Centro', region: 'North', status: 'online', lastEventAt: at, freshnessSeconds: 1.5, lagMs: 300, missing: 2, gaps: [{ source: 'S001-T01', first: 10, last: 11 }] },
      { storeId: 'S002', name: 'Porto', region: 'South', status: 'offline', lastEventAt: null, freshnessSeconds: null, lagMs: null, missing: 0, gaps: [] },
    ],
    sources: [
      { source: 'WEB', lastEventAt: at, freshnessSeconds: 0.8, lagMs: 120, missing: 3, gaps: [{ first: 40, last: 42 }] },
      { source: 'HQ "PIM"\\x', lastEventAt: null, freshnessSeconds: null, lagMs: null, missing: 0, gaps: [] },
    ],
    health: {
      status: 'ok',
      checkedAt: at,
      dependencies: { kafka: { status: 'ok', latencyMs: 3.1 }, redis: { status: 'ok', latencyMs: 0.4 }, clickhouse: { status: 'down', latencyMs: 2000, error: 'timeout' } },
    },
  };
}
