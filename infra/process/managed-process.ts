import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../lib/log';
import { commandLine, isAlive, readPidFile, removePidFile, writePidFile } from './pid-file';
import { assertPortFree } from '../../lib/ports';
import { terminate } from './signals';

export interface ManagedProcessSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the pid file lives (under the data directory). */
  runDir: string;
  /** stdout and stderr go here. */
  logFile: string;
  /** The log to quote when the process fails (defaults to logFile). */
  diagnosticLog?: string;
  /** Part of the command line that identifies our instance (the data dir), for stale-pid checks. */
  marker: string;
  /** Polled until it resolves true. */
  ready: () => Promise<boolean>;
  readyTimeoutMs: number;
  stopGraceMs: number;
  /** Restart after an unexpected exit, at most this many times in 5 minutes. */
  maxRestarts?: number;
  /** Ports the process will listen on: checked free (after stale processes are reaped) before it starts. */
  ports?: { port: number; what: string; variable: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function tailOf(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Ends a process that an earlier run of ours left behind (after a crash or kill -9
 * of the supervisor), and removes its pid file. A pid that now belongs to someone
 * else (its command line lacks our marker) is left alone.
 */
export async function reapStale(pidFile: string, marker: string, log: Logger): Promise<void> {
  const rec = readPidFile(pidFile);
  if (!rec) {
    removePidFile(pidFile);
    return;
  }
  if (isAlive(rec.pid) && commandLine(rec.pid).includes(marker)) {
    log.warn({ pid: rec.pid, process: rec.name }, 'stopping a process left over from an earlier run');
    await terminate(rec.pid, 10000);
  } else {
    log.info({ pid: rec.pid, process: rec.name }, 'removing stale pid file');
  }
  removePidFile(pidFile);
}

/**
 * A long-running child (Kafka, Redis, a worker) that the supervisor owns: started
 * detached in its own process group with a pid file, waited for until ready,
 * restarted after an unexpected exit, and stopped with SIGTERM then SIGKILL.
 */
export class ManagedProcess {
  private child?: ChildProcess;
  private stopping = false;
  private restarts: number[] = [];
  private exited?: Promise<void>;
  private readyNow = false;

  constructor(
    readonly spec: ManagedProcessSpec,
    private readonly log: Logger,
  ) {}

  /** The log quoted when the process fails. */
  private get diagnosticLog(): string {
    return this.spec.diagnosticLog ?? this.spec.logFile;
  }

  get pidFile(): string {
    return path.join(this.spec.runDir, `${this.spec.name}.pid`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True between a passed readiness check and the next exit. */
  get isReady(): boolean {
    return this.readyNow;
  }

  async start(): Promise<void> {
    await reapStale(this.pidFile, this.spec.marker, this.log);
    for (const p of this.spec.ports ?? []) await assertPortFree(p.port, p.what, p.variable);
    // A stop() that came while we were reaping or checking ports wins: never launch after it.
    if (this.stopping) throw new Error(`${this.spec.name}: stopped before it started`);
    this.launch();
    await this.waitReady();
  }

  private launch(): void {
    const { spec } = this;
    fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
    const out = fs.openSync(spec.logFile, 'a');
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    this.child = child;
    child.once('error', (err) => this.log.error({ err, process: spec.name }, 'could not start process'));
    if (child.pid === undefined) throw new Error(`${spec.name}: could not start ${spec.command}`);
    writePidFile(this.pidFile, {
      pid: child.pid,
      name: spec.name,
      marker: spec.marker,
      startedAt: new Date().toISOString(),
    });
    this.log.info({ pid: child.pid, log: spec.logFile }, `${spec.name} started`);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, sig) => {
        resolve();
        this.readyNow = false;
        if (this.child === child) this.onExit(code, sig);
      });
    });
  }

  private onExit(code: number | null, sig: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < 300_000);
    const max = this.spec.maxRestarts ?? 5;
    this.log.error(
      { process: this.spec.name, code, signal: sig, logTail: tailOf(this.diagnosticLog, 5) },
      `${this.spec.name} exited unexpectedly`,
    );
    if (this.restarts.length >= max) {
      this.log.error(`${this.spec.name} restarted ${max} times in 5 minutes; giving up`);
      removePidFile(this.pidFile);
      return;
    }
    this.restarts.push(now);
    setTimeout(() => {
      if (this.stopping) return;
      this.launch();
      this.waitReady().catch((err: unknown) => this.log.error({ err }, `${this.spec.name} restart failed`));
    }, 1000).unref();
  }

  private async waitReady(): Promise<void> {
    const { spec } = this;
    const child = this.child;
    const until = Date.now() + spec.readyTimeoutMs;
    while (Date.now() < until) {
      if (this.stopping) throw new Error(`${spec.name}: stopped while starting`);
      if (!child || child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${spec.name} exited during start-up. Last lines of ${this.diagnosticLog}:\n${tailOf(this.diagnosticLog)}`);
      }
      if (await spec.ready().catch(() => false)) {
        this.log.info({ pid: child.pid }, `${spec.name} ready`);
        this.readyNow = true;
        return;
      }
      await sleep(250);
    }
    throw new Error(
      `${spec.name} was not ready within ${spec.readyTimeoutMs} ms. Last lines of ${this.diagnosticLog}:\n${tailOf(this.diagnosticLog)}`,
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      await terminate(child.pid, this.spec.stopGraceMs);
      await this.exited;
      this.log.info(`${this.spec.name} stopped`);
    }
    removePidFile(this.pidFile);
  }

  /** Kills the process with SIGKILL, as a crash would (for fault tests). */
  crash(): void {
    if (this.child?.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
  }
}
