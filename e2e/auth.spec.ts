import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO, signIn, waitForSignInForm } from './sign-in';

test('a page asks who you are first, and takes you back to it after signing in', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  await expect(page.getByRole('heading', { name: 'Tillstream' })).toBeVisible();
  const file = path.join(testInfo.project.outputDir, 'sign-in.png');
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach('sign-in', { path: file, contentType: 'image/png' });
});

test('a wrong password says so, and signs nobody in', async ({ page }) => {
  await page.goto('/sign-in');
  await waitForSignInForm(page);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#sign-in-error')).toHaveText('Wrong username or password.');
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
});

for (const [username, who] of Object.entries(DEMO) as [keyof typeof DEMO, (typeof DEMO)[keyof typeof DEMO]][]) {
  test(`signs in as ${username} (${who.role}) and out again`, async ({ page }) => {
    await signIn(page, username);
    const user = page.getByTestId('signed-in-user');
    await expect(user).toContainText(who.role);
    if ('stores' in who) await expect(user).toContainText(who.stores);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    // The session is gone: the page asks again.
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in\?next=/);
  });
}

test('only a path of this site is followed after signing in', async ({ page }) => {
  await page.goto('/sign-in?next=//evil.example/x');
  await waitForSignInForm(page);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('tillstream-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // `/`, which sends an admin on to the chain overview: still this site.
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/overview$/);
});

test('the theme switch turns the page dark and back, and remembers it', async ({ page }) => {
  await signIn(page, 'merch');
  await page.getByRole('button', { name: /Switch to dark theme/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: /Switch to light theme/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
