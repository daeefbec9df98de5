/**
 * Every query a live delta may touch is under this root (`['live', kind, …]`): a resync
 * (reconnection, tab shown again) reloads them all, and nothing else.
 */
export const LIVE_QUERY_ROOT = 'live';
