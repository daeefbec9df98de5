import { ruleSchema, type Rule, type RuleInput } from './rule-schema';

const MIN = 60_000;

/**
 * The rules a chain starts with (each one version 1): the examples of issue 8. An admin edits,
 * enables or disables them, or adds others, over the API; every save is a new version.
 */
const DEFAULTS: RuleInput[] = [
  {
    id: 'postvoid-then-nosale',
    version: 1,
    name: 'Post-void then a no-sale drawer open',
    description: 'A paid receipt post-voided, then the drawer opened without a sale at the same till within 5 minutes: the refund taken from the drawer in cash.',
    enabled: true,
    severity: 'critical',
    kind: 'sequence',
    by: 'till',
    steps: [{ type: 'pos.receipt.postvoided' }, { type: 'pos.drawer.opened', where: { reason: 'no_sale' } }],
    withinMs: 5 * MIN,
    correlate: 'none',
  },
  {
    id: 'override-then-line-void',
    version: 1,
    name: 'Price override then a void of the same line',
    description: 'A line’s price overridden, then that line voided: the override hides a sweethearted item, the void its trace.',
    enabled: true,
    severity: 'warning',
    kind: 'sequence',
    by: 'cashier',
    steps: [{ type: 'pos.price.overridden' }, { type: 'pos.item.voided' }],
    withinMs: 10 * MIN,
    correlate: 'line',
  },
  {
    id: 'many-line-voids',
    version: 1,
    name: 'More than 3 line voids in one receipt',
    description: 'Lines scanned for show and voided: sweethearting.',
    enabled: true,
    severity: 'warning',
    kind: 'receipt_count',
    match: { type: 'pos.item.voided' },
    moreThan: 3,
  },
  {
    id: 'refund-unsold-sku',
    version: 1,
    name: 'Refund without receipt of a SKU not sold today',
    description: 'A refund without a receipt of a SKU no till of the store has rung up earlier that day.',
    enabled: true,
    severity: 'warning',
    kind: 'refund_unsold_sku',
    withReceipt: 'without',
  },
  {
    id: 'postvoid-rate',
    version: 1,
    name: 'Post-void rate above 3 per 100 receipts',
    description: 'A cashier’s post-voids over the day so far, per 100 receipts, once they have 20 receipts.',
    enabled: true,
    severity: 'warning',
    kind: 'threshold',
    metric: 'postVoids',
    per100ReceiptsAbove: 3,
    minReceipts: 20,
  },
];

export const DEFAULT_RULES: readonly Rule[] = DEFAULTS.map((r) => ruleSchema.parse(r));
