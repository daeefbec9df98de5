import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { signIn, waitForSignInForm } from './sign-in';

const PASSWORD = 'e2e-store-pass-1';

/** The store ids a signed-in page's session may see (GET /api/v1/stores). */
async function visibleStores(request: APIRequestContext): Promise<string[]> {
  const res = await request.get('/api/v1/stores');
  expect(res.status()).toBe(200);
  return ((await res.json()) as { stores: { storeId: string }[] }).stores.map((s) => s.storeId);
}

/** Signs in a user that is not one of the demo ones (e2e/sign-in.ts knows those only). */
async function signInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/sign-in?next=%2Fstatus');
  await waitForSignInForm(page);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const storeBox = (scope: Page | ReturnType<Page['getByTestId']>, storeId: string) =>
  scope.getByRole('checkbox', { name: new RegExp(`^${storeId}\\b`) });

test('an admin creates a store manager for one store, changes its scope, and deletes it', async ({ page, browser }, testInfo) => {
  await signIn(page, 'admin', '/admin/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(page.getByRole('note').first()).toContainText('within seconds');

  // The chain's stores arrive with the master data: wait for two to choose from.
  let stores: string[] = [];
  await expect
    .poll(async () => (stores = await visibleStores(page.request)).length, { message: 'the store list (master data)', timeout: 60_000 })
    .toBeGreaterThanOrEqual(2);
  const [first, second] = [stores[stores.length - 1]!, stores[stores.length - 2]!];

  const form = page.getByTestId('create-user-form');
  const username = `e2e-mgr-${Date.now().toString(36)}`;

  // A refusal of the API is said next to the form, naming the field.
  await form.getByLabel('Username').fill('Not Valid');
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByRole('alert')).toContainText('username: 3-40 characters');
  await expect(form.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');

  // A store manager for one store (the role the form starts with).
  await form.getByLabel('Username').fill(username);
  await expect(form.getByLabel('Role')).toHaveValue('store_manager');
  await storeBox(form, first).check();
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByRole('status')).toContainText(`Created ${username}: Store manager, ${first}.`);
  const row = page.getByTestId(`user-${username}`);
  await expect(row.getByTestId('user-stores')).toHaveText(first);
  // The admin's own row: no self-delete, no self-demotion.
  await expect(page.getByRole('button', { name: 'Delete admin', exact: true })).toBeDisabled();

  const file = path.join(testInfo.project.outputDir, 'admin-users.png');
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach('admin-users', { path: file, contentType: 'image/png' });

  // The new user, in a browser of its own, sees that one store only.
  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    const mgr = await other.newPage();
    await signInAs(mgr, username, PASSWORD);
    const user = mgr.getByTestId('signed-in-user');
    await expect(user).toContainText(username);
    await expect(user).toContainText(first);
    await expect(user).not.toContainText(second);
    await expect(mgr.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: /^Store / })).toHaveText([`Store ${first}`]);
    expect(await visibleStores(mgr.request)).toEqual([first]);
    expect((await mgr.request.get('/api/v1/admin/users')).status()).toBe(403);

    // The admin moves the user to the other store.
    await page.getByRole('button', { name: `Edit access of ${username}` }).click();
    const dialog = page.getByTestId('edit-access-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Nothing changed' })).toBeDisabled();
    const dialogFile = path.join(testInfo.project.outputDir, 'admin-users-dialog.png');
    await page.screenshot({ path: dialogFile });
    await testInfo.attach('admin-users-dialog', { path: dialogFile, contentType: 'image/png' });
    await storeBox(dialog, first).uncheck();
    await storeBox(dialog, second).check();
    await dialog.getByRole('button', { name: 'Save access' }).click();
    await expect(dialog).toBeHidden();
    await expect(row.getByTestId('user-stores')).toHaveText(second);

    // The change ended the user's session: it signs in again, and now sees the other store.
    expect((await mgr.request.get('/api/v1/stores')).status()).toBe(401);
    await mgr.reload();
    await expect(mgr).toHaveURL(/\/sign-in\?next=/);
    await signInAs(mgr, username, PASSWORD);
    await expect(user).toContainText(second);
    await expect(user).not.toContainText(first);
    expect(await visibleStores(mgr.request)).toEqual([second]);

    // The admin deletes the user, after confirming.
    await page.getByRole('button', { name: `Delete ${username}` }).click();
    const confirm = page.getByTestId('delete-user-dialog');
    await expect(confirm).toContainText('cannot be undone');
    await confirm.getByRole('button', { name: `Delete ${username}` }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toHaveCount(0);

    // Its session is over, and it cannot sign in again.
    expect((await mgr.request.get('/api/v1/stores')).status()).toBe(401);
    await signInAs(mgr, username, PASSWORD);
    await expect(mgr.locator('#sign-in-error')).toHaveText('Wrong username or password.');
  } finally {
    await other.close();
  }
});

test('a merchandiser gets the not-allowed page for /admin/users, and 403 from the admin API', async ({ page }) => {
  await signIn(page, 'merch', '/status');
  const res = await page.goto('/admin/users');
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('not-allowed')).toBeVisible();
  await expect(page.getByTestId('users-table')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);

  const list = await page.request.get('/api/v1/admin/users');
  expect(list.status()).toBe(403);
  expect(((await list.json()) as { error: string }).error).toBe('forbidden');
});
