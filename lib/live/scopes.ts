import { CHAIN_ROOM, roomForRegion, roomForStore } from './rooms';

/**
 * The scopes the live aggregator counts for (lib/live/live-counts.ts) and the Socket.IO
 * room each one's deltas go to. A store's events count in its location, its region and
 * the chain; a warehouse's (web orders it fulfils) in its location and the chain.
 */
export const CHAIN_SCOPE = 'chain';
export const regionScope = (region: string) => `region:${region}`;
export const locationScope = (locationId: string) => `loc:${locationId}`;

/** The room of a scope's live deltas, or undefined (a location that is not a store has no room). */
export function roomOfScope(scope: string, isStore: (id: string) => boolean): string | undefined {
  if (scope === CHAIN_SCOPE) return CHAIN_ROOM;
  if (scope.startsWith('region:')) return roomForRegion(scope.slice('region:'.length));
  const id = scope.slice('loc:'.length);
  return isStore(id) ? roomForStore(id) : undefined;
}
