import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startTillstream, type TillstreamProcess } from '../../test/tillstream-process';
import { commandLineOf, descendantsOf } from './process-stats';

/** The three processes of the pipeline, each through the real entry point server/main.ts. */
export const WORKER_ROLES = ['validator', 'aggregator', 'web,sink'] as const;
export type WorkerRoles = (typeof WORKER_ROLES)[number];

export interface WorkerProcess {
  roles: WorkerRoles;
  process: TillstreamProcess;
  pid: number;
  /** Descendants seen while it ran (tsx's esbuild), with their command lines, to stop them too. */
  children: Map<number, string>;
  exitCode: number | null | undefined;
}

export interface Workers {
  all: WorkerProcess[];
  byRoles: (roles: WorkerRoles) => WorkerProcess;
  /** The web tier's address (the web,sink process). */
  url: string;
  /** Output of a process that died, or undefined while every one runs. */
  died: () => string | undefined;
  /** Notes the live descendants of each (call now and then). */
  noteChildren: () => void;
  stop: () => Promise<{ roles: WorkerRoles; how: string }[]>;
}

export function startWorkers(o: { brokers: string[]; redisUrl: string; dataDir: string; port: number; cpuProfDir?: string }): Workers {
  const all: WorkerProcess[] = WORKER_ROLES.map((roles) => {
    const dataDir = path.join(o.dataDir, roles.replace(',', '-'));
    fs.mkdirSync(dataDir, { recursive: true });
    const env: Record<string, string> = {
      ROLES: roles,
      KAFKA_BROKERS: o.brokers.join(','),
      REDIS_URL: o.redisUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    if (roles === 'web,sink') env.PORT = String(o.port);
    const p = o.cpuProfDir ? startProfiled(env, o.cpuProfDir) : startTillstream(env);
    if (p.child.pid === undefined) throw new Error(`could not start ROLES=${roles}`);
    const w: WorkerProcess = { roles, process: p, pid: p.child.pid, children: new Map(), exitCode: undefined };
    void p.exited.then((code) => (w.exitCode = code));
    return w;
  });
  const byRoles = (roles: WorkerRoles) => all.find((w) => w.roles === roles)!;
  const noteChildren = () => {
    for (const w of all) {
      if (w.exitCode !== undefined) continue;
      for (const pid of descendantsOf(w.pid)) if (!w.children.has(pid)) w.children.set(pid, commandLineOf(pid));
    }
  };
  return {
    all,
    byRoles,
    url: `http://127.0.0.1:${o.port}`,
    died: () => {
      const dead = all.find((w) => w.exitCode !== undefined);
      return dead ? `ROLES=${dead.roles} (pid ${dead.pid}) exited with ${dead.exitCode}:\n${dead.process.output().slice(-4000)}` : undefined;
    },
    noteChildren,
    stop: async () => {
      noteChildren();
      // In parallel: each has its own 20 s grace.
      return Promise.all(all.map(async (w) => ({ roles: w.roles, how: await stopOne(w) })));
    },
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM, then SIGKILL after 20 s; then any descendant still running with the same command line. */
async function stopOne(w: WorkerProcess): Promise<string> {
  let how = 'already exited';
  if (w.exitCode === undefined) {
    w.process.child.kill('SIGTERM');
    const exited = await Promise.race([w.process.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
    if (exited) how = `SIGTERM, exit code ${w.exitCode}`;
    else {
      w.process.child.kill('SIGKILL');
      await w.process.exited;
      how = 'SIGKILL after 20 s';
    }
  }
  for (const [pid, cmd] of w.children) {
    if (alive(pid) && commandLineOf(pid) === cmd) {
      process.kill(pid, 'SIGTERM');
      how += `; child ${pid} stopped`;
    }
  }
  return how;
}

/**
 * As startTillstream (test/tillstream-process.ts), with `--cpu-prof --cpu-prof-dir <dir>` on
 * node's command line: Node 20 refuses --cpu-prof in NODE_OPTIONS ("not allowed"). The
 * profile is written when the process exits normally (SIGTERM → ordered stop → exit).
 */
function startProfiled(env: Record<string, string>, dir: string): TillstreamProcess {
  fs.mkdirSync(dir, { recursive: true });
  const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-100_000)));
  child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-100_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited, url: `http://127.0.0.1:${env.PORT ?? '3000'}` };
}
