/**
 * The one entry point of every Tillstream process. It runs the roles named in ROLES
 * (default: all) and, for each service that has no address configured, starts and
 * supervises the local one (Kafka, Redis; ClickHouse embedded through chDB).
 */
import { createClickHouse } from '../lib/clients/clickhouse';
import { claimEmbeddedClickHouse } from '../lib/clickhouse/embedded-owner';
import { migrate } from '../lib/clickhouse/migrate';
import { ConfigError, loadConfig } from '../lib/config/load-config';
import type { Config } from '../lib/config/schema';
import { createLogger, type Logger } from '../lib/log';
import { createLocalInfra } from '../infra/local-infra';
import { DEMO_USERS } from './auth/demo-users';
import { Lifecycle } from './lifecycle';
import { resolveRoles } from './roles/registry';
import type { RoleContext } from './roles/role';

async function start(config: Config, log: Logger, lifecycle: Lifecycle): Promise<void> {
  const roles = resolveRoles(config.ROLES);
  const t0 = Date.now();
  log.info({ roles: roles.map((r) => r.name), dataDir: config.DATA_DIR }, 'starting');

  const infra = await createLocalInfra(config, log);
  lifecycle.add('infrastructure', infra.stop);
  await infra.start();
  const ctx: RoleContext = { config, endpoints: infra.endpoints, log };

  if (roles.some((r) => r.needsClickHouse)) {
    const target = infra.endpoints.clickhouse;
    if (target.kind === 'embedded') {
      const release = claimEmbeddedClickHouse(target.path);
      lifecycle.add('clickhouse owner file', async () => release());
    }
    const clickhouse = await createClickHouse(target);
    lifecycle.add('clickhouse', () => clickhouse.close());
    await migrate(clickhouse, log);
    ctx.clickhouse = clickhouse;
  }

  for (const role of roles) {
    if (lifecycle.isStopping) return;
    const stop = await role.start(ctx);
    if (role.streamWorker) lifecycle.addToGroup('stream workers', role.name, stop);
    else lifecycle.add(role.name, stop);
  }
  log.info({ seconds: (Date.now() - t0) / 1000 }, 'Tillstream is up');
  if (roles.some((r) => r.name === 'web')) {
    const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
    const users = DEMO_USERS.map((u) => `    ${u.username.padEnd(8)} ${u.role.padEnd(14)} ${u.stores === 'all' ? 'every store' : u.stores.join(', ')}`).join('\n');
    process.stdout.write(
      `\n  Tillstream is running: ${url}\n  Health: ${url}/api/health\n  Demo sign-ins (password ${DEMO_USERS[0]!.password}, at ${url}/sign-in):\n${users}\n  Stop: Ctrl-C\n\n`,
    );
  }
}

async function run(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const log = createLogger({ name: 'tillstream', level: config.LOG_LEVEL });
  const lifecycle = new Lifecycle(log, config.SHUTDOWN_TIMEOUT_MS);
  lifecycle.handleSignals();
  try {
    await start(config, log, lifecycle);
  } catch (err) {
    // One readable line for the expected failures (port in use, ClickHouse owned elsewhere…).
    log.fatal(err instanceof Error ? err.message : String(err));
    log.debug({ err }, 'start failed');
    await lifecycle.stop('start failed');
    process.exit(1);
  }
}

void run();
