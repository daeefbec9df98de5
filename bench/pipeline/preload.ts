import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import { TOPICS } from '../../lib/topics';
import { endOffsets, total } from './group-lag';

export const PRELOAD_STORES = 12;
/** About how many events the default chain makes per store and day (tills, plus its share of web shop, warehouse, HQ). */
export const EVENTS_PER_STORE_DAY = 20_000;
const DAY_MS = 86_400_000;

/** The topics the simulator writes, which are the validator's input. */
export const INPUT_TOPICS = [TOPICS.posEvents.name, TOPICS.ecomEvents.name, TOPICS.warehouseEvents.name, TOPICS.hqPromotions.name, TOPICS.hqMasterdata.name];

export interface PreloadPlan {
  /** Simulated hours: stores × days ≈ events / EVENTS_PER_STORE_DAY. */
  hours: number;
  /** The first event time: a UTC midnight far enough back that the last event is in the past. */
  start: string;
  args: string[];
}

export function planPreload(events: number, now = Date.now()): PreloadPlan {
  const hours = Math.max(1, Math.round((events / EVENTS_PER_STORE_DAY / PRELOAD_STORES) * 24));
  const start = new Date(Math.floor(now / DAY_MS) * DAY_MS - Math.ceil(hours / 24) * DAY_MS).toISOString();
  const args = ['--seed', '1', '--stores', String(PRELOAD_STORES), '--start', start, '--duration', `${hours}h`, '--accel', 'max'];
  return { hours, start, args };
}

export interface PreloadResult {
  command: string;
  hours: number;
  start: string;
  seconds: number;
  /** End offsets per input topic after the run (a fresh broker: every record the simulator produced). */
  byTopic: Record<string, number>;
  events: number;
}

/**
 * Runs the simulator CLI (`node --import tsx simulator/cli.ts …`) against the broker, with its
 * journals under `dataDir`; it exits once Kafka has acknowledged everything.
 */
export async function preload(o: { root: string; brokers: string[]; dataDir: string; events: number; admin: Admin; timeoutMs: number }): Promise<PreloadResult> {
  const plan = planPreload(o.events);
  const argv = ['--import', 'tsx', path.join('simulator', 'cli.ts'), ...plan.args];
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: o.root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, KAFKA_BROKERS: o.brokers.join(','), DATA_DIR: o.dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const keep = (d: Buffer) => (out = (out + d.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
      reject(new Error(`simulator did not finish within ${o.timeoutMs / 1000} s; last output:\n${out}`));
    }, o.timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`simulator exited with ${code ?? signal}:\n${out}`));
    });
  });
  const seconds = (performance.now() - t0) / 1000;
  const byTopic = await endOffsets(o.admin, INPUT_TOPICS);
  return { command: `node ${argv.join(' ')}`, hours: plan.hours, start: plan.start, seconds, byTopic, events: total(byTopic) };
}
