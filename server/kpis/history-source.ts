import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import { ROLLUPS, mergeMinutes, minuteParams, minuteQuery, type MinuteRow } from './history-queries';
import type { MinuteCounts, MinuteSource, ScopeGroup } from './kpi-types';

const QUERIES = ROLLUPS.map(minuteQuery);

/**
 * The history source of minute counts: ClickHouse's rollups, written by the history sink
 * (workers/sink; migrations 0003 and 0005). One query per rollup, the three run
 * concurrently; their answers are added up per UTC minute.
 */
export function createHistorySource(clickhouse: ClickHouseClient): MinuteSource {
  return {
    name: 'history',
    async perMinute(group: ScopeGroup, from: number, to: number): Promise<Map<number, MinuteCounts>> {
      if (to <= from || (group.locations.length === 0 && !group.otherLocations)) return new Map();
      const query_params = minuteParams(group, from, to);
      const answers = await Promise.all(
        QUERIES.map(async (query) => (await clickhouse.query({ query, query_params, format: 'JSONEachRow' })).json<MinuteRow>()),
      );
      return mergeMinutes(answers.flat());
    },
  };
}
