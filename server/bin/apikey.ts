/**
 * `npm run apikey -- <command>`: the API keys of the REST ingest (POST /api/v1/events),
 * kept in the Redis of this configuration (REDIS_URL, or the local Redis of `npm start`).
 *
 *   npm run apikey -- create --store S001 --name "Corner shop tills" [--rate 2000] [--burst 10000] [--json]
 *   npm run apikey -- list [--json]
 *   npm run apikey -- revoke <publicId>
 *
 * `create` prints the key once; Redis keeps only its SHA-256. Exit codes: 0 done,
 * 1 Redis not reachable or the key to revoke does not exist, 2 bad usage or configuration.
 */
import { parseArgs } from 'node:util';
import { createRedis } from '../../lib/clients/redis';
import { ConfigError, loadConfig } from '../../lib/config/load-config';
import { redactUrl } from '../../lib/log';
import { endpointsFor } from '../../infra/local-infra';
import { ApiKeyInputError, createApiKeyStore, isPublicId, type ApiKeyRecord } from '../ingest/api-keys';

const USAGE = `usage:
  npm run apikey -- create --store <storeId> --name <name> [--rate <events/s>] [--burst <events>] [--json]
  npm run apikey -- list [--json]
  npm run apikey -- revoke <publicId>`;

const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
const fail = (s: string, code: number): never => {
  process.stderr.write(`${s}\n`);
  process.exit(code);
};

function wholeNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${option}: expected a whole number (got "${value}")`, 2);
  return Number(value);
}

function table(rows: ApiKeyRecord[]): string {
  const head = ['public id', 'store', 'name', 'rate/s', 'burst', 'created', 'status'];
  const body = rows.map((r) => [r.publicId, r.storeId, r.name, String(r.rate), String(r.burst), r.createdAt, r.revokedAt ? `revoked ${r.revokedAt}` : 'active']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  return [head, ...body].map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        store: { type: 'string' },
        name: { type: 'string' },
        rate: { type: 'string' },
        burst: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    return fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help) return out(USAGE);
  if (!command) return fail(USAGE, 2);
  if (!['create', 'list', 'revoke'].includes(command)) return fail(`unknown command "${command}"\n${USAGE}`, 2);
  if (command === 'revoke' && (rest.length !== 1 || !isPublicId(rest[0]!))) {
    return fail(`revoke needs the public id of one key (16 hex characters, as "list" shows it)\n${USAGE}`, 2);
  }
  if (command === 'create' && (!values.store || !values.name)) return fail(`create needs --store and --name\n${USAGE}`, 2);
  const rate = wholeNumber(values.rate, 'rate');
  const burst = wholeNumber(values.burst, 'burst');

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    return fail(err instanceof ConfigError ? err.message : String(err), 2);
  }
  const url = endpointsFor(config).redisUrl;
  const redis = createRedis(url, 'tillstream-apikey');
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch {
    redis.disconnect();
    const hint = config.REDIS_URL ? 'check REDIS_URL' : 'start Tillstream first with npm start, or set REDIS_URL';
    return fail(`Redis is not reachable at ${redactUrl(url)}: ${hint}.`, 1);
  }

  try {
    const store = createApiKeyStore(redis);
    if (command === 'create') {
      const { key, record } = await store.create({ storeId: values.store!, name: values.name!, rate, burst });
      if (values.json) return out(JSON.stringify({ key, ...record }));
      out(`Created an ingest API key for store ${record.storeId} ("${record.name}"), ${record.rate} events/s, burst ${record.burst}:`);
      out('');
      out(`  ${key}`);
      out('');
      out('It is shown only this once (Tillstream keeps only its hash): store it in the sender now.');
      out(`Public id ${record.publicId}; revoke it with: npm run apikey -- revoke ${record.publicId}`);
    } else if (command === 'list') {
      const rows = await store.list();
      if (values.json) return out(JSON.stringify(rows));
      out(rows.length === 0 ? 'No API keys yet: npm run apikey -- create --store <storeId> --name <name>' : table(rows));
    } else {
      const publicId = rest[0]!;
      if (!(await store.revoke(publicId))) return fail(`No API key with public id ${publicId} (npm run apikey -- list shows them).`, 1);
      out(`Revoked ${publicId}: requests with it are answered 401 from now on.`);
    }
  } catch (err) {
    if (err instanceof ApiKeyInputError) return fail(err.message, 2);
    throw err;
  } finally {
    redis.disconnect();
  }
}

main().catch((err: unknown) => fail(`apikey failed: ${err instanceof Error ? err.message : String(err)}`, 1));
