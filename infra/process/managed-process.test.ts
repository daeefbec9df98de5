import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log';
import { ManagedProcess, reapStale } from './managed-process';
import { isAlive, readPidFile, writePidFile } from './pid-file';

const log = createLogger({ level: 'silent', pretty: false });

function spec(dir: string, overrides: Partial<ConstructorParameters<typeof ManagedProcess>[0]> = {}) {
  const marker = path.join(dir, 'marker');
  return {
    name: 'sleeper',
    command: 'sh',
    // No `exec`: the shell stays, so the marker stays in its command line.
    args: ['-c', `echo started; sleep 60; echo ${marker}`],
    runDir: path.join(dir, 'run'),
    logFile: path.join(dir, 'sleeper.log'),
    marker,
    // Ready once the shell has run its first command: on a busy machine the file exists well before.
    ready: async () => fs.existsSync(path.join(dir, 'sleeper.log')) && fs.readFileSync(path.join(dir, 'sleeper.log'), 'utf8').includes('started'),
    readyTimeoutMs: 5000,
    stopGraceMs: 2000,
    ...overrides,
  };
}

describe('ManagedProcess', () => {
  it('writes a pid file, logs to its file, and stops the process and its pid file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-'));
    const p = new ManagedProcess(spec(dir), log);
    await p.start();
    const pid = p.pid!;
    expect(readPidFile(p.pidFile)?.pid).toBe(pid);
    expect(isAlive(pid)).toBe(true);
    await p.stop();
    expect(isAlive(pid)).toBe(false);
    expect(fs.existsSync(p.pidFile)).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'sleeper.log'), 'utf8')).toContain('started');
  });

  it('restarts after an unexpected exit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-'));
    const p = new ManagedProcess(spec(dir), log);
    await p.start();
    const first = p.pid;
    p.crash();
    await expect.poll(() => p.pid !== first && p.isReady, { timeout: 10000 }).toBe(true);
    await p.stop();
  });

  it('fails with the log tail when the process dies during start-up', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-'));
    const p = new ManagedProcess(
      spec(dir, { args: ['-c', 'echo "fatal: config broken"; exit 3'], ready: async () => false, maxRestarts: 0 }),
      log,
    );
    await expect(p.start()).rejects.toThrow(/sleeper exited during start-up[\s\S]*fatal: config broken/);
    await p.stop();
  });

  it('reaps a leftover process that carries our marker, and leaves a stranger alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-'));
    const ours = spawn('sh', ['-c', `sleep 60; echo ${dir}/marker`], { detached: true, stdio: 'ignore' });
    const stranger = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    try {
      const oursFile = path.join(dir, 'ours.pid');
      const strangerFile = path.join(dir, 'stranger.pid');
      writePidFile(oursFile, { pid: ours.pid!, name: 'ours', marker: `${dir}/marker`, startedAt: '' });
      writePidFile(strangerFile, { pid: stranger.pid!, name: 'x', marker: `${dir}/marker`, startedAt: '' });
      await reapStale(oursFile, `${dir}/marker`, log);
      await reapStale(strangerFile, `${dir}/marker`, log);
      await expect.poll(() => ours.exitCode !== null || ours.signalCode !== null).toBe(true);
      expect(isAlive(stranger.pid!)).toBe(true);
      expect(fs.existsSync(oursFile)).toBe(false);
      expect(fs.existsSync(strangerFile)).toBe(false);
    } finally {
      stranger.kill('SIGKILL');
      ours.kill('SIGKILL');
    }
  });
});
