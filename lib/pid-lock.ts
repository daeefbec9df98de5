import fs from 'node:fs';
import path from 'node:path';

export class LockHeldError extends Error {
  constructor(
    readonly file: string,
    readonly ownerPid: number,
  ) {
    super(`${file} is held by live process ${ownerPid}`);
    this.name = 'LockHeldError';
  }
}

/** True while a process with this pid exists (also one we may not signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `file` for this process (it holds our pid), or throws LockHeldError when a
 * live process holds it. A file left by a process that is gone is taken over.
 * Returns the release function.
 */
export function claimPidLock(file: string): () => void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new LockHeldError(file, owner);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not claim ${file}`);
}
