import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ALERTS_ROOM } from '../live/rooms';
import { redisKeys } from '../redis-keys';
import { alertSchema, dedupeKeyOf, type Alert, type RaisedAlert } from './alert-model';
import { acknowledge, escalate, raise, resolveAuto, resolveBy, resolvedUnseen, type Change } from './alert-transitions';

/** How long a resolved alert stays in Redis (its history stays in ClickHouse). */
export const RESOLVED_KEEP_DAYS = 7;
/** How long the mark of an alert merged as a repeat is kept (a replay older than this is not expected). */
export const MERGED_KEEP_DAYS = 35;
/**
 * A process reuses the list it read while the revision is unchanged, for at most this long (the
 * expiry of resolved alerts is not a change: they leave the list within this).
 */
export const LIST_REUSE_MS = 10_000;
const ATTEMPTS = 8;

/**
 * Writes one change if the alert's stored version and its dedupe key's open id are still
 * what was read (optimistic: the worker and the API write the same alerts). Also indexes it,
 * marks it for the ClickHouse history, for a repeat marks the repeat's id, and sets the
 * revision to a new token.
 */
const COMMIT = `
if (redis.call('HGET', KEYS[1], 'v') or '0') ~= ARGV[1] then return 0 end
if (redis.call('HGET', KEYS[2], ARGV[2]) or '') ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[4], 'j', ARGV[5])
if tonumber(ARGV[7]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[7]) else redis.call('PERSIST', KEYS[1]) end
if ARGV[6] == 'set' then redis.call('HSET', KEYS[2], ARGV[2], ARGV[9]) elseif ARGV[6] == 'del' then redis.call('HDEL', KEYS[2], ARGV[2]) end
redis.call('ZADD', KEYS[3], ARGV[8], ARGV[9])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[9])
if ARGV[10] ~= '' then redis.call('SET', KEYS[5], ARGV[9], 'EX', ARGV[11]) end
redis.call('SET', KEYS[6], ARGV[12])
return 1
`;

/** Removes an id from the history outbox only if its pending version is still the one written. */
const WRITTEN = `
for i = 1, #ARGV, 2 do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('ZREM', KEYS[1], ARGV[i]) end
end
return 0
`;

type WithCommit = Redis & {
  alertCommit: (...args: (string | number)[]) => Promise<number>;
  alertHistoryWritten: (...args: string[]) => Promise<number>;
};

const parse = (j: string | null | undefined): Alert | null => (j ? alertSchema.parse(JSON.parse(j)) : null);

export type AlertStore = ReturnType<typeof createAlertStore>;

/** The unified alerts in Redis (docs/kpis.md "Alerts"): each by id, the open one per dedupe key, the index, the history outbox. */
export function createAlertStore(redis: Redis, clock: () => number = Date.now) {
  if (!('alertCommit' in redis)) {
    redis.defineCommand('alertCommit', { numberOfKeys: 6, lua: COMMIT });
    redis.defineCommand('alertHistoryWritten', { numberOfKeys: 1, lua: WRITTEN });
  }
  const r = redis as WithCommit;
  /** The list read last, and the revision it was read at (read before the list: a change meanwhile makes the next call read again). */
  let lastList: { revision: string; at: number; alerts: readonly Alert[] } | null = null;
  /** The read under way, if any, and the revision read before it. */
  let reading: { revision: string; alerts: Promise<readonly Alert[]> } | null = null;

  /** Every stored alert, newest first, pruning the index of ids whose alert expired. */
  async function readAll(): Promise<readonly Alert[]> {
    const ids = await redis.zrevrange(redisKeys.alertsIndex(), 0, -1);
    const p = redis.pipeline();
    for (const id of ids) p.hget(redisKeys.alert(id), 'j');
    const res = ids.length ? ((await p.exec()) ?? []) : [];
    const gone: string[] = [];
    const out: Alert[] = [];
    res.forEach(([err, j], i) => {
      if (err) throw err;
      const a = parse(j as string | null);
      if (a) out.push(a);
      else gone.push(ids[i]!);
    });
    if (gone.length) await redis.zrem(redisKeys.alertsIndex(), ...gone);
    return out;
  }

  async function get(id: string): Promise<Alert | null> {
    return parse(await redis.hget(redisKeys.alert(id), 'j'));
  }

  async function openOf(dedupeKey: string): Promise<{ openId: string; open: Alert | null }> {
    const openId = (await redis.hget(redisKeys.alertsOpen(), dedupeKey)) ?? '';
    return { openId, open: openId ? await get(openId) : null };
  }

  async function commit(c: Change, openId: string): Promise<boolean> {
    const a = c.alert;
    const ttl = a.state === 'resolved' ? RESOLVED_KEEP_DAYS * 86_400 : 0;
    const done = await r.alertCommit(
      redisKeys.alert(a.id),
      redisKeys.alertsOpen(),
      redisKeys.alertsIndex(),
      redisKeys.alertsHistoryPending(),
      redisKeys.alertMerged(c.mergedId ?? a.id),
      redisKeys.alertsRevision(),
      String(c.expectedVersion),
      a.dedupeKey,
      openId,
      String(a.version),
      JSON.stringify(a),
      c.open,
      ttl,
      a.openedAt,
      a.id,
      c.mergedId ?? '',
      MERGED_KEEP_DAYS * 86_400,
      randomUUID(),
    );
    return done === 1;
  }

  /** Reads, plans and commits until the commit finds what it read (or gives up: a write storm on one alert). */
  async function change(plan: () => Promise<{ change: Change | null; openId: string }>): Promise<Alert | null> {
    for (let i = 0; i < ATTEMPTS; i++) {
      const { change: c, openId } = await plan();
      if (!c) return null;
      if (await commit(c, openId)) {
        // The alerts center's live push (server/web/live-relay.ts): best effort, the pages also reload.
        await redis.publish(redisKeys.liveChannel(ALERTS_ROOM), JSON.stringify(c.alert)).catch(() => undefined);
        return c.alert;
      }
    }
    throw new Error('alert store: too many concurrent changes to one alert');
  }

  return {
    get,
    /** An alert from the `alerts` topic or a rule, open or (resolvedAt set) resolved by its producer. Idempotent by id. */
    upsert(raised: RaisedAlert, resolvedAt: number | null): Promise<Alert | null> {
      return change(async () => {
        const [byId, merged, o] = await Promise.all([get(raised.id), redis.exists(redisKeys.alertMerged(raised.id)), openOf(dedupeKeyOf(raised.kind, raised.subject))]);
        if (resolvedAt === null) return { change: raise(raised, { byId, open: o.open, merged: merged === 1 }, clock()), openId: o.openId };
        if (byId) return { change: resolveAuto(byId, resolvedAt, clock()), openId: o.openId };
        return { change: merged === 1 ? null : resolvedUnseen(raised, resolvedAt, clock()), openId: o.openId };
      });
    },
    /** The condition of a dedupe key cleared: its open alert resolves `auto`. */
    clear(dedupeKey: string, at: number): Promise<Alert | null> {
      return change(async () => {
        const o = await openOf(dedupeKey);
        return { change: resolveAuto(o.open, at, clock()), openId: o.openId };
      });
    },
    /** The condition of a dedupe key's open alert holds, graver: that alert takes the raised severity and evidence. */
    escalate(raised: RaisedAlert): Promise<Alert | null> {
      return change(async () => {
        const o = await openOf(dedupeKeyOf(raised.kind, raised.subject));
        return { change: escalate(o.open, raised, clock()), openId: o.openId };
      });
    },
    /** The open alert of a dedupe key, if any. */
    async open(dedupeKey: string): Promise<Alert | null> {
      return (await openOf(dedupeKey)).open;
    },
    acknowledge(id: string, who: string): Promise<Alert | null> {
      return change(async () => {
        const a = await get(id);
        const o = a ? await openOf(a.dedupeKey) : { openId: '' };
        return { change: a ? acknowledge(a, who, clock()) : null, openId: o.openId };
      });
    },
    resolve(id: string, who: string): Promise<Alert | null> {
      return change(async () => {
        const a = await get(id);
        const o = a ? await openOf(a.dedupeKey) : { openId: '' };
        return { change: a ? resolveBy(a, who, clock()) : null, openId: o.openId };
      });
    },
    /**
     * Every stored alert, newest first (ids whose alert expired are dropped from the index). The
     * list read last is answered again while no change was committed since (one GET), for up to
     * LIST_REUSE_MS, and calls that come while it is being read wait for that read: the alerts
     * page and every bell ask often, and thousands of alerts take tens of milliseconds to read
     * (bench/alerts), so a process reads them at most once per change, whatever the number of
     * users. The answer is shared: callers must not change it.
     */
    async list(): Promise<readonly Alert[]> {
      const revision = (await redis.get(redisKeys.alertsRevision())) ?? '';
      if (lastList && lastList.revision === revision && performance.now() - lastList.at < LIST_REUSE_MS) return lastList.alerts;
      if (reading?.revision === revision) return reading.alerts;
      const at = performance.now();
      const alerts = readAll();
      reading = { revision, alerts };
      try {
        const out = await alerts;
        lastList = { revision, at, alerts: out };
        return out;
      } finally {
        if (reading?.alerts === alerts) reading = null;
      }
    },
    /** Alert ids whose latest version is not in ClickHouse yet, with that version. */
    async pendingHistory(limit: number): Promise<{ id: string; version: number }[]> {
      const flat = await redis.zrange(redisKeys.alertsHistoryPending(), '0', String(limit - 1), 'WITHSCORES');
      const out: { id: string; version: number }[] = [];
      for (let i = 0; i < flat.length; i += 2) out.push({ id: flat[i]!, version: Number(flat[i + 1]) });
      return out;
    },
    /** Marks these versions written to ClickHouse (an id changed again since keeps its mark). */
    async historyWritten(done: { id: string; version: number }[]): Promise<void> {
      if (done.length === 0) return;
      await r.alertHistoryWritten(redisKeys.alertsHistoryPending(), ...done.flatMap((d) => [d.id, String(d.version)]));
    },
  };
}
