import type { Redis } from 'ioredis';
import type { WeightsVersion } from '../../lib/loss/risk-answers';
import { DEFAULT_WEIGHTS, withDefaults, type RiskWeights } from '../../lib/loss/risk-signals';
import { redisKeys } from '../../lib/redis-keys';
import { redisScript } from '../ingest/redis-script';

/**
 * The risk ranking's weights as an admin sets them, versioned, in one Redis hash
 * (`lossRiskWeights`): `current` → the version in force, `v:<n>` → version n as stored
 * (`{weights, setBy, setAt}`). Version 0 is the defaults of lib/loss/risk-signals.ts, never
 * stored; each PUT stores the next version with who and when, the earlier ones are kept (the
 * last KEPT_VERSIONS). A version never changes once stored, so a reader that saw `current`
 * may read its version at leisure.
 */
export const KEPT_VERSIONS = 100;

export interface RiskWeightStore {
  /** The weights in force (version 0: the defaults). */
  current: () => Promise<WeightsVersion>;
  /** Up to `count` versions before `version`, newest first, down to the defaults (version 0). */
  previous: (version: number, count: number) => Promise<WeightsVersion[]>;
  /**
   * Stores `weights` as the next version. With `basedOn`, only if that is still the version
   * in force (else nothing is stored: `conflict` is the version in force).
   */
  put: (weights: RiskWeights, by: string, at: number, basedOn?: number) => Promise<WeightsVersion | { conflict: number }>;
}

export const DEFAULTS_VERSION: WeightsVersion = { version: 0, weights: DEFAULT_WEIGHTS, setBy: null, setAt: null };

/** KEYS[1] the hash; ARGV: the version's JSON, how many to keep, the version it is based on ('' for any). Returns the new version, or −1 − the current one on a conflict. */
const PUT_SCRIPT = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'current') or '0')
if ARGV[3] ~= '' and tonumber(ARGV[3]) ~= cur then return -1 - cur end
local n = cur + 1
redis.call('HSET', KEYS[1], 'current', n, 'v:' .. n, ARGV[1])
local keep = tonumber(ARGV[2])
if n > keep then redis.call('HDEL', KEYS[1], 'v:' .. (n - keep)) end
return n`;
const putScript = redisScript(PUT_SCRIPT);

/** A stored version, read back (weights completed with the defaults of signals added since). */
export function parseVersion(version: number, json: string | null): WeightsVersion | null {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as { weights?: Record<string, unknown>; setBy?: unknown; setAt?: unknown };
    return {
      version,
      weights: withDefaults(v.weights ?? {}),
      setBy: typeof v.setBy === 'string' ? v.setBy : null,
      setAt: typeof v.setAt === 'string' ? v.setAt : null,
    };
  } catch {
    return null;
  }
}

export function createRiskWeightStore(redis: Redis): RiskWeightStore {
  const key = redisKeys.lossRiskWeights();
  return {
    async current() {
      const n = Number((await redis.hget(key, 'current')) ?? 0);
      if (!(n > 0)) return DEFAULTS_VERSION;
      return parseVersion(n, await redis.hget(key, `v:${n}`)) ?? DEFAULTS_VERSION;
    },
    async previous(version, count) {
      const wanted: number[] = [];
      for (let v = version - 1; v >= 1 && wanted.length < count; v--) wanted.push(v);
      const found = wanted.length === 0 ? [] : await redis.hmget(key, ...wanted.map((v) => `v:${v}`));
      const out = wanted.flatMap((v, i) => parseVersion(v, found[i] ?? null) ?? []);
      if (version > 0 && out.length < count && (wanted.length === 0 || wanted[wanted.length - 1] === 1)) out.push(DEFAULTS_VERSION);
      return out;
    },
    async put(weights, by, at, basedOn) {
      const setAt = new Date(at).toISOString();
      const n = Number(await putScript(redis, [key], [JSON.stringify({ weights, setBy: by, setAt }), KEPT_VERSIONS, basedOn === undefined ? '' : basedOn]));
      if (n < 0) return { conflict: -1 - n };
      return { version: n, weights, setBy: by, setAt };
    },
  };
}
