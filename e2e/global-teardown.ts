import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Removes the throwaway DATA_DIR that playwright.config.ts created for this run.
 *
 * Playwright runs the global teardown *before* it stops the webServer, so removing
 * the directory here would pull it out from under the running Kafka, Redis and
 * embedded ClickHouse. The removal is therefore deferred to the exit of the runner
 * process, which comes after the webServer's graceful shutdown has finished.
 *
 * When the webServer fails to start, Playwright skips the global teardown, so the
 * config also calls removeDataDirAtExit() right after it creates the directory.
 */
export default function globalTeardown(): void {
  const dir = process.env.TILLSTREAM_E2E_DATA_DIR;
  if (dir && process.env.TILLSTREAM_E2E_OWNS_DATA_DIR === '1') removeDataDirAtExit(dir);
}

const REGISTERED = Symbol.for('tillstream.e2e.dataDirRemoval');
type WithFlag = typeof globalThis & { [REGISTERED]?: Set<string> };

/** Arranges (once per directory and process) for the data dir to be removed when this process exits. */
export function removeDataDirAtExit(dir: string): void {
  // Only ever a directory the config made: <tmpdir>/tillstream-e2e-XXXXXX.
  const resolved = path.resolve(dir);
  if (path.dirname(resolved) !== path.resolve(os.tmpdir()) || !path.basename(resolved).startsWith('tillstream-e2e-')) {
    process.stderr.write(`[e2e teardown] not removing ${resolved}: not a throwaway e2e data dir\n`);
    return;
  }
  // A flag on globalThis: the config and Playwright's hook loader may load this module twice.
  const g = globalThis as WithFlag;
  const done = (g[REGISTERED] ??= new Set());
  if (done.has(resolved)) return;
  done.add(resolved);
  process.once('exit', () => removeDataDir(resolved));
}

/** Pids (other than ours) whose command line mentions the directory. */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return pids; // not Linux: nothing to check
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(dir)) pids.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}

function removeDataDir(dir: string): void {
  // The server stops its Kafka and Redis on SIGTERM. Anything still alive that names
  // this run's unique data dir was left behind (e.g. the graceful shutdown timed out
  // and the server was killed): say so, and end it so it does not outlive the run.
  const leftovers = processesUsing(dir);
  for (const pid of leftovers) {
    process.stderr.write(`[e2e teardown] process ${pid} still uses ${dir} after the server stopped; killing it\n`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (err) {
    process.stderr.write(`[e2e teardown] could not remove ${dir}: ${String(err)}\n`);
  }
}
