import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../../lib/log';
import { ManagedProcess } from '../process/managed-process';
import { canConnect } from '../../lib/ports';

export const REDIS_CONFIG = path.join(import.meta.dirname, 'redis.conf');

/** A Redis of our own: Debian's redis-server on loopback, AOF on, data under the data directory. */
export function createRedisNode(o: { dataDir: string; port: number; log: Logger }): ManagedProcess {
  const dir = path.join(o.dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  // A per-instance file that includes the shared settings: its path shows in the
  // process title, so a pid file left by a crash is matched to this instance only.
  const conf = path.join(dir, 'redis.conf');
  fs.writeFileSync(
    conf,
    [`include ${REDIS_CONFIG}`, `port ${o.port}`, `dir ${dir}`, `logfile ${path.join(dir, 'redis.log')}`, ''].join('\n'),
  );
  return new ManagedProcess(
    {
      name: 'redis',
      command: 'redis-server',
      args: [conf],
      runDir: path.join(o.dataDir, 'run'),
      logFile: path.join(dir, 'stdout.log'),
      diagnosticLog: path.join(dir, 'redis.log'),
      marker: conf,
      ready: async () => (await canConnect(o.port)) && (await pingRedis(o.port)),
      readyTimeoutMs: 30000,
      ports: [{ port: o.port, what: 'Redis', variable: 'REDIS_PORT' }],
      stopGraceMs: 15000,
    },
    o.log.child({ component: 'redis' }),
  );
}

/** PING over a raw socket, so readiness needs no client library. */
function pingRedis(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    let buf = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
    sock.on('error', () => done(false));
    sock.write('PING\r\n');
  });
}
