import type { Redis } from 'ioredis';
import { readLiveMinutes } from '../../lib/live/live-counts';
import { CHAIN_SCOPE, locationScope, regionScope } from '../../lib/live/scopes';
import type { MinuteSource, ScopeGroup } from './kpi-types';

/** The live aggregator's key of a scope group (lib/live/scopes.ts). */
export function liveScopeOf(g: ScopeGroup): string {
  if (g.level === 'location') return locationScope(g.locations[0] ?? '');
  if (g.level === 'region') return regionScope(g.region ?? '');
  return CHAIN_SCOPE;
}

/**
 * The live source of minute counts: what the live aggregator (workers/aggregator) keeps in
 * Redis for the last days. A group is one scope in one timezone, exactly one of its keys.
 */
export function createLiveSource(redis: Redis): MinuteSource {
  return {
    name: 'live',
    perMinute: (g, from, to) => readLiveMinutes(redis, liveScopeOf(g), [g.timezone], from, to),
  };
}
