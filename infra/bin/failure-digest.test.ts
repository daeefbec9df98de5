import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { digest, firstLines, playwrightFailures, vitestFailures } from './failure-digest.mjs';

const RED = '\u001b[31m';
const OFF = '\u001b[39m';

/** Shaped as vitest 4 writes it (`--reporter=json`), trimmed. */
const vitestReport = {
  testResults: [
    {
      name: '/repo/workers/aggregator/aggregator-day.int.test.ts',
      status: 'failed',
      message: '',
      assertionResults: [
        { fullName: 'live aggregator counts only tills', title: 'counts only tills', status: 'failed', failureMessages: ['AssertionError: expected [ …(3) ] to deeply equal [ …(2) ]\n    at /repo/workers/x.ts:3:53\n    at new Promise (<anonymous>)'] },
        { fullName: 'live aggregator passes', title: 'passes', status: 'passed', failureMessages: [] },
      ],
    },
    { name: '/repo/test/broken.int.test.ts', status: 'failed', message: 'Hook timed out in 180000ms', assertionResults: [{ fullName: 'skipped one', title: 'skipped one', status: 'skipped', failureMessages: [] }] },
    { name: '/repo/lib/ok.test.ts', status: 'passed', message: '', assertionResults: [{ fullName: 'ok', title: 'ok', status: 'passed', failureMessages: [] }] },
  ],
};

/** Shaped as Playwright writes it (the `json` reporter), trimmed: a test that failed, and failed again on its retry. */
const playwrightReport = {
  suites: [
    {
      title: 'store-offline-alert.spec.ts',
      specs: [
        {
          title: 'a store raises one offline alert',
          tests: [
            {
              status: 'unexpected',
              results: [
                { status: 'failed', error: { message: `Error: ${RED}S012's offline alert${OFF}\n\nExpected: ["resolved:auto"]\nReceived: []` } },
                { status: 'timedOut', errors: [{ message: 'Test timeout of 300000ms exceeded.' }] },
              ],
            },
          ],
        },
        { title: 'a flaky one', tests: [{ status: 'flaky', results: [{ status: 'failed', error: { message: 'once' } }, { status: 'passed' }] }] },
      ],
      suites: [{ title: 'inner', specs: [{ title: 'passes', tests: [{ status: 'expected', results: [{ status: 'passed' }] }] }] }],
    },
  ],
  errors: [{ message: 'Error: webServer exited early' }],
};

describe('failure digest', () => {
  it('keeps the first lines of a message, without colours, blank lines or stack frames, each cut short', () => {
    expect(firstLines(`${RED}Error: boom${OFF}\n\n    at f (x.ts:1:1)\n  Expected: 1\n${'x'.repeat(500)}`)).toEqual(['Error: boom', '  Expected: 1', `${'x'.repeat(219)}…`]);
    expect(firstLines(Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'))).toHaveLength(14);
    expect(firstLines(undefined)).toEqual([]);
  });

  it('names each failed vitest test by its file and full name, and a file that failed outside its tests', () => {
    expect(vitestFailures(vitestReport, '/repo')).toEqual([
      { title: 'workers/aggregator/aggregator-day.int.test.ts › live aggregator counts only tills', message: expect.stringContaining('to deeply equal') },
      { title: 'test/broken.int.test.ts', message: 'Hook timed out in 180000ms' },
    ]);
  });

  it('names each Playwright test that failed (not a flaky one), with every failed attempt, and errors outside tests', () => {
    const failures = playwrightFailures(playwrightReport);
    expect(failures.map((f) => f.title)).toEqual(['store-offline-alert.spec.ts › a store raises one offline alert', '(outside any test)']);
    // The retry's message whole, the first attempt's by its first line.
    expect(failures[0]!.message).toBe(`[attempt 1] Error: ${RED}S012's offline alert${OFF}\n[attempt 2] Test timeout of 300000ms exceeded.`);
  });

  it('prints a stage’s failures from its report file, and nothing when there is none', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digest-'));
    try {
      const file = path.join(dir, 'e2e.json');
      fs.writeFileSync(file, JSON.stringify(playwrightReport));
      expect(digest('e2e', 'playwright', file)).toEqual([
        '  e2e: store-offline-alert.spec.ts › a store raises one offline alert',
        "    [attempt 1] Error: S012's offline alert",
        '    [attempt 2] Test timeout of 300000ms exceeded.',
        '  e2e: (outside any test)',
        '    Error: webServer exited early',
      ]);
      expect(digest('int', 'vitest', path.join(dir, 'missing.json'))).toEqual([]);
      // Many long failures: cut to about 2,000 characters, and says so.
      const many = { suites: [{ title: 'a.spec.ts', specs: Array.from({ length: 9 }, (_, i) => ({ title: `t${i}`, tests: [{ status: 'unexpected', results: [{ status: 'failed', error: { message: Array.from({ length: 20 }, () => 'y'.repeat(300)).join('\n') } }] }] })) }] };
      fs.writeFileSync(file, JSON.stringify(many));
      const cut = digest('e2e', 'playwright', file);
      expect(cut.join('\n').length).toBeLessThan(2100);
      expect(cut.at(-1)).toBe('  e2e: (cut: see the full log)');
      fs.writeFileSync(file, '{"truncated":');
      expect(digest('e2e', 'playwright', file)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
