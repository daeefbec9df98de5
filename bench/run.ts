/**
 * `npm run bench [-- platform|simulator|sink|alerts] [--events N]`: benchmarks against throwaway local
 * infrastructure (127.0.0.1, free ports, a temp data dir), bounded in count and time.
 * Prints a table and writes bench/results/<name>-<date>.json with the command and machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClickHouse } from '../lib/clients/clickhouse';
import { createRedis } from '../lib/clients/redis';
import { loadConfig } from '../lib/config/load-config';
import { migrate } from '../lib/clickhouse/migrate';
import { createLogger } from '../lib/log';
import { freePort } from '../lib/ports';
import { createLocalInfra } from '../infra/local-infra';
import { createRedisNode } from '../infra/redis/redis-node';
import { benchAlertsList } from './alerts/alerts-list-bench';
import { benchClickHouse, benchKafkaConsume, benchKafkaProduce, benchRedisPipeline, type BenchRow } from './platform/platform-bench';
import { rssMb } from './platform/measure';
import { benchSinkInserts } from './sink/sink-insert-bench';
import { benchGeneration, benchPaced, benchToKafka } from './simulator/simulator-bench';

const args = process.argv.slice(2);
const suite = args[0] && !args[0].startsWith('--') ? args[0] : 'platform';
if (!['platform', 'simulator', 'sink', 'alerts'].includes(suite)) {
  process.stderr.write(`unknown benchmark "${suite}": platform, simulator, sink or alerts\n`);
  process.exit(2);
}
const eventsArg = args.indexOf('--events');
const n = eventsArg >= 0 ? Number(args[eventsArg + 1]) : 100_000;
if (!Number.isInteger(n) || n < 1000 || n > 2_000_000) {
  process.stderr.write('--events must be an integer between 1000 and 2000000\n');
  process.exit(2);
}

async function withInfra(run: (infra: Awaited<ReturnType<typeof createLocalInfra>>, dataDir: string) => Promise<BenchRow[]>): Promise<BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillstream-bench-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    KAFKA_PORT: String(await freePort()),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    REDIS_PORT: String(await freePort()),
  });
  const log = createLogger({ level: 'warn', pretty: false });
  const infra = await createLocalInfra(config, log);
  try {
    await infra.start();
    return await run(infra, dataDir);
  } finally {
    await infra.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const platform = () =>
  withInfra(async (infra) => {
    const ch = await createClickHouse(infra.endpoints.clickhouse);
    const redis = createRedis(infra.endpoints.redisUrl, 'bench');
    try {
      await redis.connect();
      const rows: BenchRow[] = [];
      rows.push(await benchKafkaProduce(infra.endpoints.kafkaBrokers, 'pos.events', n));
      rows.push(await benchKafkaConsume(infra.endpoints.kafkaBrokers, 'pos.events', n));
      rows.push(await benchRedisPipeline(redis, n));
      rows.push(...(await benchClickHouse(ch, n)));
      rows.push({ what: 'bench process RSS at end', figure: `${rssMb()} MB`, detail: 'kafkajs + ioredis + chDB in one process' });
      return rows;
    } finally {
      redis.disconnect();
      await ch.close();
    }
  });

const simulator = () =>
  withInfra(async (infra, dataDir) => {
    const log = createLogger({ level: 'warn', pretty: false });
    const brokers = infra.endpoints.kafkaBrokers;
    return [
      await benchGeneration(log),
      await benchToKafka(brokers, dataDir, log, 12),
      await benchPaced(brokers, dataDir, log, 50_000, 20),
      { what: 'bench process RSS at end', figure: `${rssMb()} MB`, detail: 'simulator + journals + kafkajs in one process' },
    ];
  });

/** Embedded ClickHouse only: no Kafka or Redis needed. */
async function sink(): Promise<BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillstream-bench-sink-'));
  const ch = await createClickHouse({ kind: 'embedded', path: dataDir, database: 'default' });
  try {
    await migrate(ch, createLogger({ level: 'warn', pretty: false }));
    const rows = await benchSinkInserts(ch, [1000, 3000, 10_000, 30_000]);
    rows.push({ what: 'bench process RSS at end', figure: `${rssMb()} MB`, detail: 'chDB (its library maps ~200 MB) + one simulated day in memory' });
    return rows;
  } finally {
    await ch.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A Redis of its own only (free port, temp data dir): the alerts as the web tier reads them. */
async function alerts(): Promise<BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillstream-bench-alerts-'));
  const port = await freePort();
  const node = createRedisNode({ dataDir, port, log: createLogger({ level: 'warn', pretty: false }) });
  await node.start();
  const redis = createRedis(`redis://127.0.0.1:${port}`, 'bench');
  try {
    await redis.connect();
    const rows = await benchAlertsList(redis, [1000, 5000, 20_000]);
    rows.push({ what: 'bench process RSS at end', figure: `${rssMb()} MB`, detail: 'ioredis + 20,000 alerts read' });
    return rows;
  } finally {
    redis.disconnect();
    await node.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
const rows = suite === 'simulator' ? await simulator() : suite === 'sink' ? await sink() : suite === 'alerts' ? await alerts() : await platform();
const command = suite === 'platform' ? `npm run bench -- --events ${n}` : `npm run bench -- ${suite}`;
process.stdout.write(`\n${command}\nmachine: ${machine.cpus} cores ${machine.cpuModel}, ${machine.memGiB} GiB, Node ${machine.node}\n\n`);
process.stdout.write('| what | figure | detail |\n|---|---|---|\n');
for (const r of rows) process.stdout.write(`| ${r.what} | ${r.figure} | ${r.detail} |\n`);
const out = path.join(import.meta.dirname, 'results', `${suite}-${new Date().toISOString().slice(0, 10)}.json`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ command, machine, at: new Date().toISOString(), rows }, null, 2)}\n`);
process.stdout.write(`\nwritten to ${path.relative(process.cwd(), out)}\n`);
