import type { StoreInfo } from '../../lib/kpis/store-answers';
import type { PublishedPromotion } from '../../lib/promotions/promotion-window';
import type { PromotionAnswer, PromotionDraft, PromotionRecord, PromotionStatus, PromotionsAnswer } from '../../lib/promotions/authoring-answers';
import { localTimeToUtc } from '../../lib/time/local-time';
import { UserInputError } from '../auth/user-input';
import { overlapsOf, type Footprint } from './promotion-overlap';
import type { PromotionPublish } from './promotion-publisher';
import type { PromotionStore, StoredPromotion } from './promotion-store';

/** A request that cannot be done as asked: 404 (no such promotion) or 409 (its state or version, or overlaps not acknowledged). */
export class PromotionRefused extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'PromotionRefused';
  }
}

/** A SKU as master data names it (`sku.upserted`): what the authoring needs of it. */
export interface SkuInfo {
  sku: string;
  category: string;
}

/**
 * Authoring and publishing (issue 9, deliverable 1): drafts checked against master data (its
 * stores, regions, SKUs and categories), published to `hq.promotions` with the stores and UTC
 * bounds their own timezones give, and withdrawn. A promotion that shares SKUs, stores and
 * time with another in force says so on every answer, and is published over it only when the
 * author acknowledges it. Who may do what is the routes' business (promotion-routes.ts).
 */
export function createPromotionService(d: {
  store: PromotionStore;
  publish: PromotionPublish;
  stores: () => Promise<Map<string, StoreInfo>>;
  skus: () => Promise<Map<string, SkuInfo>>;
  /** The promotions on hq.promotions published by anyone (topic-promotions.ts), checked for overlaps too. */
  topic?: () => PublishedPromotion[];
  now?: () => number;
  newId?: () => string;
}) {
  const now = d.now ?? Date.now;
  const newId = d.newId ?? (() => `PRM-${now().toString(36).toUpperCase()}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`);

  /** The stores a draft targets, checked against master data. */
  function targetStores(draft: PromotionDraft, all: Map<string, StoreInfo>): StoreInfo[] {
    const t = draft.target;
    if (t.scope === 'chain') return [...all.values()];
    if (t.scope === 'region') {
      const list = [...all.values()].filter((s) => s.region === t.region);
      if (list.length === 0) throw new UserInputError('target.region', `no store is in region "${t.region}" (regions: ${[...new Set([...all.values()].map((s) => s.region))].sort().join(', ')})`);
      return list;
    }
    return t.storeIds.map((id, i) => {
      const s = all.get(id);
      if (!s) throw new UserInputError(`target.storeIds.${i}`, `no store ${id} in the master data`);
      return s;
    });
  }

  /** The SKUs a draft promotes (its list, and its category's), each listed one checked against master data. */
  function promotedSkus(draft: PromotionDraft, skus: Map<string, SkuInfo>): Set<string> {
    draft.skus.forEach((sku, i) => {
      if (!skus.has(sku)) throw new UserInputError(`skus.${i}`, `no SKU ${sku} in the master data`);
    });
    const out = new Set(draft.skus);
    if (draft.category !== undefined) {
      const inCategory = [...skus.values()].filter((s) => s.category === draft.category);
      for (const s of inCategory) out.add(s.sku);
      if (inCategory.length === 0) throw new UserInputError('category', `no SKU of category "${draft.category}" in the master data`);
    }
    return out;
  }

  /** Each store's window from the wall-clock times in its timezone: the earliest start and the latest end. */
  function bounds(draft: PromotionDraft, stores: StoreInfo[]): { fromMs: number; toMs: number } {
    const at = (local: string, tz: string) => localTimeToUtc(local.slice(0, 10), Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16)), tz);
    const starts = stores.map((s) => at(draft.localStart, s.timezone));
    const ends = stores.map((s) => at(draft.localEnd, s.timezone));
    return { fromMs: Math.min(...starts), toMs: Math.max(...ends) };
  }

  async function footprint(id: string, draft: PromotionDraft): Promise<Footprint & { stores: StoreInfo[] }> {
    const [all, skus] = await Promise.all([d.stores(), d.skus()]);
    const stores = targetStores(draft, all);
    const set = promotedSkus(draft, skus);
    return { promotionId: id, name: draft.name, storeIds: draft.target.scope === 'chain' ? null : stores.map((s) => s.storeId), ...bounds(draft, stores), skus: set, stores };
  }

  const statusOf = (p: StoredPromotion, at: number): PromotionStatus => {
    if (p.state === 'draft') return 'draft';
    if (p.state === 'withdrawn') return 'withdrawn';
    const { startsAt, endsAt } = p.published!;
    return at < Date.parse(startsAt) ? 'scheduled' : at >= Date.parse(endsAt) ? 'ended' : 'running';
  };
  const recordOf = (p: StoredPromotion): PromotionRecord => {
    const { state: _state, ...rest } = p;
    return { ...rest, status: statusOf(p, now()) };
  };

  /** The SKUs a promotion covers by master data now: its list (as far as master data still has them) and its category's. */
  const covered = (skus: Map<string, SkuInfo>, list: readonly string[], category: string | undefined) =>
    new Set([...list.filter((s) => skus.has(s)), ...(category === undefined ? [] : [...skus.values()].filter((s) => s.category === category).map((s) => s.sku))]);

  /**
   * The promotions still in force but `except`, as footprints: those published here (their stores
   * and bounds as published) and those on hq.promotions published by anyone else.
   */
  async function inForce(except: string): Promise<Footprint[]> {
    const skus = await d.skus();
    const authored = (await d.store.list()).filter((p) => p.state !== 'draft');
    const mine = new Set(authored.map((p) => p.promotionId));
    const here: Footprint[] = authored
      .filter((p) => p.promotionId !== except && p.state === 'published' && Date.parse(p.published!.endsAt) > now())
      .map((p) => ({
        promotionId: p.promotionId,
        name: p.draft.name,
        storeIds: p.draft.target.scope === 'chain' ? null : p.published!.storeIds,
        fromMs: Date.parse(p.published!.startsAt),
        toMs: Date.parse(p.published!.endsAt),
        skus: covered(skus, p.draft.skus, p.draft.category),
      }));
    const elsewhere: Footprint[] = (d.topic?.() ?? [])
      .filter((p) => p.promotionId !== except && !mine.has(p.promotionId) && Date.parse(p.endsAt) > now())
      .map((p) => ({ promotionId: p.promotionId, name: p.name, storeIds: p.storeIds.length === 0 ? null : p.storeIds, fromMs: Date.parse(p.startsAt), toMs: Date.parse(p.endsAt), skus: covered(skus, p.skus, p.category) }));
    return [...here, ...elsewhere];
  }

  async function answer(p: StoredPromotion): Promise<PromotionAnswer> {
    const overlaps = p.state === 'withdrawn' ? [] : overlapsOf(await footprint(p.promotionId, p.draft), await inForce(p.promotionId));
    return { promotion: recordOf(p), overlaps };
  }

  async function existing(id: string): Promise<StoredPromotion> {
    const p = await d.store.get(id);
    if (!p) throw new PromotionRefused(404, `no promotion ${id}`);
    return p;
  }

  const stale = (p: StoredPromotion, basedOn: number) => {
    if (p.version !== basedOn) throw new PromotionRefused(409, `promotion ${p.promotionId} has changed since version ${basedOn}: version ${p.version} is stored; reload it`, { current: p.version });
  };

  return {
    async list(status?: PromotionStatus): Promise<PromotionsAnswer> {
      const all = (await d.store.list()).map(recordOf).filter((p) => status === undefined || p.status === status);
      all.sort((a, b) => (a.draft.localStart < b.draft.localStart ? 1 : a.draft.localStart > b.draft.localStart ? -1 : a.promotionId < b.promotionId ? -1 : 1));
      return { promotions: all, generatedAt: new Date(now()).toISOString() };
    },

    get: async (id: string): Promise<PromotionAnswer> => answer(await existing(id)),

    async create(draft: PromotionDraft, by: string): Promise<PromotionAnswer> {
      const id = newId();
      await footprint(id, draft);
      const at = new Date(now()).toISOString();
      const saved = await d.store.save({ promotionId: id, state: 'draft', draft, createdBy: by, createdAt: at, updatedBy: by, updatedAt: at, published: null, withdrawn: null }, 'new');
      return answer(saved);
    },

    async edit(id: string, basedOn: number, draft: PromotionDraft, by: string): Promise<PromotionAnswer> {
      const cur = await existing(id);
      stale(cur, basedOn);
      if (cur.state !== 'draft') throw new PromotionRefused(409, `promotion ${id} is ${cur.state}: only a draft is edited (withdraw it and publish a new one)`);
      await footprint(id, draft);
      const { version: _v, ...rest } = cur;
      return answer(await d.store.save({ ...rest, draft, updatedBy: by, updatedAt: new Date(now()).toISOString() }, basedOn));
    },

    async publish(id: string, body: { basedOn: number; acknowledgeOverlaps: boolean }, by: string): Promise<PromotionAnswer> {
      const cur = await existing(id);
      stale(cur, body.basedOn);
      if (cur.state !== 'draft') throw new PromotionRefused(409, `promotion ${id} is ${cur.state} already`);
      const fp = await footprint(id, cur.draft);
      if (fp.toMs <= now()) throw new UserInputError('localEnd', `${cur.draft.localEnd} is over in every store it targets: nothing to publish`);
      const overlaps = overlapsOf(fp, await inForce(id));
      if (overlaps.length > 0 && !body.acknowledgeOverlaps) {
        throw new PromotionRefused(409, `it overlaps ${overlaps.length} promotion(s) in force on the same SKUs: ${overlaps.map((o) => o.name).join(', ')}; publish with acknowledgeOverlaps to go ahead`, { overlaps });
      }
      const storeIds = fp.storeIds === null ? [] : [...fp.storeIds];
      const draft = cur.draft;
      const payload = {
        promotionId: id,
        name: draft.name,
        kind: draft.kind,
        value: draft.value,
        ...(draft.buyQty !== undefined ? { buyQty: draft.buyQty } : {}),
        skus: draft.skus,
        ...(draft.category !== undefined ? { category: draft.category } : {}),
        storeIds,
        ...(draft.target.scope === 'region' ? { region: draft.target.region } : {}),
        startsAt: new Date(fp.fromMs).toISOString(),
        endsAt: new Date(fp.toMs).toISOString(),
        localStart: draft.localStart,
        localEnd: draft.localEnd,
      };
      const at = new Date(now()).toISOString();
      const { version: _v, ...rest } = cur;
      // Stored as published first (the version check decides between two publishers), then sent; put back if Kafka refuses.
      const published = { by, at, storeIds: fp.stores.map((s) => s.storeId), startsAt: payload.startsAt, endsAt: payload.endsAt, eventId: '' };
      const saved = await d.store.save({ ...rest, state: 'published', updatedBy: by, updatedAt: at, published }, body.basedOn);
      let eventId: string;
      try {
        eventId = await d.publish('promo.published', payload);
      } catch (err) {
        await d.store.save({ ...rest, updatedBy: cur.updatedBy, updatedAt: cur.updatedAt }, saved.version).catch(() => undefined);
        throw err;
      }
      const { version: _s, ...savedRest } = saved;
      return answer(await d.store.save({ ...savedRest, published: { ...published, eventId } }, saved.version));
    },

    async withdraw(id: string, body: { basedOn: number; reason: string }, by: string): Promise<PromotionAnswer> {
      const cur = await existing(id);
      stale(cur, body.basedOn);
      if (cur.state !== 'published') throw new PromotionRefused(409, cur.state === 'draft' ? `promotion ${id} is a draft: delete it instead` : `promotion ${id} is withdrawn already`);
      const at = new Date(now()).toISOString();
      const { version: _v, ...rest } = cur;
      const saved = await d.store.save({ ...rest, state: 'withdrawn', updatedBy: by, updatedAt: at, withdrawn: { by, at, reason: body.reason, eventId: '' } }, body.basedOn);
      let eventId: string;
      try {
        eventId = await d.publish('promo.withdrawn', { promotionId: id, reason: body.reason });
      } catch (err) {
        await d.store.save({ ...rest }, saved.version).catch(() => undefined);
        throw err;
      }
      const { version: _s, ...savedRest } = saved;
      return answer(await d.store.save({ ...savedRest, withdrawn: { by, at, reason: body.reason, eventId } }, saved.version));
    },

    async removeDraft(id: string, basedOn: number): Promise<void> {
      const r = await d.store.removeDraft(id, basedOn);
      if (r === 'absent') throw new PromotionRefused(404, `no promotion ${id}`);
      if (r === 'published') throw new PromotionRefused(409, `promotion ${id} has been published: withdraw it instead`);
    },
  };
}

export type PromotionService = ReturnType<typeof createPromotionService>;
