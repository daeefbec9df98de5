// `npm start`: install what is missing, then run every role with the local infrastructure.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, installMissing, say } from '../bootstrap/steps.mjs';

// A service given by address is not started locally, so its software is not needed here.
installMissing({ redis: !process.env.REDIS_URL, kafka: !process.env.KAFKA_BROKERS });
say('starting Tillstream…');

const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts'), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...process.env },
});
// The supervisor handles Ctrl-C itself (ordered shutdown); this launcher only waits for it.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, sig) => process.exit(code ?? (sig ? 1 : 0)));
