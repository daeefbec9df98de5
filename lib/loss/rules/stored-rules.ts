import { DEFAULT_RULES } from './default-rules';
import { ruleSchema, type Rule } from './rule-schema';

/**
 * The rules in force: the defaults (default-rules.ts) overlaid by those saved over the API
 * (Redis `lossRules`: rule id → the current version's JSON). One reading for the worker that
 * evaluates them and the routes that list them. A stored value that does not parse is
 * skipped (the default of that id, if any, stays).
 */
export function rulesInForce(stored: Record<string, string>): Rule[] {
  const byId = new Map<string, Rule>(DEFAULT_RULES.map((r) => [r.id, r]));
  for (const [id, json] of Object.entries(stored)) {
    let parsed;
    try {
      parsed = ruleSchema.safeParse(JSON.parse(json));
    } catch {
      continue;
    }
    if (parsed.success && parsed.data.id === id) byId.set(id, parsed.data);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The event types rules look at, and those whose payload they read (a matcher's `where`, refunds, the threshold metrics). */
export function typesOfRules(rules: readonly Rule[]): { types: Set<string>; payloadTypes: Set<string> } {
  const types = new Set<string>();
  const payloadTypes = new Set<string>();
  for (const r of rules) {
    const matchers = r.kind === 'sequence' ? r.steps : r.kind === 'receipt_count' ? [r.match] : [];
    for (const m of matchers) {
      types.add(m.type);
      if (m.where) payloadTypes.add(m.type);
    }
    if (r.kind === 'refund_unsold_sku') {
      types.add('pos.item.added');
      types.add('pos.refund.issued');
      payloadTypes.add('pos.refund.issued');
    }
    if (r.kind === 'threshold') {
      for (const t of ['pos.receipt.closed', 'pos.receipt.postvoided', 'pos.item.added', 'pos.item.voided', 'pos.receipt.voided', 'pos.price.overridden', 'pos.discount.applied', 'pos.refund.issued', 'pos.drawer.opened', 'pos.report.z', 'pos.sco.assist.requested']) {
        types.add(t);
      }
      for (const t of ['pos.item.added', 'pos.price.overridden', 'pos.discount.applied', 'pos.refund.issued', 'pos.drawer.opened', 'pos.report.z']) payloadTypes.add(t);
    }
  }
  return { types, payloadTypes };
}
