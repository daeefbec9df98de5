// What `npm start` and `npm test` install before anything else runs. Plain Node, no
// packages: it runs on a fresh clone before node_modules exists. Each step checks
// first and does nothing when its result is already in place.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KAFKA_VERSION } from '../kafka/kafka-version.mjs';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const STAMPS = path.join(ROOT, '.cache', 'stamps');

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
export function say(msg) {
  process.stdout.write(`[tillstream ${elapsed()}] ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`\n[tillstream] ${msg}\n`);
  process.exit(1);
}

function runVisible(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`"${cmd} ${args.join(' ')}" failed with exit code ${r.status}`);
}

function hashOf(parts) {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
}

function stamp(name) {
  const file = path.join(STAMPS, name);
  return {
    get: () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : ''),
    set: (v) => {
      fs.mkdirSync(STAMPS, { recursive: true });
      fs.writeFileSync(file, `${v}\n`);
    },
  };
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/** npm packages from the lock file; reinstalls when the lock file changed. */
export function ensureNpmPackages() {
  const lock = path.join(ROOT, 'package-lock.json');
  const want = hashOf([fs.readFileSync(lock)]);
  const s = stamp('npm');
  if (s.get() === want && fs.existsSync(path.join(ROOT, 'node_modules', '.package-lock.json'))) return;
  say('installing npm packages from package-lock.json (~30-60 s on a fresh clone)…');
  // Not `npm ci`: npm 11 rejects lock files that lack other platforms' optional packages
  // (@next/swc-*, @chdb/lib-*). `install --no-save` follows the lock and never rewrites it.
  runVisible('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  s.set(want);
}

/** Debian packages by the command they provide, e.g. { 'redis-server': 'redis-server', chromium: 'chromium' }. */
export function ensureDebianPackages(commands) {
  const missing = Object.entries(commands).filter(([cmd]) => !has(cmd));
  if (missing.length === 0) return;
  const pkgs = missing.map(([, pkg]) => pkg);
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : has('sudo') ? ['sudo', '-n'] : null;
  if (!sudo) fail(`missing Debian packages: ${pkgs.join(', ')}. Install them as root: apt-get install -y ${pkgs.join(' ')}`);
  if (!has('apt-get')) fail(`missing ${pkgs.join(', ')} and this machine has no apt-get: install them with its package manager`);
  say(`installing Debian packages: ${pkgs.join(', ')} (apt-get, ~30-90 s)…`);
  const [cmd, ...pre] = sudo.length ? sudo : ['env'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  runVisible(cmd, [...pre, 'apt-get', 'update', '-qq'], { env });
  runVisible(cmd, [...pre, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env });
  const still = missing.filter(([c]) => !has(c)).map(([c]) => c);
  if (still.length) fail(`apt-get finished but these commands are still missing: ${still.join(', ')}`);
}

/** The Kafka broker and tools jars from Maven Central, into .cache/kafka/<version>/jars. */
export function ensureKafkaJars() {
  const dir = path.join(ROOT, '.cache', 'kafka', KAFKA_VERSION);
  const pom = path.join(ROOT, 'infra', 'kafka', 'pom.xml');
  const want = hashOf([fs.readFileSync(pom)]);
  const s = stamp(`kafka-jars-${KAFKA_VERSION}`);
  if (s.get() === want && fs.existsSync(path.join(dir, 'jars'))) return;
  if (!has('java')) fail('Java 17 or newer is needed to run Kafka: install a JDK (e.g. apt-get install openjdk-17-jre-headless)');
  if (!has('mvn')) fail('Maven is needed to resolve the Kafka jars from Maven Central: apt-get install maven');
  say(`resolving Apache Kafka ${KAFKA_VERSION} jars from Maven Central (~54 MB, 15-60 s)…`);
  fs.rmSync(path.join(dir, 'jars'), { recursive: true, force: true });
  runVisible('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(dir, 'jars')}`]);
  s.set(want);
}

function listFiles(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else out.push(p);
  }
  return out;
}

function nextBuildInputsHash() {
  const inputs = ['app', 'components', 'lib', 'server', 'public']
    .flatMap((d) => listFiles(path.join(ROOT, d)))
    // Docs and tests are not part of the bundle: editing them must not cost a rebuild.
    .filter((f) => !/(\.md|\.test\.ts)$/.test(f))
    .concat(['next.config.js', 'package-lock.json', 'tsconfig.json'].map((f) => path.join(ROOT, f)))
    .filter((f) => fs.existsSync(f))
    .sort();
  return hashOf(inputs.flatMap((f) => [path.relative(ROOT, f), fs.readFileSync(f)]));
}

/** The production Next build, rebuilt when anything it bundles changed. */
export function ensureNextBuild() {
  const want = nextBuildInputsHash();
  const s = stamp('next-build');
  if (s.get() === want && fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) return;
  say('building the dashboard (next build, ~15-40 s)…');
  runVisible(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  // Hashed again after the build: `next build` may rewrite tsconfig.json.
  s.set(nextBuildInputsHash());
}

/**
 * Everything `npm start` and `npm test` install, in order; each step checks first.
 * `redis`/`kafka` false: that service is given by address, so its software is not needed.
 */
export function installMissing({ redis = true, kafka = true, chromium = false } = {}) {
  checkNode();
  say('checking what is installed…');
  ensureNpmPackages();
  ensureDebianPackages({ ...(redis ? { 'redis-server': 'redis-server' } : {}), ...(chromium ? { chromium: 'chromium' } : {}) });
  if (kafka) ensureKafkaJars();
  ensureNextBuild();
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 9)) fail(`Node ${process.versions.node} is too old: Tillstream needs Node 20.9 or newer`);
}

export { execFileSync };
