import path from 'node:path';
import { LockHeldError, claimPidLock } from '../pid-lock';

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

/**
 * libchdb binds one data directory per process. This claims the directory for this
 * process, or refuses with a message that says to set CLICKHOUSE_URL.
 */
export function claimEmbeddedClickHouse(dir: string): () => void {
  try {
    return claimPidLock(path.join(dir, 'owner.pid'));
  } catch (err) {
    if (err instanceof LockHeldError) throw new EmbeddedClickHouseBusyError(dir, err.ownerPid);
    throw err;
  }
}
