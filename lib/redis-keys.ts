/**
 * Every Redis key and channel Tillstream uses, built here and nowhere else: one prefix
 * (`ts:`), colon-separated names, ids last.
 */
const P = 'ts';
const SEEN_CHUNK = 2 ** 24;

/**
 * Bitmap of the seqs of a source a worker has applied, in chunks of 2^24 seqs (a Redis
 * bitmap ends at 2^32 bits; seqs go to 2^53): the key and the bit of one seq.
 */
const seenKey = (worker: string, source: string, chunk: number) => `${P}:${worker}:seen:${source}:${chunk}`;
const seenBit = (worker: string, source: string, seq: number) => ({ key: seenKey(worker, source, Math.floor(seq / SEEN_CHUNK)), bit: seq % SEEN_CHUNK });

/** Seqs per seen bitmap: seq s is bit `s % SEEN_CHUNK_BITS` of chunk `⌊s / SEEN_CHUNK_BITS⌋`. */
export const SEEN_CHUNK_BITS = SEEN_CHUNK;

export const redisKeys = {
  /** Hash: a worker process's counters (consumed, ok, duplicate, dlq, lag, batch time…), refreshed every few seconds, with a TTL. */
  workerStats: (worker: string, instance: string) => `${P}:worker:${worker}:${instance}`,
  /** Pattern matching every worker's counters. */
  workerStatsPattern: () => `${P}:worker:*`,
  /** Hash: storeId → the store's master data (JSON of store.upserted's payload). */
  stores: () => `${P}:stores`,
  /** The seqs the validator accepted (see seenBit). */
  validatorSeen: (source: string, seq: number) => seenBit('val', source, seq),
  /** String (JSON): the validator's running sums of an open receipt. */
  validatorReceipt: (receiptId: string) => `${P}:val:rcpt:${receiptId}`,
  /** String (JSON): a closed receipt's total and items, for post-void checks. */
  validatorClosed: (receiptId: string) => `${P}:val:closed:${receiptId}`,

  /** Hash: sku → its master data (JSON of sku.upserted's payload), kept by the live aggregator. */
  skus: () => `${P}:skus`,

  // The live aggregator (workers/aggregator). A scope is `chain`, `region:<name>` or `loc:<id>`.
  /** The seqs the live aggregator applied (see seenBit). */
  aggSeen: (source: string, seq: number) => seenBit('agg', source, seq),
  /** The live aggregator's seen bitmap of one chunk of a source's seqs (aggSeen's key, for a whole chunk). */
  aggSeenChunk: (source: string, chunk: number) => seenKey('agg', source, chunk),
  /** Hash: the counts of each UTC minute of one UTC day of a scope's locations in one timezone; field `<minuteOfDay>:<code>`. */
  aggMinutes: (scope: string, timezone: string, utcDay: string) => `${P}:agg:min:${scope}:${timezone}:${utcDay}`,
  /** Hash: the counts of one local day (in `timezone`) of a scope's locations in that timezone; field `<code>`. */
  aggDay: (scope: string, timezone: string, localDay: string) => `${P}:agg:day:${scope}:${timezone}:${localDay}`,
  /** Set: the timezones a scope's counts are kept in. */
  aggTimezones: (scope: string) => `${P}:agg:tz:${scope}`,
  /** Sorted set: net units or sold value per SKU or category of one local day of a scope. */
  aggTop: (scope: string, timezone: string, localDay: string, dimension: string) => `${P}:agg:top:${scope}:${timezone}:${localDay}:${dimension}`,
  /** Hash: a source's freshness (max seq, last occurredAt, last arrival, lag, missing seqs, shift) and `tillStore`, the store whose till events it carries. */
  aggSource: (source: string) => `${P}:agg:src:${source}`,
  /** Sorted set: a source's open sequence gaps, member `<first>-<last>`, score first. */
  aggGaps: (source: string) => `${P}:agg:gaps:${source}`,
  /** Hash: every source → the store whose till events it produces, '' for a central one (web shop, warehouse, HQ). */
  aggSources: () => `${P}:agg:sources`,
  /** List: the line events of an open receipt (JSON), until it closes. */
  aggOpenReceipt: (receiptId: string) => `${P}:agg:rcpt:${receiptId}`,
  /** String (JSON): the resolved lines of a closed receipt, for a post-void. */
  aggClosedLines: (receiptId: string) => `${P}:agg:closed:${receiptId}`,
  /** String: the fulfilling location of a web order (its paid and cancelled events do not name it). */
  aggOrderLocation: (orderId: string) => `${P}:agg:order:${orderId}`,
  // Live inventory (workers/inventory, server/inventory). Quantities are units, per SKU × location.
  /** The seqs the inventory worker applied (see seenBit). */
  invSeen: (source: string, seq: number) => seenBit('inv', source, seq),
  /** The inventory worker's seen bitmap of one chunk of a source's seqs. */
  invSeenChunk: (source: string, chunk: number) => seenKey('inv', source, chunk),
  /** Hash: sku → units on hand at a location (book stock). */
  invOnHand: (locationId: string) => `${P}:inv:oh:${locationId}`,
  /** Hash: sku → units reserved at a location (web orders placed and not shipped, reservations not expired). */
  invReserved: (locationId: string) => `${P}:inv:res:${locationId}`,
  /** Hash: sku → units incoming to a location (replenishment ordered, not received yet). */
  invIncoming: (locationId: string) => `${P}:inv:inc:${locationId}`,
  /** Hash: sku → epoch ms of the last stock count applied (movements that occurred before it are in the count). */
  invCountedAt: (locationId: string) => `${P}:inv:cat:${locationId}`,
  /**
   * Sorted set: the movements of one SKU at one location applied since its last count,
   * member `<delta>:<source>:<seq>`, score the epoch ms they occurred; a count that arrives
   * after movements that occurred after it adds those back (kept for a few days).
   */
  invMoves: (locationId: string, sku: string) => `${P}:inv:moves:${locationId}:${sku}`,
  /** Hash: sku → units of shrink counts revealed (book − counted, summed). */
  invShrink: (locationId: string) => `${P}:inv:shrink:${locationId}`,
  /** Set: every location with stock. */
  invLocations: () => `${P}:inv:locations`,
  /** List: the line events of an open receipt (JSON), until it closes. */
  invOpenReceipt: (receiptId: string) => `${P}:inv:rcpt:${receiptId}`,
  /** String (JSON): the resolved lines of a closed receipt, for a post-void. */
  invClosedLines: (receiptId: string) => `${P}:inv:closed:${receiptId}`,
  /** String (JSON): a web order's location, lines and state (placed, shipped, cancelled). */
  invOrder: (orderId: string) => `${P}:inv:order:${orderId}`,
  /**
   * Hash: sku → the reorder point of a SKU at a location, JSON `{reorderPoint, targetLevel?,
   * source: 'api' | 'masterdata', setAt, setBy?}` (lib/inventory/thresholds.ts). Pairs without
   * one get the default from sales velocity.
   */
  invThresholds: (locationId: string) => `${P}:inv:thr:${locationId}`,
  /** Hash: sku → the open low_stock alert (JSON) of a SKU at a location (absent: not low). */
  invLow: (locationId: string) => `${P}:inv:low:${locationId}`,
  /** Hash: alert id → the alert (JSON, lib/inventory/stock-alerts.ts), open and recently resolved. */
  invAlerts: () => `${P}:inv:alerts`,
  /** Hash: replenishment order id → the order (JSON, lib/inventory/stock-alerts.ts), open and recently received. */
  invReplenishments: () => `${P}:inv:repl`,
  /** Hash: `<locationId>:<sku>` → the open replenishment order (JSON) of that pair, until it is received. */
  invOpenReplenishment: () => `${P}:inv:repl-open`,
  /** List: messages (JSON `{topic, key, value}`) planned with a batch's writes, produced to Kafka after them (the worker's outbox). */
  invOutbox: () => `${P}:inv:outbox`,
  /** Hash: sku → units sold per day at a location, averaged over the last days (for days of cover and default reorder points). */
  invVelocity: (locationId: string) => `${P}:inv:vel:${locationId}`,
  /** Hash: one reservation by order id (sku, locationId, qty, expiresAt, state). */
  invReservation: (orderId: string) => `${P}:inv:rsv:${orderId}`,
  /** Sorted set: active reservations by expiry (epoch ms), member the order id. */
  invReservationExpiry: () => `${P}:inv:rsv-expiry`,
  /** Hash: sku → safety stock units at a location (part of available-to-promise). */
  invSafetyStock: (locationId: string) => `${P}:inv:safety:${locationId}`,

  // Loss-prevention exceptions (workers/exceptions, server/loss; lib/loss/exception-metrics.ts).
  /** The exceptions worker's seen bitmap of one chunk of a source's seqs. */
  excSeenChunk: (source: string, chunk: number) => seenKey('exc', source, chunk),
  /** Hash: one store-local day of a store's exception metrics; fields `s|<code>` (the store), `t|<tillId>|<code>`, `c|<cashierId>|<code>`. */
  excDay: (storeId: string, localDay: string) => `${P}:exc:day:${storeId}:${localDay}`,
  /** Hash: one store-local day of a cashier's exception metrics per shift; field `<storeId>|<tillId>|<shiftId or ''>|<code>`. */
  excCashierDay: (cashierId: string, localDay: string) => `${P}:exc:cashier:${cashierId}:${localDay}`,
  /** Hash: `<source>|<tillId>` → the till's last shift event (JSON, lib/loss/exception-metrics.ts TillShift). */
  excTills: () => `${P}:exc:tills`,
  /** List: the line and payment events of an open receipt (JSON), until it closes or is voided. */
  excOpenReceipt: (storeId: string, receiptId: string) => `${P}:exc:rcpt:${storeId}:${receiptId}`,
  /** Hash: receiptId → `<closedAt ms>|<payment methods>` of the receipts a store closed on one local day (for refunds to another tender). */
  excTenders: (storeId: string, localDay: string) => `${P}:exc:tender:${storeId}:${localDay}`,
  /** Hash: original receiptId → refunds of one local day waiting for that receipt's close (JSON array; '' once resolved). */
  excPendingRefunds: (storeId: string, localDay: string) => `${P}:exc:pendref:${storeId}:${localDay}`,
  /** Hash: the risk ranking's weights (server/loss/risk-weights.ts): `current` → the version in force, `v:<n>` → version n (JSON `{weights, setBy, setAt}`), the last 100 kept. */
  lossRiskWeights: () => `${P}:loss:risk:weights`,
  /** Hash: rule id → the current version of a loss rule saved over the API (JSON, lib/loss/rules/rule-schema.ts); the defaults stand for ids absent. */
  lossRules: () => `${P}:loss:rules`,
  /** Hash: one rule's versions, `v:<n>` → JSON `{rule, savedBy, savedAt}`, and `enabled` changes as `e:<n>`; every save a new version. */
  lossRuleVersions: (ruleId: string) => `${P}:loss:rulev:${ruleId}`,
  /** Hash: field `s` → the evaluator's state of one key of one rule version (JSON, lib/loss/rules/evaluate.ts), with a TTL. */
  lossRuleState: (stateKey: string) => `${P}:loss:rs:${stateKey}`,
  /** Hash: alert id → a rule's hit as an alert (JSON, lib/loss/rules/loss-alert.ts) of one store and store-local day. */
  lossHits: (storeId: string, localDay: string) => `${P}:loss:hits:${storeId}:${localDay}`,
  /** List: loss alerts (JSON `{topic, key, value}`) planned with a batch's writes, produced to Kafka after them (the exceptions worker's outbox). */
  lossOutbox: () => `${P}:loss:outbox`,

  /** Hash: promotion id → a promotion HQ authored (JSON, server/promotions/promotion-store.ts: the draft, its version, who published or withdrew it). */
  promoAuthored: () => `${P}:promo:authored`,
  /** String: the last `seq` of the web tier's promotion publisher (source HQ-AUTHORING), INCR per event. */
  promoSeq: (source: string) => `${P}:promo:seq:${source}`,

  // The DLQ monitor (workers/dlq, server/ops): dead letters counted by `<worker>|<reason class>` (lib/ops/dlq-reason.ts).
  /** Hash: `<worker>|<reason class>` → dead letters counted since the monitor's state began. */
  dlqTotals: () => `${P}:dlq:total`,
  /** Hash: `<worker>|<reason class>` → dead letters of one UTC minute (epoch minute), expires after an hour and a bit. */
  dlqMinute: (epochMinute: number) => `${P}:dlq:min:${epochMinute}`,
  /** Hash: `<worker>|<reason class>` → ISO time of its last dead letter. */
  dlqLast: () => `${P}:dlq:last`,
  /** List: the last redacted samples (JSON, lib/ops/ops-types.ts DlqSample) of one reason, newest first; id = a hash of the field. */
  dlqSamples: (reasonId: string) => `${P}:dlq:samples:${reasonId}`,
  /** String: the highest events.dlq offset of a partition the monitor has counted (replays below it change nothing). */
  dlqApplied: (partition: number) => `${P}:dlq:applied:${partition}`,

  // The alerts worker and API (workers/alerts, server/alerts; lib/alerts/alert-model.ts).
  /** Hash: one alert, `v` → its version, `j` → the alert (JSON); resolved ones expire. */
  alert: (id: string) => `${P}:alerts:a:${id}`,
  /** Hash: dedupe key → the id of its open (or acknowledged) alert: one per condition while it holds. */
  alertsOpen: () => `${P}:alerts:open`,
  /** Sorted set: every alert id stored, score openedAt (ids whose alert expired are pruned on read). */
  alertsIndex: () => `${P}:alerts:index`,
  /** String: the alert an alert id was merged into as a repeat (so that a replay of it changes nothing), with a TTL. */
  alertMerged: (id: string) => `${P}:alerts:m:${id}`,
  /** String: a token set anew by every committed alert change, so that a reader can tell its copy of the list is current (lib/alerts/alert-store.ts). */
  alertsRevision: () => `${P}:alerts:rev`,
  /** Sorted set: alert ids whose latest version is not in ClickHouse `alerts` yet, score that version. */
  alertsHistoryPending: () => `${P}:alerts:hist`,
  /** Hash: the condition rules' thresholds, field `chain`, `region:<name>` or `store:<id>` → JSON (lib/alerts/alert-thresholds.ts). */
  alertThresholds: () => `${P}:alerts:thr`,
  /** String with a TTL: the alerts process that runs this round of the condition rules (one per round when scaled out). */
  alertsEvaluationLease: () => `${P}:alerts:lease`,
  /** Hash: scope → who last changed its thresholds and when (JSON `{by, at}`). */
  alertThresholdsMeta: () => `${P}:alerts:thr:meta`,
  /** Hash: source → its open sequence gaps with when each was first seen open (JSON, workers/alerts/till-gap-rule.ts AgedGap[]). */
  alertGapAges: () => `${P}:alerts:gapages`,

  /** Pub/sub channel of a live room's coalesced deltas (lib/live/rooms.ts names the rooms). */
  liveChannel: (room: string) => `${P}:live:${room}`,
  liveChannelPattern: () => `${P}:live:*`,
};
