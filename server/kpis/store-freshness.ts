export { LAGGING_AFTER_MS, OFFLINE_AFTER_MS } from '../../lib/kpis/store-status';
/** Each store's freshness from the live aggregator's sources (in lib/, for the alerts worker too). */
export { readSourceStates, readStoreStates } from '../../lib/kpis/read-store-states';
export type { SourceState, StoreState } from '../../lib/kpis/store-answers';
