import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { removeDataDirAtExit } from './e2e/global-teardown';
import { buildChain } from './simulator/chain/build-chain';
import { parseCli } from './simulator/run/cli-options';
import { offlineWindowAt } from './simulator/testing/offline-window';

/**
 * End-to-end tests against the real app (Kafka, Redis, embedded ClickHouse, Next.js,
 * Socket.IO) in Debian's Chromium. See e2e/README.md.
 *
 * Playwright loads this file in the runner and again in every worker process. The
 * ports and the throwaway data directory are therefore chosen once, by the first load,
 * and handed on through process.env (workers inherit the runner's environment).
 */

const ROOT = import.meta.dirname;

const ENV = {
  port: 'TILLSTREAM_E2E_PORT',
  kafkaPort: 'TILLSTREAM_E2E_KAFKA_PORT',
  kafkaControllerPort: 'TILLSTREAM_E2E_KAFKA_CONTROLLER_PORT',
  redisPort: 'TILLSTREAM_E2E_REDIS_PORT',
  dataDir: 'TILLSTREAM_E2E_DATA_DIR',
  /** "1" when this config created the data dir, so e2e/global-teardown.ts may remove it. */
  ownsDataDir: 'TILLSTREAM_E2E_OWNS_DATA_DIR',
  /** The server's SESSION_SECRET, so that e2e/security-cookies.spec.ts can mint (expired) session tokens. */
  sessionSecret: 'TILLSTREAM_E2E_SESSION_SECRET',
  /** `<store>|<from ISO>|<to ISO>|<threshold minutes>`: the store the simulator takes offline for a while, and its offline threshold (e2e/store-offline-alert.spec.ts). */
  offlineWindow: 'TILLSTREAM_E2E_OFFLINE_WINDOW',
} as const;

/**
 * The store whose tills lose their link for a while (no other spec relies on it), and its offline
 * threshold. The chain trades around the clock (`--around-the-clock`), so the store is open
 * whatever the hour CI runs at. Its quietest natural silence is rarely over 2 minutes (a day
 * simulated on a Sunday, the quietest weekday: 11 silences over 2 minutes, 1 over 3), so its
 * threshold is 3 minutes. The window runs from that long before the first config load (so its
 * last events before the silence arrive over the threshold late, and the silence follows the
 * backfill's lag without a break) to 6 minutes after it (so the silence passes the threshold
 * within the window even if the server takes 3 minutes to start). Started in the minutes after
 * one of the store's shift changes, when its staffed tills may all be closed and its silence is
 * not judged, it starts a minute before that change instead.
 */
const OFFLINE_STORE = 'S012';
/** The simulator's options but the offline window: a live chain with a little history, trading around the clock. */
const CHAIN_ARGS = '--history 2h --around-the-clock';
const OFFLINE_AFTER_MINUTES = 3;
const OFFLINE_BEFORE_MS = OFFLINE_AFTER_MINUTES * 60_000;
const OFFLINE_AFTER_MS = 6 * 60_000;

/** Test-only, for the throwaway server on 127.0.0.1 (at least 32 characters, server/auth/session-secret.ts). */
const E2E_SESSION_SECRET = 'tillstream-e2e-only-session-secret-never-use-it-elsewhere';

/** Free TCP ports on 127.0.0.1, all held open at once so they are distinct. Synchronous: config loading is. */
function freePorts(count: number): number[] {
  const script = `
    const net = require('node:net');
    const servers = Array.from({ length: ${count} }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok, fail) => { s.once('error', fail); s.listen(0, '127.0.0.1', ok); })))
      .then(() => {
        process.stdout.write(JSON.stringify(servers.map((s) => s.address().port)));
        servers.forEach((s) => s.close());
      })
      .catch((err) => { console.error(err); process.exit(1); });
  `;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const ports = JSON.parse(out) as number[];
  if (ports.length !== count || ports.some((p) => !Number.isInteger(p) || p <= 0)) {
    throw new Error(`could not find ${count} free ports (got ${out})`);
  }
  return ports;
}

if (!process.env[ENV.port]) {
  const [port, kafkaPort, kafkaControllerPort, redisPort] = freePorts(4) as [number, number, number, number];
  process.env[ENV.port] = String(port);
  process.env[ENV.kafkaPort] = String(kafkaPort);
  process.env[ENV.kafkaControllerPort] = String(kafkaControllerPort);
  process.env[ENV.redisPort] = String(redisPort);
}
if (!process.env[ENV.dataDir]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillstream-e2e-'));
  process.env[ENV.dataDir] = dir;
  process.env[ENV.ownsDataDir] = '1';
  // Also when the run ends early (webServer failed to start, --list): see e2e/global-teardown.ts.
  removeDataDirAtExit(dir);
}

process.env[ENV.sessionSecret] ||= E2E_SESSION_SECRET;
if (!process.env[ENV.offlineWindow]) {
  // Not in the minutes after a shift change, when the store's staffed tills are all closed (simulator/testing/offline-window.ts).
  const store = buildChain(parseCli(CHAIN_ARGS.split(' '))).stores.find((s) => s.id === OFFLINE_STORE)!;
  const w = offlineWindowAt(store, Date.now(), OFFLINE_BEFORE_MS, OFFLINE_AFTER_MS);
  process.env[ENV.offlineWindow] = [OFFLINE_STORE, new Date(w.from).toISOString(), new Date(w.to).toISOString(), OFFLINE_AFTER_MINUTES].join('|');
}
const [offlineStore, offlineFrom, offlineTo, offlineMinutes] = (process.env[ENV.offlineWindow] ?? '').split('|') as [string, string, string, string];

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset: set all four TILLSTREAM_E2E_*PORT variables, or none of them`);
  return value;
}

const PORT = requiredEnv(ENV.port);
const DATA_DIR = requiredEnv(ENV.dataDir);
const BASE_URL = `http://127.0.0.1:${PORT}`;

// The server serves the production build; building it here would race with edits in
// progress, so a missing build is a clear error instead.
if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
  throw new Error(
    'No production Next build in .next. Build it first: ' +
      `node -e "import('./infra/bootstrap/steps.mjs').then(m=>m.ensureNextBuild())"`,
  );
}

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI === 'true' ? 1 : 0,
  forbidOnly: process.env.CI === 'true',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // `npm test` also asks for a JSON report, whose failures it prints last (infra/bin/failure-digest.mjs).
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }], ...(process.env.TILLSTREAM_E2E_REPORT ? [['json', { outputFile: process.env.TILLSTREAM_E2E_REPORT }] as const] : [])],
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          // Debian's Chromium, never a browser downloaded by `playwright install`.
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    // `exec`: the shell becomes node, so SIGTERM reaches the server itself, which then
    // stops the Kafka and Redis it started (they run in their own process groups).
    command: 'exec node --import tsx server/main.ts',
    cwd: ROOT,
    url: `${BASE_URL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: process.env.TILLSTREAM_E2E_LOG_LEVEL || 'warn',
      HOST: '127.0.0.1',
      PORT,
      DATA_DIR,
      ROLES: 'all',
      // A live chain with a little history: enough to show, light on two cores. Its stores trade
      // around the clock, so that the specs' waits do not depend on the hour they run at. One
      // store's tills lose their link for a while from the start and then flush late
      // (e2e/store-offline-alert.spec.ts), with a shorter offline threshold than the default's
      // 5 minutes (thresholds as code, as an operator would set them).
      SIMULATOR_ARGS: `${CHAIN_ARGS} --offline ${offlineStore}@${offlineFrom}+${(Date.parse(offlineTo) - Date.parse(offlineFrom)) / 1000}s`,
      ALERT_THRESHOLDS: JSON.stringify({ [`store:${offlineStore}`]: { offlineAfterMinutes: Number(offlineMinutes) } }),
      // The alerts role evaluates its condition rules every 5 s (30 s in production), so specs wait less.
      ALERTS_EVALUATE_EVERY_MS: '5000',
      KAFKA_PORT: requiredEnv(ENV.kafkaPort),
      KAFKA_CONTROLLER_PORT: requiredEnv(ENV.kafkaControllerPort),
      REDIS_PORT: requiredEnv(ENV.redisPort),
      SESSION_SECRET: requiredEnv(ENV.sessionSecret),
      // Empty = unset: always the app's own Kafka, Redis and embedded ClickHouse, never
      // services configured in the caller's shell.
      KAFKA_BROKERS: '',
      REDIS_URL: '',
      CLICKHOUSE_URL: '',
    },
  },
});
