import type { Batch, KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { toInputBatch } from './run-worker';

const message = (offset: string, key: Buffer | null, headers?: KafkaMessage['headers']) =>
  ({ offset, key, value: Buffer.from(`{"n":${offset}}`), headers, timestamp: '0', attributes: 0, size: 0 }) as KafkaMessage;

describe('toInputBatch', () => {
  it("gives each message its topic, partition, offset, key as a string and headers as strings (a repeated header's first value)", () => {
    const batch = {
      topic: 'pos.events',
      partition: 3,
      highWatermark: '12',
      messages: [
        message('10', Buffer.from('S001:S001-T01'), {}),
        message('11', null, { a: Buffer.from('x'), b: 'y', c: [Buffer.from('1'), Buffer.from('2')], d: undefined }),
      ],
    } as unknown as Batch;
    const input = toInputBatch(batch);
    expect(input).toEqual({
      topic: 'pos.events',
      partition: 3,
      highWatermark: '12',
      messages: [
        { topic: 'pos.events', partition: 3, offset: '10', timestamp: '0', key: 'S001:S001-T01', value: Buffer.from('{"n":10}'), headers: {} },
        { topic: 'pos.events', partition: 3, offset: '11', timestamp: '0', key: null, value: Buffer.from('{"n":11}'), headers: { a: 'x', b: 'y', c: '1', d: '' } },
      ],
    });
  });
});
