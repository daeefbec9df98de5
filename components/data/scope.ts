import type { Channel } from '@/lib/kpis/compute-kpis';
import { CHAIN_ROOM, roomForRegion, roomForStore } from '@/lib/live/rooms';

/** What a page's figures cover: one store, one region, or the whole chain (neither), in a channel. */
export interface Scope {
  storeId?: string;
  region?: string;
  channel: Channel;
}

/** The live room whose deltas concern this scope. */
export function roomOf(s: Scope): string {
  if (s.storeId) return roomForStore(s.storeId);
  if (s.region) return roomForRegion(s.region);
  return CHAIN_ROOM;
}

/** The scope's query parameters of the KPI API. */
export const scopeParams = (s: Scope) => ({ storeId: s.storeId, region: s.storeId ? undefined : s.region, channel: s.channel });

/** A stable part of a query key. */
export const scopeKey = (s: Scope) => [s.storeId ?? '', s.storeId ? '' : (s.region ?? ''), s.channel] as const;
