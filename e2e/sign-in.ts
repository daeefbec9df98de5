import { expect, type Page } from '@playwright/test';

/** The demo users `npm start` seeds and prints (server/auth/demo-users.ts). */
export const DEMO = {
  manager: { role: 'Store manager', stores: 'S001, S002' },
  merch: { role: 'Merchandiser' },
  fraud: { role: 'Fraud analyst' },
  admin: { role: 'Admin' },
} as const;
export const DEMO_PASSWORD = 'tillstream-demo';

/** Signs in through the sign-in page, as a person would, and waits for the page it leads to. */
export async function signIn(page: Page, username: keyof typeof DEMO, next = '/'): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await waitForSignInForm(page);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toContainText(username);
  // The page is live (its script ran) once the theme is on <html>.
  await expect(page.locator('html')).toHaveAttribute('data-theme', /light|dark/);
}

/** The sign-in form once its script runs (a submit before would be the browser's own). */
export async function waitForSignInForm(page: Page): Promise<void> {
  await expect(page.locator('form[data-ready="1"]')).toBeVisible();
}
