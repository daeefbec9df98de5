import { expect, test } from '@playwright/test';
import { signIn } from './sign-in';

/**
 * Freshness is measured on the server's clock (components/data/server-clock.ts): a browser whose
 * own clock is 10 minutes fast, or slow, shows a live store online, not "offline 10 min". The
 * browser's clock is set with Playwright's clock (Date and timers, time flowing from there);
 * cookies keep the real one.
 */
const SKEWS = [
  { name: 'fast', ms: 10 * 60_000 },
  { name: 'slow', ms: -10 * 60_000 },
];

for (const skew of SKEWS) {
  test(`a browser whose clock is 10 minutes ${skew.name} shows a live store online, on the overview and on its page`, async ({ page }) => {
    await page.clock.install({ time: Date.now() + skew.ms });
    expect(Math.abs((await page.evaluate(() => Date.now())) - Date.now() - skew.ms)).toBeLessThan(60_000);
    await signIn(page, 'admin', '/');
    const league = page.getByTestId('freshness-S001');
    // Online from the first render of the answer (the clock is learnt from that same answer).
    await expect(league).toBeVisible({ timeout: 30_000 });
    await expect(league).toHaveAttribute('data-status', 'online', { timeout: 1_000 });
    // Still online after the badges have aged a few ticks (every 5 s).
    await page.waitForTimeout(6_000);
    await expect(league).toHaveAttribute('data-status', 'online');
    await expect(league).not.toContainText('offline');

    await page.goto('/stores/S001');
    const badge = page.getByTestId('store-freshness');
    await expect(badge).toBeVisible({ timeout: 30_000 });
    await expect(badge).toHaveAttribute('data-status', 'online', { timeout: 1_000 });
    await page.waitForTimeout(6_000);
    await expect(badge).toHaveAttribute('data-status', 'online');
  });
}
