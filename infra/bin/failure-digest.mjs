// The failures of a test stage in a few lines, from the JSON reports vitest and Playwright write
// next to their console output: `npm test` prints them last, so that the end of a CI log (often
// all that is kept of it) says which test failed and why. Plain Node, no npm package.
import fs from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line no-control-regex -- the escape that starts a colour code
const ANSI = /\u001b\[[0-9;]*m/g;
/** At most this many failures per stage, each at most this many lines of this many characters, and this many characters in all. */
const MAX_FAILURES = 4;
const MAX_LINES = 14;
const MAX_CHARS = 220;
const MAX_TOTAL = 2000;

/** The first lines of an error message, without colours or blank lines, each cut to MAX_CHARS. */
export function firstLines(message, lines = MAX_LINES) {
  return String(message ?? '')
    .replace(ANSI, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !/^\s*at /.test(l))
    .slice(0, lines)
    .map((l) => (l.length > MAX_CHARS ? `${l.slice(0, MAX_CHARS - 1)}…` : l));
}

/** Failed tests of a vitest JSON report (`--reporter=json`): title (file relative to `root`) and message. */
export function vitestFailures(report, root = process.cwd()) {
  const out = [];
  for (const file of report?.testResults ?? []) {
    const failed = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    const name = path.relative(root, file.name);
    for (const t of failed) out.push({ title: `${name} › ${t.fullName ?? t.title}`, message: (t.failureMessages ?? []).join('\n') });
    // A file that failed outside its tests (an import, a beforeAll) has no failed test to name.
    if (failed.length === 0 && file.status === 'failed') out.push({ title: name, message: file.message });
  }
  return out;
}

/** Failed tests of a Playwright JSON report: title and the message of each failed attempt (a retry too). */
export function playwrightFailures(report) {
  const out = [];
  const walk = (suite, above) => {
    const trail = [...above, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected') continue;
        // The last attempt whole, the earlier ones (retries) by their first line.
        const failed = (t.results ?? []).filter((r) => r.status !== 'passed' && r.status !== 'skipped');
        const messages = failed.map((r, i) => {
          const m = `[attempt ${i + 1}] ${r.error?.message ?? r.errors?.[0]?.message ?? r.status}`;
          return i === failed.length - 1 ? m : m.split('\n')[0];
        });
        out.push({ title: [...trail, spec.title].filter(Boolean).join(' › '), message: messages.join('\n') });
      }
    }
    for (const s of suite.suites ?? []) walk(s, trail);
  };
  for (const s of report?.suites ?? []) walk(s, []);
  for (const e of report?.errors ?? []) out.push({ title: '(outside any test)', message: e.message });
  return out;
}

/** The digest's lines for a stage's report file, or [] when it has none (the stage did not get that far). */
export function digest(stage, kind, file, root = process.cwd()) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const failures = kind === 'playwright' ? playwrightFailures(report) : vitestFailures(report, root);
  const lines = [];
  for (const f of failures.slice(0, MAX_FAILURES)) {
    lines.push(`  ${stage}: ${f.title}`);
    for (const l of firstLines(f.message)) lines.push(`    ${l}`);
  }
  if (failures.length > MAX_FAILURES) lines.push(`  ${stage}: and ${failures.length - MAX_FAILURES} more`);
  let total = 0;
  const kept = lines.filter((l) => (total += l.length + 1) <= MAX_TOTAL);
  return kept.length < lines.length ? [...kept, `  ${stage}: (cut: see the full log)`] : kept;
}
