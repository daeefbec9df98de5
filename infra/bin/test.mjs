// `npm test`: install what is missing, then every check CI runs, in order of cost:
// lint, typecheck, unit, integration (real Kafka/Redis/ClickHouse), end-to-end (Chromium).
// `npm test -- unit int` runs only the named stages.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, installMissing, say } from '../bootstrap/steps.mjs';

const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const STAGES = {
  lint: [['npm', ['run', '--silent', 'lint']]],
  typecheck: [['npm', ['run', '--silent', 'typecheck']]],
  unit: [[bin('vitest'), ['run', '--project', 'unit']]],
  int: [[bin('vitest'), ['run', '--project', 'int']]],
  e2e: [[bin('playwright'), ['test']]],
};

const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !(s in STAGES));
if (unknown.length) {
  process.stderr.write(`unknown test stage(s): ${unknown.join(', ')}; stages: ${Object.keys(STAGES).join(', ')}\n`);
  process.exit(2);
}
const stages = asked.length ? asked : Object.keys(STAGES);

installMissing({ chromium: stages.includes('e2e') });

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const results = [];
for (const stage of stages) {
  const t0 = Date.now();
  say(`test stage: ${stage}`);
  let ok = true;
  for (const [cmd, args] of STAGES[stage]) {
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
    if (r.status !== 0) ok = false;
  }
  results.push({ stage, ok, seconds: ((Date.now() - t0) / 1000).toFixed(1) });
  if (!ok && process.env.CI === 'true') break;
}
say('summary:');
for (const r of results) process.stdout.write(`  ${r.ok ? 'pass' : 'FAIL'}  ${r.stage.padEnd(10)} ${r.seconds}s\n`);
process.exit(results.every((r) => r.ok) && results.length === stages.length ? 0 : 1);
