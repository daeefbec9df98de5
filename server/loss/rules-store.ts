import type { Redis } from 'ioredis';
import { DEFAULT_RULES } from '../../lib/loss/rules/default-rules';
import { ruleSchema, type Rule, type RuleDraft } from '../../lib/loss/rules/rule-schema';
import type { StoredRule } from '../../lib/loss/rules/rule-answers';
import { rulesInForce } from '../../lib/loss/rules/stored-rules';
import { redisKeys } from '../../lib/redis-keys';
import { redisScript } from '../ingest/redis-script';

/**
 * The loss rules as admins save them (issue 8, "Sequence rules"), versioned, in Redis: the
 * rules hash (`lossRules`: rule id → the version in force, read by the exceptions worker
 * through lib/loss/rules/stored-rules.ts) and one hash of versions per rule
 * (`lossRuleVersions`: `current` → n, `v:<n>` → `{rule, savedBy, savedAt}`, the last
 * KEPT_VERSIONS). A default rule (lib/loss/rules/default-rules.ts) is version 1 until saved.
 * Every save, enabling and disabling included, stores the next version: a hit names the
 * version that made it, and a version never changes once stored.
 */
export const KEPT_RULE_VERSIONS = 100;

export type { StoredRule };

/**
 * KEYS: the rules hash, the rule's versions hash. ARGV: rule id, the rule's JSON and the
 * version record's JSON (each with `__V__` where the version goes), the version of the
 * default (0: none), how many to keep, the version it is based on ('' for any). Returns the
 * new version, or −1 − the current one when `basedOn` is not it.
 */
const SAVE_SCRIPT = `
local cur = tonumber(redis.call('HGET', KEYS[2], 'current') or ARGV[4])
if ARGV[6] ~= '' and tonumber(ARGV[6]) ~= cur then return -1 - cur end
local n = cur + 1
local v = tostring(n)
redis.call('HSET', KEYS[1], ARGV[1], (string.gsub(ARGV[2], '__V__', v, 1)))
redis.call('HSET', KEYS[2], 'current', n, 'v:' .. n, (string.gsub(ARGV[3], '__V__', v, 1)))
local keep = tonumber(ARGV[5])
if n > keep then redis.call('HDEL', KEYS[2], 'v:' .. (n - keep)) end
return n`;
const saveScript = redisScript(SAVE_SCRIPT);

export class RuleConflict extends Error {
  constructor(readonly current: number) {
    super(`version ${current} is in force`);
    this.name = 'RuleConflict';
  }
}

/** `{"version":__V__,…the rest}`: the version first, filled in by the script. */
function withVersionSlot(rest: Omit<Rule, 'version'>): string {
  const body = JSON.stringify(rest);
  return `{"version":__V__${body.length > 2 ? ',' : ''}${body.slice(1)}`;
}

export function createRuleStore(redis: Redis) {
  const defaultVersion = (id: string) => DEFAULT_RULES.find((r) => r.id === id)?.version ?? 0;

  async function metaOf(rules: Rule[]): Promise<StoredRule[]> {
    if (rules.length === 0) return [];
    const p = redis.pipeline();
    for (const r of rules) p.hget(redisKeys.lossRuleVersions(r.id), `v:${r.version}`);
    const res = (await p.exec()) ?? [];
    return rules.map((rule, i) => {
      const raw = res[i]?.[1] as string | null | undefined;
      let savedBy: string | null = null;
      let savedAt: string | null = null;
      if (raw) {
        try {
          const m = JSON.parse(raw) as { savedBy?: unknown; savedAt?: unknown };
          savedBy = typeof m.savedBy === 'string' ? m.savedBy : null;
          savedAt = typeof m.savedAt === 'string' ? m.savedAt : null;
        } catch {
          /* a version record that does not parse: no meta */
        }
      }
      return { rule, savedBy, savedAt };
    });
  }

  const store = {
    /** Every rule in force (defaults overlaid by saved versions), by id. */
    async list(): Promise<StoredRule[]> {
      return metaOf(rulesInForce(await redis.hgetall(redisKeys.lossRules())));
    },
    async get(id: string): Promise<StoredRule | null> {
      return (await store.list()).find((s) => s.rule.id === id) ?? null;
    },
    /** Saves `draft` as rule `id`'s next version (with `basedOn`: only if that is still the version in force). */
    async save(id: string, draft: Omit<RuleDraft, 'id'>, by: string, at: number, basedOn?: number): Promise<StoredRule> {
      const savedAt = new Date(at).toISOString();
      // Validated whole (the version a placeholder) before anything is stored.
      const rule = ruleSchema.parse({ ...draft, id, version: 1 });
      const { version: _v, ...rest } = rule;
      const ruleJson = withVersionSlot(rest);
      // The rule first: its version slot is the first `__V__` of each.
      const record = `{"rule":${ruleJson},"savedBy":${JSON.stringify(by)},"savedAt":${JSON.stringify(savedAt)}}`;
      const n = Number(
        await saveScript(redis, [redisKeys.lossRules(), redisKeys.lossRuleVersions(id)], [id, ruleJson, record, defaultVersion(id), KEPT_RULE_VERSIONS, basedOn === undefined ? '' : basedOn]),
      );
      if (n < 0) throw new RuleConflict(-1 - n);
      return { rule: { ...rule, version: n }, savedBy: by, savedAt };
    },
    /** Enables or disables a rule (a new version when that changes it); null when there is no such rule. */
    async setEnabled(id: string, enabled: boolean, by: string, at: number): Promise<StoredRule | null> {
      const cur = await store.get(id);
      if (!cur) return null;
      if (cur.rule.enabled === enabled) return cur;
      const { version: _v, id: _id, ...draft } = cur.rule;
      return store.save(id, { ...draft, enabled }, by, at, cur.rule.version);
    },
    /** Up to `count` stored versions of a rule, newest first. */
    async versions(id: string, count = 20): Promise<StoredRule[]> {
      const key = redisKeys.lossRuleVersions(id);
      const n = Number((await redis.hget(key, 'current')) ?? 0);
      const wanted: number[] = [];
      for (let v = n; v >= 1 && wanted.length < count; v--) wanted.push(v);
      if (wanted.length === 0) return [];
      const found = await redis.hmget(key, ...wanted.map((v) => `v:${v}`));
      return found.flatMap((raw) => {
        if (!raw) return [];
        try {
          const m = JSON.parse(raw) as { savedBy: string; savedAt: string; rule: unknown };
          const rule = ruleSchema.safeParse(m.rule);
          return rule.success ? [{ rule: rule.data, savedBy: m.savedBy, savedAt: m.savedAt }] : [];
        } catch {
          return [];
        }
      });
    },
  };
  return store;
}

export type RuleStore = ReturnType<typeof createRuleStore>;
