import fs from 'node:fs';
import path from 'node:path';

export class EmbeddedClickHouseBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly ownerPid: number,
  ) {
    super(
      `Embedded ClickHouse (chDB) in ${dir} already belongs to process ${ownerPid}. ` +
        'Only one process may own the embedded store: run the roles that need ClickHouse ' +
        '(web, sink) in that process, or set CLICKHOUSE_URL to a ClickHouse server so that ' +
        'several processes can share it.',
    );
    this.name = 'EmbeddedClickHouseBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * libchdb binds one data directory per process. This claims the directory for this
 * process with an exclusive owner file, or refuses with a message that says to set
 * CLICKHOUSE_URL. An owner file of a process that is gone is taken over.
 */
export function claimEmbeddedClickHouse(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'owner.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new EmbeddedClickHouseBusyError(dir, owner);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not claim ${file}`);
}
