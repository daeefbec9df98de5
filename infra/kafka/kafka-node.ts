import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from '../../lib/log';
import { ManagedProcess } from '../process/managed-process';
import { canConnect } from '../../lib/ports';
import { KAFKA_VERSION } from './kafka-version.mjs';

const run = promisify(execFile);

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
export const KAFKA_JARS = path.join(PROJECT_ROOT, '.cache', 'kafka', KAFKA_VERSION, 'jars');
const LOG4J_CONFIG = path.join(import.meta.dirname, 'log4j2.properties');

export interface KafkaNodeOptions {
  dataDir: string;
  port: number;
  controllerPort: number;
  heapMb: number;
  log: Logger;
}

export function kafkaDirs(dataDir: string) {
  const root = path.join(dataDir, 'kafka');
  return {
    root,
    data: path.join(root, 'data'),
    logs: path.join(root, 'logs'),
    properties: path.join(root, 'server.properties'),
    clusterIdFile: path.join(root, 'cluster-id'),
    runDir: path.join(dataDir, 'run'),
  };
}

export function classPath(): string {
  if (!fs.existsSync(KAFKA_JARS)) {
    throw new Error(`Kafka jars are missing in ${KAFKA_JARS}: run "npm start" (or "npm test"), which resolves them from Maven Central`);
  }
  return `${KAFKA_JARS}/*`;
}

/** A single KRaft node on loopback that is both broker and controller. */
export function serverProperties(o: { port: number; controllerPort: number; dataDir: string }): string {
  const props: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${o.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${o.port}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': o.dataDir,
    'num.partitions': 3,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'log.cleaner.dedupe.buffer.size': 2097152,
    'auto.create.topics.enable': 'false',
    'message.max.bytes': 2097152,
  };
  return `${Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
}

export function javaArgs(dirs: ReturnType<typeof kafkaDirs>, heapMb: number): string[] {
  return [
    `-Xms${Math.min(256, heapMb)}m`,
    `-Xmx${heapMb}m`,
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dkafka.logs.dir=${dirs.logs}`,
    `-Dlog4j2.configurationFile=file:${LOG4J_CONFIG}`,
    '-cp',
    classPath(),
  ];
}

/**
 * A KRaft cluster id: 16 random bytes in URL-safe base64 without padding (what
 * `StorageTool random-uuid` prints). One that starts with "-" would read as an option
 * on a command line, so those are drawn again.
 */
export function newClusterId(): string {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Writes server.properties and formats the storage once (the cluster id is kept). */
export async function prepareStorage(o: KafkaNodeOptions): Promise<ReturnType<typeof kafkaDirs>> {
  const dirs = kafkaDirs(o.dataDir);
  for (const d of [dirs.data, dirs.logs, dirs.runDir]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(dirs.properties, serverProperties({ port: o.port, controllerPort: o.controllerPort, dataDir: dirs.data }));
  if (fs.existsSync(path.join(dirs.data, 'meta.properties'))) return dirs;
  let clusterId = fs.existsSync(dirs.clusterIdFile) ? fs.readFileSync(dirs.clusterIdFile, 'utf8').trim() : '';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/.test(clusterId)) {
    clusterId = newClusterId();
    fs.writeFileSync(dirs.clusterIdFile, `${clusterId}\n`);
  }
  o.log.info({ clusterId }, 'formatting Kafka storage');
  await run(
    'java',
    [...javaArgs(dirs, 256), 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', dirs.properties, '--ignore-formatted'],
    { timeout: 60000 },
  );
  return dirs;
}

/** Ready means the broker answers a metadata request, not merely that its port is open. */
async function brokerAnswers(port: number): Promise<boolean> {
  if (!(await canConnect(port))) return false;
  const admin = new Kafka({
    clientId: 'tillstream-probe',
    brokers: [`127.0.0.1:${port}`],
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Formats storage if needed and returns the broker as a managed process (not started yet). */
export async function createKafkaNode(o: KafkaNodeOptions): Promise<ManagedProcess> {
  const dirs = await prepareStorage(o);
  return new ManagedProcess(
    {
      name: 'kafka',
      command: 'java',
      args: [...javaArgs(dirs, o.heapMb), 'kafka.Kafka', dirs.properties],
      runDir: dirs.runDir,
      logFile: path.join(dirs.logs, 'stdout.log'),
      diagnosticLog: path.join(dirs.logs, 'server.log'),
      marker: dirs.properties,
      ready: () => brokerAnswers(o.port),
      readyTimeoutMs: 90000,
      ports: [
        { port: o.port, what: 'Kafka broker', variable: 'KAFKA_PORT' },
        { port: o.controllerPort, what: 'Kafka controller', variable: 'KAFKA_CONTROLLER_PORT' },
      ],
      stopGraceMs: 20000,
    },
    o.log.child({ component: 'kafka' }),
  );
}
