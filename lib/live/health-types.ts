/** The /api/health answer and the `system:health` Socket.IO message (same shape). */
export type DependencyName = 'kafka' | 'redis' | 'clickhouse';

export interface DependencyStatus {
  status: 'ok' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'down';
  checkedAt: string;
  dependencies: Record<DependencyName, DependencyStatus>;
}

export const HEALTH_EVENT = 'system:health';
