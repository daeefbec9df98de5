import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../../lib/clients/kafka';
import { createLogger } from '../../lib/log';
import { ALL_TOPICS } from '../../lib/topics';
import { runInMemory, smallRun } from '../testing/run-in-memory';
import { bySource, comparable, readSince, SIMULATED_TOPICS, topicEnds } from '../testing/topic-reader';
import { startSimulationToKafka } from './run-to-kafka';

const log = createLogger({ level: 'warn' });
const ARGS = ['--seed', '5', '--stores', '2', '--tills', '3', '--skus', '200', '--dishonest', '1', '--start', '2026-11-20T06:00:00Z', '--duration', '8h', '--accel', 'max'];

describe('simulator → Kafka', () => {
  const brokers = inject('kafkaBrokers');
  const kafka = createKafka({ brokers, clientId: 'sim-int', log });
  const dataDir = path.join(inject('testDataDir'), 'simulator-int');
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('journals, sends and resumes after a stop: every event exactly once, byte for byte, in seq order', async () => {
    expect(ALL_TOPICS.map((t) => t.name)).toEqual(expect.arrayContaining(SIMULATED_TOPICS));
    const before = await topicEnds(kafka);

    // First run: slowed down (the rate does not change what is emitted) and stopped part-way through.
    const first = await startSimulationToKafka({ argv: [...ARGS, '--rate', '8000'], dataDir, brokers, log });
    await new Promise((r) => setTimeout(r, 700));
    await first.stop();
    const stoppedAt = (await first.done).events;

    // Second run, same data dir and options: resumes, and runs to the end.
    const second = await startSimulationToKafka({ argv: ARGS, dataDir, brokers, log });
    const result = await second.done;
    expect(result.stopped).toBe(false);

    // What the same options give in memory: the reference.
    const start = Date.parse('2026-11-20T06:00:00Z');
    const expected = await runInMemory(smallRun({ seed: 5, stores: 2, tills: 3, skus: 200, dishonest: 1, start, liveFrom: start, end: start + 8 * 3_600_000 }));
    expect(stoppedAt).toBeLessThan(expected.deliveries.length);

    // Everything that reached Kafka since the test began.
    const got = await readSince(kafka, before, expected.deliveries.length);
    expect(got.total).toBe(expected.deliveries.length);
    expect(comparable(got.bySource)).toEqual(comparable(bySource(expected.deliveries)));
  }, 180_000);
});
