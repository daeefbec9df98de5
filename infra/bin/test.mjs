// `npm test`: install what is missing, then every check CI runs, in order of cost:
// lint, typecheck, unit, integration (real Kafka/Redis/ClickHouse), end-to-end (Chromium).
// `npm test -- unit int` runs only the named stages.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, installMissing, say } from '../bootstrap/steps.mjs';
import { digest } from './failure-digest.mjs';

const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
/** Each test stage's JSON report, for the failure digest printed last (failure-digest.mjs). */
const REPORTS = path.join(ROOT, '.cache', 'test-reports');
const report = (stage) => path.join(REPORTS, `${stage}.json`);
const vitest = (project) => [bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report(project)}`]];
const STAGES = {
  lint: [['npm', ['run', '--silent', 'lint']]],
  typecheck: [['npm', ['run', '--silent', 'typecheck']]],
  unit: [vitest('unit')],
  int: [vitest('int')],
  // playwright.config.ts adds its JSON reporter when TILLSTREAM_E2E_REPORT names a file.
  e2e: [[bin('playwright'), ['test']]],
};
const DIGESTS = { unit: 'vitest', int: 'vitest', e2e: 'playwright' };

const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !(s in STAGES));
if (unknown.length) {
  process.stderr.write(`unknown test stage(s): ${unknown.join(', ')}; stages: ${Object.keys(STAGES).join(', ')}\n`);
  process.exit(2);
}
const stages = asked.length ? asked : Object.keys(STAGES);

installMissing({ chromium: stages.includes('e2e') });

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TILLSTREAM_E2E_REPORT: report('e2e') };
fs.mkdirSync(REPORTS, { recursive: true });
const results = [];
for (const stage of stages) {
  const t0 = Date.now();
  say(`test stage: ${stage}`);
  fs.rmSync(report(stage), { force: true });
  let ok = true;
  for (const [cmd, args] of STAGES[stage]) {
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
    if (r.status !== 0) ok = false;
  }
  results.push({ stage, ok, seconds: ((Date.now() - t0) / 1000).toFixed(1) });
  if (!ok && process.env.CI === 'true') break;
}
const failures = results.filter((r) => !r.ok && DIGESTS[r.stage]).flatMap((r) => digest(r.stage, DIGESTS[r.stage], report(r.stage), ROOT));
if (failures.length) {
  say('failures:');
  process.stdout.write(`${failures.join('\n')}\n`);
}
say('summary:');
for (const r of results) process.stdout.write(`  ${r.ok ? 'pass' : 'FAIL'}  ${r.stage.padEnd(10)} ${r.seconds}s\n`);
process.exit(results.every((r) => r.ok) && results.length === stages.length ? 0 : 1);
