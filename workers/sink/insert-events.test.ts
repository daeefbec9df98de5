import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import { createEventsWriter, insertSettings } from './insert-events';

const body = Buffer.from('{"id":"a"}\n');

describe('createEventsWriter', () => {
  it('on chDB: the raw Buffer insert, with the token in the statement', async () => {
    const calls: unknown[] = [];
    const ch = { connection: { chdb: { rawInsert: async (p: unknown) => void calls.push(p) } }, insert: async () => expect.unreachable() };
    const w = createEventsWriter(ch as unknown as ClickHouseClient);
    expect(w.path).toBe('chdb-raw');
    await w.insert(body, 'tok-1');
    expect(calls).toEqual([{ table: 'events', values: body, format: 'JSONEachRow', settings: insertSettings('tok-1') }]);
  });

  it('on a server: the client insert of the same bytes, the token as a per-request setting', async () => {
    const calls: { table: string; format: string; clickhouse_settings: unknown; values: Readable }[] = [];
    const ch = { connection: {}, insert: async (p: (typeof calls)[number]) => void calls.push(p) };
    const w = createEventsWriter(ch as unknown as ClickHouseClient);
    expect(w.path).toBe('client');
    await w.insert(body, 'tok-2');
    expect(calls[0]).toMatchObject({ table: 'events', format: 'JSONEachRow', clickhouse_settings: insertSettings('tok-2') });
    const chunks: Buffer[] = [];
    for await (const c of calls[0]!.values) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(body);
  });

  it('every insert is synchronous, deduplicated by its token, also in the views', () => {
    expect(insertSettings('t')).toEqual({ insert_deduplicate: 1, insert_deduplication_token: 't', deduplicate_blocks_in_dependent_materialized_views: 1, async_insert: 0 });
  });
});
