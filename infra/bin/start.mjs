// `npm start`: install what is missing, then run every role with the local infrastructure.
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  ROOT,
  checkNode,
  ensureDebianPackages,
  ensureKafkaJars,
  ensureNextBuild,
  ensureNpmPackages,
  say,
} from '../bootstrap/steps.mjs';

checkNode();
say('checking what is installed…');
ensureNpmPackages();
// A service given by address is not started locally, so its software is not needed here.
if (!process.env.REDIS_URL) ensureDebianPackages({ 'redis-server': 'redis-server' });
if (!process.env.KAFKA_BROKERS) ensureKafkaJars();
ensureNextBuild();
say('starting Tillstream…');

const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts'), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...process.env },
});
// The supervisor handles Ctrl-C itself (ordered shutdown); this launcher only waits for it.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, sig) => process.exit(code ?? (sig ? 1 : 0)));
