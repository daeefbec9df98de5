import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../lib/config/load-config';
import { createLogger } from '../lib/log';
import { freePort } from '../lib/ports';
import { createLocalInfra } from '../infra/local-infra';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    redisUrl: string;
    /** A throwaway directory for this run; tests make their own folders in it. */
    testDataDir: string;
  }
}

/**
 * Starts one real Kafka broker and one real Redis for the whole integration run, in
 * a throwaway data directory on free ports (never the user's .data/), and stops
 * them afterwards. Tests read the addresses with inject().
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillstream-int-'));
  const config = loadConfig({
    DATA_DIR: path.join(dataDir, 'shared'),
    KAFKA_PORT: String(await freePort()),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    REDIS_PORT: String(await freePort()),
    KAFKA_HEAP_MB: '384',
  });
  const log = createLogger({ name: 'int-setup', level: process.env.LOG_LEVEL ?? 'warn', pretty: false });
  const infra = await createLocalInfra(config, log);
  try {
    await infra.start();
  } catch (err) {
    await infra.stop();
    throw err;
  }
  project.provide('kafkaBrokers', infra.endpoints.kafkaBrokers);
  project.provide('redisUrl', infra.endpoints.redisUrl);
  project.provide('testDataDir', dataDir);
  return async () => {
    await infra.stop();
    if (process.env.KEEP_TEST_DATA !== '1') fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
