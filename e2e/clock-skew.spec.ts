import { expect, test, type Locator, type Page } from '@playwright/test';
import type { StoresAnswer } from '../lib/kpis/store-answers';
import { signIn } from './sign-in';

/**
 * Freshness is measured on the server's clock (components/data/server-clock.ts): a browser whose
 * own clock is 10 minutes fast, or slow, shows a live store as the server sees it (online, or
 * lagging while the pipeline catches up at the start of the run), never "offline 10 min". The
 * browser's clock is set with Playwright's clock (Date and timers, time flowing from there);
 * cookies and the API requests below keep the real one.
 */
const SKEWS = [
  { name: 'fast', ms: 10 * 60_000 },
  { name: 'slow', ms: -10 * 60_000 },
];

/** S001's status as the API answers it now. */
async function apiStatus(page: Page): Promise<string | undefined> {
  const answer = (await (await page.request.get('/api/v1/stores')).json()) as StoresAnswer;
  return answer.stores.find((s) => s.storeId === 'S001')?.status;
}

/** The badge shows what the server says (both read again until they agree: the status may move while they are read). */
async function agreesWithServer(page: Page, badge: Locator): Promise<void> {
  await expect
    .poll(
      async () => {
        const [ui, api] = [await badge.getAttribute('data-status'), await apiStatus(page)];
        return ui === api ? 'same' : `page ${ui}, API ${api}`;
      },
      { timeout: 20_000, intervals: [500, 1_000] },
    )
    .toBe('same');
}

for (const skew of SKEWS) {
  test(`a browser whose clock is 10 minutes ${skew.name} shows a live store as the server sees it, on the overview and on its page`, async ({ page }) => {
    await page.clock.install({ time: Date.now() + skew.ms });
    expect(Math.abs((await page.evaluate(() => Date.now())) - Date.now() - skew.ms)).toBeLessThan(60_000);
    await signIn(page, 'admin', '/');
    const league = page.getByTestId('freshness-S001');
    // Not offline from the first render of the answer (the clock is learnt from that same answer).
    await expect(league).toBeVisible({ timeout: 30_000 });
    await expect(league).not.toHaveAttribute('data-status', 'offline', { timeout: 1_000 });
    await agreesWithServer(page, league);
    // Still so after the badges have aged a few ticks (every 5 s).
    await page.waitForTimeout(6_000);
    await expect(league).not.toHaveAttribute('data-status', 'offline');
    await agreesWithServer(page, league);

    await page.goto('/stores/S001');
    const badge = page.getByTestId('store-freshness');
    await expect(badge).toBeVisible({ timeout: 30_000 });
    await expect(badge).not.toHaveAttribute('data-status', 'offline', { timeout: 1_000 });
    await page.waitForTimeout(6_000);
    await expect(badge).not.toHaveAttribute('data-status', 'offline');
    await agreesWithServer(page, badge);
  });
}
