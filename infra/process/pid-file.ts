import fs from 'node:fs';
import path from 'node:path';

export interface PidRecord {
  pid: number;
  name: string;
  /** A string that the process's command line contains, so a recycled pid is never mistaken for ours. */
  marker: string;
  startedAt: string;
}

export { isAlive } from '../../lib/pid-lock';

/** The command line of a live process, '' when it is gone or unreadable. */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

export function readPidFile(file: string): PidRecord | undefined {
  try {
    const rec = JSON.parse(fs.readFileSync(file, 'utf8')) as PidRecord;
    return Number.isInteger(rec.pid) && rec.pid > 0 ? rec : undefined;
  } catch {
    return undefined;
  }
}

export function writePidFile(file: string, rec: PidRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(rec)}\n`);
}

export function removePidFile(file: string): void {
  fs.rmSync(file, { force: true });
}
