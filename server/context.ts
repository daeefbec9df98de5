import type { HealthReport } from './health/check-health';

/**
 * What route handlers and server components need from the running process.
 *
 * Next bundles app/ separately from the custom server, so a module-level singleton
 * would exist twice; the server puts one context on globalThis and the bundle reads
 * it here. Only types cross the boundary at build time.
 */
export interface ServerContext {
  health: () => Promise<HealthReport>;
  version: string;
  startedAt: string;
}

const KEY = Symbol.for('tillstream.server-context');
type WithContext = typeof globalThis & { [KEY]?: ServerContext };

export function setServerContext(ctx: ServerContext): void {
  (globalThis as WithContext)[KEY] = ctx;
}

export function getServerContext(): ServerContext {
  const ctx = (globalThis as WithContext)[KEY];
  if (!ctx) throw new Error('server context is not set: run the app through server/main.ts (npm start)');
  return ctx;
}
