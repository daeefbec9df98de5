import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import {
  FIGURES_SQL,
  figureParams,
  figureRowsOf,
  LAST_EVENTS_SQL,
  lastEventParams,
  lastEventRowsOf,
  MAX_SESSION_ROWS,
  SESSIONS_SQL,
  sessionParams,
  sessionRowsOf,
  type FigureRow,
  type LastEventRow,
  type SessionRow,
} from './activity-queries';

/** What a store's activity needs from history. */
export interface ActivityHistory {
  sessions: SessionRow[];
  /** More session events than MAX_SESSION_ROWS: the oldest were left out. */
  sessionsTruncated: boolean;
  lastEvents: LastEventRow[];
  figures: FigureRow[];
  /** The newest `ingested_at` of every row read (epoch ms), null when none was. */
  asOf: number | null;
}

export interface ActivityHistoryQuery {
  storeId: string;
  /** Sign-ins, shifts and the tills' last events from this instant on. */
  lookbackFrom: number;
  /** The cashiers' figures over [from, to). */
  day: { from: number; to: number };
}

export type ActivityHistorySource = (q: ActivityHistoryQuery) => Promise<ActivityHistory>;

/** The three queries of activity-queries.ts on ClickHouse, concurrently. */
export function createActivityHistory(ch: ClickHouseClient): ActivityHistorySource {
  const rows = async <T>(query: string, query_params: Record<string, unknown>) => (await ch.query({ query, query_params, format: 'JSONEachRow' })).json<T>();
  return async (q) => {
    const [s, l, f] = await Promise.all([
      rows<Parameters<typeof sessionRowsOf>[0][number]>(SESSIONS_SQL, sessionParams(q.storeId, q.lookbackFrom)).then(sessionRowsOf),
      rows<Parameters<typeof lastEventRowsOf>[0][number]>(LAST_EVENTS_SQL, lastEventParams(q.storeId, q.lookbackFrom)).then(lastEventRowsOf),
      rows<Parameters<typeof figureRowsOf>[0][number]>(FIGURES_SQL, figureParams(q.storeId, q.day.from, q.day.to)).then(figureRowsOf),
    ]);
    const seen = [s.ingested, l.ingested, f.ingested].filter((x): x is number => x !== null);
    return {
      sessions: s.rows,
      sessionsTruncated: s.rows.length >= MAX_SESSION_ROWS,
      lastEvents: l.rows,
      figures: f.rows,
      asOf: seen.length ? Math.max(...seen) : null,
    };
  };
}
