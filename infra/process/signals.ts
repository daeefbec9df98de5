import { commandLine, isAlive } from './pid-file';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the pid is gone; true if it went within the time. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!isAlive(pid) || isZombie(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

function isZombie(pid: number): boolean {
  return commandLine(pid) === '' && isAlive(pid);
}

function signal(pid: number, sig: NodeJS.Signals, group: boolean): void {
  try {
    process.kill(group ? -pid : pid, sig);
  } catch {
    /* already gone */
  }
}

/**
 * SIGTERM, then SIGKILL after the grace period. `group` targets the whole process
 * group of a child started detached, so its own children go too.
 */
export async function terminate(pid: number, graceMs: number, group = true): Promise<void> {
  if (!isAlive(pid)) return;
  signal(pid, 'SIGTERM', group);
  if (await waitForExit(pid, graceMs)) return;
  signal(pid, 'SIGKILL', group);
  await waitForExit(pid, 5000);
}
