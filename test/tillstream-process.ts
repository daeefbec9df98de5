import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** A Tillstream process started through the real entry point (server/main.ts), as `npm start` does. */
export interface TillstreamProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  url: string;
}

export function startTillstream(env: Record<string, string>): TillstreamProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited, url: `http://127.0.0.1:${env.PORT ?? '3000'}` };
}

/** Polls GET /api/health until it answers `status` (or the process dies). */
export async function waitForHealth(p: TillstreamProcess, status: number, timeoutMs = 120_000): Promise<unknown> {
  const until = Date.now() + timeoutMs;
  let dead = false;
  void p.exited.then(() => (dead = true));
  while (Date.now() < until) {
    if (dead) throw new Error(`tillstream exited before /api/health answered ${status}:\n${p.output()}`);
    try {
      const res = await fetch(`${p.url}/api/health`);
      if (res.status === status) return await res.json();
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`/api/health did not answer ${status} within ${timeoutMs} ms:\n${p.output()}`);
}

/** Pids of live processes whose command line or environment mentions `needle` (e.g. a data dir). */
export function processesMentioning(needle: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (cmd.includes(needle) || environ.includes(needle)) found.push({ pid, cmd: cmd.slice(0, 160) });
    } catch {
      /* gone or not ours */
    }
  }
  return found;
}
