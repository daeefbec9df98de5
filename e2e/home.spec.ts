import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { DependencyName, HealthReport } from '../lib/live/health-types';
import { signIn } from './sign-in';

const DEPENDENCIES: DependencyName[] = ['kafka', 'redis', 'clickhouse'];

test('the status page shows every dependency ok, live over Socket.IO', async ({ page }, testInfo) => {
  await signIn(page, 'admin');
  await page.goto('/status');

  await expect(page.getByRole('heading', { level: 1, name: 'System status' })).toBeVisible();

  const card = page.getByTestId('system-status');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('overall-status')).toHaveText('All systems operational');
  for (const name of DEPENDENCIES) {
    // Second cell: the status ("ok", or "down — <error>").
    await expect(card.getByTestId(`dep-${name}`).getByRole('cell').nth(1), `${name} status`).toHaveText('ok');
  }
  // The Socket.IO connection to the same origin and port.
  await expect(card.getByTestId('live-indicator')).toHaveText('live');

  // A fixed place to look at (test-results/home.png), also attached to the report.
  const file = path.join(testInfo.project.outputDir, 'status.png');
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach('status', { path: file, contentType: 'image/png' });
});

test('GET /api/health answers 200 with every dependency ok and timed', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const body = (await res.json()) as HealthReport;
  expect(body.status).toBe('ok');
  for (const name of DEPENDENCIES) {
    const dep = body.dependencies[name];
    expect(dep, name).toBeDefined();
    expect(dep.status, `${name} status`).toBe('ok');
    expect(typeof dep.latencyMs, `${name} latencyMs`).toBe('number');
    expect(Number.isFinite(dep.latencyMs), `${name} latencyMs finite`).toBe(true);
  }
});
