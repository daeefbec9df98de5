import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { inject } from 'vitest';
import { freePort } from '../lib/ports';
import { ROOT, startTillstream, waitForHealth, type TillstreamProcess } from './tillstream-process';

const { Kafka, logLevel } = kafkajs;

/** Helpers for the REST ingest's integration tests: the real server, the real CLI, a consumer. */

/** `ROLES=web` through the real entry point, against the run's Kafka and Redis, up and healthy. */
export async function startWeb(name: string): Promise<TillstreamProcess> {
  const p = startTillstream({
    ROLES: 'web',
    DATA_DIR: fs.mkdtempSync(path.join(inject('testDataDir'), `${name}-`)),
    PORT: String(await freePort()),
    KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    REDIS_URL: inject('redisUrl'),
  });
  try {
    await waitForHealth(p, 200);
  } catch (err) {
    p.child.kill('SIGTERM');
    throw err;
  }
  return p;
}

export async function stopWeb(p: TillstreamProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  p.child.kill('SIGTERM');
  await p.exited;
}

/** `npm run apikey -- <args>` (the script's command, without npm), with the given environment. */
export function runApikeyCli(args: string[], env: Record<string, string> = { REDIS_URL: inject('redisUrl') }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'bin', 'apikey.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface CreatedKey {
  key: string;
  publicId: string;
  storeId: string;
  rate: number;
  burst: number;
}

/** Creates a key with the real command (`create … --json`). */
export async function createKeyWithCli(storeId: string, name: string, extra: string[] = []): Promise<CreatedKey> {
  const r = await runApikeyCli(['create', '--store', storeId, '--name', name, '--json', ...extra]);
  if (r.code !== 0) throw new Error(`apikey create failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CreatedKey;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** POST /api/v1/events; `body` a string (sent as is) or events (sent as a JSON array). */
export async function postEvents(
  url: string,
  key: string | null,
  body: string | unknown[],
  o: { contentType?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      'content-type': o.contentType ?? 'application/json',
      ...o.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { unparsable: text.slice(0, 500) };
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export const ndjson = (events: unknown[]) => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;

export interface Consumed {
  topic: string;
  key: string;
  value: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * A consumer in its own group that reads the given topics from the beginning and keeps
 * every message whose JSON `id` starts with `idPrefix` (other test files share the broker).
 */
export async function collectMessages(topics: string[], idPrefix: string) {
  const kafka = new Kafka({ clientId: 'ingest-test', brokers: inject('kafkaBrokers'), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `ingest-test-${idPrefix}`, sessionTimeout: 10000, heartbeatInterval: 1000 });
  const got: Consumed[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let joined: () => void;
  const ready = new Promise<void>((r) => (joined = r));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>;
      } catch {
        return;
      }
      if (typeof value?.id !== 'string' || !value.id.startsWith(idPrefix)) return;
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      got.push({ topic, key: message.key?.toString() ?? '', value, headers });
    },
  });
  await ready;
  return {
    messages: got,
    /** The messages with these ids, once each has arrived (or throws after `timeoutMs`). */
    waitFor: async (ids: string[], timeoutMs = 30_000): Promise<Consumed[]> => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const have = new Set(got.map((m) => m.value.id));
        const missing = ids.filter((id) => !have.has(id));
        if (missing.length === 0) return got.filter((m) => ids.includes(m.value.id as string));
        if (Date.now() > until) throw new Error(`not on Kafka after ${timeoutMs} ms: ${missing.join(', ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    countOf: (id: string) => got.filter((m) => m.value.id === id).length,
    stop: () => consumer.disconnect(),
  };
}
