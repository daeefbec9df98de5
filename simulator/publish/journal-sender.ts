/**
 * Sends the records of many source journals to Kafka, in order, as tills do after an
 * outage: what the journal holds is the truth; Kafka gets it as soon as it can.
 *
 * Guarantees:
 * - Nothing is lost. A record leaves its journal only through `pending()` (durable
 *   records only) and is acked in the journal only after Kafka acknowledged it with
 *   `acks: -1`. Whatever is not acked when the sender stops or the process dies stays
 *   in the journal and is sent by the next sender.
 * - Per-source order. One batch is in flight at a time, each journal hands out its
 *   records in seq order, and a failed batch is resent as it was (same records, same
 *   order, same bytes) before anything newer: a later seq is never acknowledged before
 *   an earlier one, and on each partition a source's seqs arrive in increasing order.
 * - Duplicates. Within one producer session the producer is idempotent
 *   (`idempotent: true, maxInFlightRequests: 1`) and a resend reuses its sequence
 *   numbers, so the broker drops a batch it already has. A new session (a new sender,
 *   a process restart, or the producer recreated after a fatal producer error) may send
 *   again what the previous one sent without seeing the ack: the identical record (same
 *   id, seq, key and bytes), which consumers drop by (source, seq).
 *
 * The generator never waits for Kafka: it appends and syncs to its journals; this loop
 * drains them in the background. `backlog` (and `stats().pendingRecords`) tell a load
 * generator how far behind Kafka is, if it wants to pace itself.
 *
 * Each flush takes up to `maxBatchRecords` records and `maxBatchBytes` bytes, shared
 * fairly across the journals that have something (round-robin start, equal shares),
 * and sends them with one `producer.sendBatch`. On failure it backs off (200 ms doubling
 * to 5 s), reconnects and resends. The byte limit is also a per-partition limit in the
 * worst case (every record on one partition), so keep it at or under the topics'
 * `max.message.bytes` (1 MiB by default in Kafka) unless compression is on.
 */
import { EventEmitter } from 'node:events';
import kafkajs, { type Kafka, type Producer } from 'kafkajs';
import { createKafka } from '../../lib/clients/kafka';
import type { Logger } from '../../lib/log';
import type { SourceJournal } from '../journal/source-journal';
import { FATAL_PRODUCER_ERRORS, TOO_LARGE_ERRORS, assembleBatch, cachedDefaultPartitioner, errorText, errorType, firstHalf, type Batch } from './sender-batch';
import type { CaughtUpInfo, Compression, JournalSenderEvents, JournalSenderOptions, SenderState, SenderStats, StateChange } from './sender-types';

// kafkajs is CommonJS: runtime values through the default export.
const { CompressionTypes } = kafkajs;

export { cachedDefaultPartitioner } from './sender-batch';
export type { CaughtUpInfo, FlushInfo, JournalSenderEvents, JournalSenderOptions, SenderState, SenderStats, StateChange } from './sender-types';

export class JournalSender extends EventEmitter<JournalSenderEvents> {
  private readonly opts: Required<Omit<JournalSenderOptions, 'compression' | 'kafkaLogLevel' | 'clientId' | 'kafka'>> & {
    compression?: Compression;
    clientId: string;
  };
  private readonly log: Logger;
  private readonly kafka: Pick<Kafka, 'producer'>;
  private readonly journals: SourceJournal[] = [];
  private rr = 0;

  private producer?: Producer;
  private producerConnected = false;
  private sessions = 0;
  private inflight?: Batch;
  /** The in-flight batch failed at least once: stay offline until it goes through. */
  private retrying = false;
  private byteLimit: number;

  private _state: SenderState = 'offline';
  private announced = false;
  private offlineSince?: number;
  private sentSinceOffline = 0;
  private sentRecords = 0;
  private sendErrors = 0;
  private lastError?: string;
  private lastSentAt?: number;

  private loop?: Promise<void>;
  /** True until run() returns, also after a stop() that stopped waiting for it. */
  private loopActive = false;
  private stopRequested = false;
  private drainUntil = 0;
  private wakeUp?: () => void;
  private flushWaiters: { targets: [SourceJournal, number][]; resolve: (ok: boolean) => void }[] = [];

  constructor(options: JournalSenderOptions) {
    super();
    this.opts = {
      clientId: 'tillstream-simulator',
      maxBatchRecords: 5000,
      maxBatchBytes: 1024 * 1024,
      backoffMinMs: 200,
      backoffMaxMs: 5000,
      idleMs: 20,
      offlineAfterMs: 3000,
      ...options,
    };
    this.byteLimit = this.opts.maxBatchBytes;
    this.log = options.log.child({ component: 'journal-sender' });
    const parent = options.log;
    const kafkaLevel = options.kafkaLogLevel ?? (parent.levelVal >= parent.levels.values.error! ? parent.level : 'error');
    this.kafka =
      options.kafka ??
      createKafka({
        brokers: options.brokers,
        clientId: this.opts.clientId,
        log: parent.child({ component: 'journal-sender' }, { level: kafkaLevel }),
        // The sender retries whole batches itself: a short client ladder makes an outage
        // visible in seconds and a reconnect quick once the broker is back.
        retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 5 },
      });
  }

  /** Adds a journal to drain. Journals may be added and removed while the sender runs. */
  register(journal: SourceJournal): void {
    if (!this.journals.includes(journal)) this.journals.push(journal);
    this.wake();
  }

  unregister(journal: SourceJournal): void {
    const i = this.journals.indexOf(journal);
    if (i >= 0) this.journals.splice(i, 1);
  }

  get state(): SenderState {
    return this._state;
  }

  /** Records appended to the registered journals and not yet acknowledged by Kafka. */
  get backlog(): number {
    let n = 0;
    for (const j of this.journals) if (!j.isClosed) n += j.backlog;
    return n;
  }

  stats(): SenderStats {
    return {
      state: this._state,
      pendingRecords: this.backlog,
      sentRecords: this.sentRecords,
      sendErrors: this.sendErrors,
      lastError: this.lastError,
      lastSentAt: this.lastSentAt === undefined ? undefined : new Date(this.lastSentAt).toISOString(),
      inFlightRecords: this.inflight?.records ?? 0,
      producerSessions: this.sessions,
      journals: this.journals.length,
    };
  }

  /** Starts the background loop (it connects by itself; a broker that is down is retried). */
  start(): void {
    if (this.loop) return;
    if (this.loopActive) throw new Error('JournalSender: the previous run is still finishing a send; start again later');
    this.stopRequested = false;
    this.loopActive = true;
    this.loop = this.run()
      .catch((err: unknown) => {
        this.log.error({ err }, 'journal sender stopped on an unexpected error');
      })
      .finally(() => {
        this.loopActive = false;
      });
  }

  get running(): boolean {
    return this.loop !== undefined && !this.stopRequested;
  }

  /**
   * Wakes the loop now, and resolves true once every record that is durable in the
   * registered journals at this moment is acknowledged by Kafka; false after
   * `timeoutMs`, when the sender stops first, or at once when it is not running.
   * Records appended but not synced are not waited for (sync them first).
   */
  flushNow(timeoutMs = 30_000): Promise<boolean> {
    const targets: [SourceJournal, number][] = this.journals
      .filter((j) => !j.isClosed && j.durableSeq > j.ackedSeq)
      .map((j) => [j, j.durableSeq]);
    if (targets.length === 0) return Promise.resolve(true);
    if (!this.running) return Promise.resolve(false);
    this.wake();
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const waiter = { targets, resolve: (ok: boolean) => finish(ok) };
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.flushWaiters = this.flushWaiters.filter((w) => w !== waiter);
        resolve(ok);
      };
      this.flushWaiters.push(waiter);
    });
  }

  /**
   * Sends what is pending for up to `drainMs` (default 5000; 0: only the batch in
   * flight), then disconnects. What is not sent stays in the journals for the next
   * start. The journals stay open: close them after this.
   */
  async stop(opts: { drainMs?: number } = {}): Promise<void> {
    const drainMs = opts.drainMs ?? 5000;
    if (!this.loop) return;
    this.stopRequested = true;
    this.drainUntil = Date.now() + drainMs;
    this.wake();
    const loop = this.loop;
    let timer: NodeJS.Timeout | undefined;
    // A send in flight at the deadline: give it a little longer, then cut the connection.
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), drainMs + 2000)));
    if ((await Promise.race([loop, late])) === 'late') {
      this.log.warn('a send was still running when the drain time ran out; disconnecting');
      await this.disconnectProducer();
      await Promise.race([loop, new Promise((r) => setTimeout(r, 5000))]);
    }
    clearTimeout(timer);
    this.loop = undefined;
    for (const w of [...this.flushWaiters]) w.resolve(false);
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** Announces every change, and the first state (offline too: the broker was down at start). */
  private setState(state: SenderState, error?: string): void {
    const previous = this._state;
    if (state === previous && this.announced) return;
    this.announced = true;
    this._state = state;
    if (state === 'offline' && (previous === 'connected' || this.offlineSince === undefined)) {
      this.offlineSince = Date.now();
      this.sentSinceOffline = 0;
    }
    const change: StateChange = { state, previous, pendingRecords: this.backlog, error };
    if (state === 'offline') this.log.warn(change, 'Kafka unreachable: buffering events in the journals');
    else this.log.info(change, 'Kafka reachable');
    this.emit('state', change);
  }

  private async run(): Promise<void> {
    let backoff = this.opts.backoffMinMs;
    for (;;) {
      if (this.stopRequested && (Date.now() >= this.drainUntil || !this.hasWork())) break;
      this.inflight ??= assembleBatch(this.journals, this.rr++, this.opts.maxBatchRecords, this.byteLimit);
      if (!this.inflight) {
        this.checkCaughtUp();
        if (!this.producerConnected && !this.stopRequested) {
          try {
            await this.connectProducer();
            if (!this.retrying) this.setState('connected');
          } catch (err) {
            this.failed(err);
            await this.pause(backoff);
            backoff = Math.min(backoff * 2, this.opts.backoffMaxMs);
            continue;
          }
        }
        if (!this.stopRequested) await this.pause(this.opts.idleMs);
        continue;
      }
      try {
        if (!this.producerConnected) await this.connectProducer();
        await this.send(this.inflight);
        backoff = this.opts.backoffMinMs;
      } catch (err) {
        this.failed(err);
        await this.recover(err);
        if (this.stopRequested && Date.now() + backoff >= this.drainUntil) break;
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, this.opts.backoffMaxMs);
      }
    }
    await this.disconnectProducer();
  }

  private hasWork(): boolean {
    return this.inflight !== undefined || this.journals.some((j) => !j.isClosed && j.pendingCount > 0);
  }

  private failed(err: unknown): void {
    this.sendErrors++;
    this.lastError = errorText(err);
    this.retrying = this.inflight !== undefined;
    this.log.debug({ err: this.lastError, inFlight: this.inflight?.records ?? 0 }, 'send failed; retrying after a pause');
    this.setState('offline', this.lastError);
  }

  /** After a failure: drop the connections (the next attempt reconnects); a new session if the producer state is lost. */
  private async recover(err: unknown): Promise<void> {
    const type = errorType(err);
    if (type && TOO_LARGE_ERRORS.has(type) && this.inflight) {
      // A new session may send a different batch; resend the first half, then smaller flushes.
      this.byteLimit = Math.max(16 * 1024, Math.floor(this.byteLimit / 2));
      this.inflight = firstHalf(this.inflight);
      this.log.warn({ type, maxBatchBytes: this.byteLimit }, 'batch too large for the broker: splitting it in a new producer session');
      await this.dropProducer();
    } else if (type && FATAL_PRODUCER_ERRORS.has(type)) {
      this.log.warn({ type }, 'producer state lost: resending in a new producer session (identical duplicates possible)');
      await this.dropProducer();
    } else {
      await this.disconnectProducer();
    }
  }

  private async connectProducer(): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: cachedDefaultPartitioner,
        // A few quick retries inside kafkajs; the loop here does the long backoff and
        // resends the same batch, which reuses kafkajs's sequence numbers.
        retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
      });
      this.sessions++;
    }
    await this.producer.connect();
    this.producerConnected = true;
  }

  private async disconnectProducer(): Promise<void> {
    const p = this.producer;
    this.producerConnected = false;
    if (p) await p.disconnect().catch(() => undefined);
  }

  private async dropProducer(): Promise<void> {
    await this.disconnectProducer();
    this.producer = undefined;
  }

  private async send(batch: Batch): Promise<void> {
    const started = Date.now();
    const slow = setTimeout(() => this.setState('offline', `a send has not completed for ${this.opts.offlineAfterMs} ms`), this.opts.offlineAfterMs);
    try {
      await this.producer!.sendBatch({
        topicMessages: batch.topicMessages,
        acks: -1,
        compression: this.opts.compression ?? CompressionTypes.None,
      });
    } finally {
      clearTimeout(slow);
    }
    this.inflight = undefined;
    this.retrying = false;
    for (const { journal, records } of batch.parts) {
      if (journal.isClosed) continue; // its next opener resends: identical duplicates
      // The journal's cursor moves at once; its file follows in the background (not
      // awaited here: a lost cursor write only means identical records sent again).
      journal.ack(records.at(-1)!.seq).catch((err: unknown) => {
        this.log.warn({ err: errorText(err), source: journal.source }, 'could not record an ack in a journal (its records will be sent again)');
      });
    }
    this.sentRecords += batch.records;
    this.sentSinceOffline += batch.records;
    this.lastSentAt = Date.now();
    this.setState('connected');
    this.emit('flush', { records: batch.records, bytes: batch.bytes, sources: batch.parts.length, durationMs: Date.now() - started });
    this.checkFlushWaiters();
  }

  private checkFlushWaiters(): void {
    for (const w of [...this.flushWaiters]) {
      if (w.targets.every(([j, seq]) => j.isClosed || j.ackedSeq >= seq)) w.resolve(true);
    }
  }

  private checkCaughtUp(): void {
    if (this.offlineSince === undefined || this._state !== 'connected') return;
    if (this.journals.some((j) => !j.isClosed && j.pendingCount > 0)) return;
    const info: CaughtUpInfo = { records: this.sentSinceOffline, offlineMs: Date.now() - this.offlineSince };
    this.offlineSince = undefined;
    this.log.info(info, 'flushed the events buffered while Kafka was unreachable');
    this.emit('caughtUp', info);
  }
}
