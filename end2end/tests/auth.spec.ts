import { ADMIN, CUSTOMER, expect, hydrated, login, mailedLink, shot, totp } from './helpers';
import { test, type Page } from '@playwright/test';

/** Picks a language in the switch and waits until the server has stored it. */
async function switchLanguage(page: Page, label: string, tag: string): Promise<void> {
  const stored = page.waitForResponse((r) => r.url().endsWith('/api/i18n/language') && r.ok());
  await page.getByLabel(label).selectOption(tag);
  await stored;
}

/** Nothing on the page is wider than the screen. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('an anonymous visit to /my goes to log in, then back to /my', async ({ page }) => {
  await page.goto('/my');
  await expect(page).toHaveURL(/\/login\?next=%2Fmy$/);
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await shot(page, 'login');

  await hydrated(page);
  await page.getByLabel('Email').fill(CUSTOMER.email);
  await page.getByLabel('Password').fill(CUSTOMER.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/my$/);
  await expect(page.getByRole('heading', { name: `Hello, ${CUSTOMER.name}` })).toBeVisible();
  // The Details section, read through the customer's scope.
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details.getByText('ACME Distribution SRL')).toBeVisible();
  await expect(details.getByText(CUSTOMER.email)).toBeVisible();
  await expectNoHorizontalScroll(page);
  await shot(page, 'portal-home');
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(CUSTOMER.email);
  await page.getByLabel('Password').fill('not my password at all');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email address or password is incorrect.');
  await expect(page).toHaveURL(/\/login/);
  await shot(page, 'login-error');
});

test('the login form works before the WASM bundle has loaded', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login?next=%2Fmy');
  await page.getByLabel('Email').fill(CUSTOMER.email);
  await page.getByLabel('Password').fill(CUSTOMER.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/my$/);
  await expect(page.getByRole('heading', { name: `Hello, ${CUSTOMER.name}` })).toBeVisible();
  await context.close();
});

test('the administrator lands on the back office and sees its figures', async ({ page }) => {
  await login(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { name: 'Welcome, Ana Ionescu' })).toBeVisible();
  const portalUsers = page.locator('.tile', { hasText: 'Portal users' });
  // Other tests grant access too: any count, as long as it is one.
  await expect(portalUsers.locator('.tile-count')).toHaveText(/^\d+$/);
  await expectNoHorizontalScroll(page);
  await shot(page, 'admin-home');
});

test('a customer opening the back office is told access is denied', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await expect(page.getByText('Back office')).toHaveCount(0); // no back-office frame either
  await shot(page, 'forbidden');
});

test('switching language translates the page at once and is remembered', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await switchLanguage(page, 'Language', 'ro');
  await expect(page.getByRole('heading', { name: 'Autentificare' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ro');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Autentificare' })).toBeVisible();
  await shot(page, 'login-ro');

  await hydrated(page);
  await switchLanguage(page, 'Limbă', 'es');
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  await page.getByLabel('Correo electrónico').fill(CUSTOMER.email);
  await page.getByLabel('Contraseña').fill(CUSTOMER.password);
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();
  await expect(page.getByRole('heading', { name: `Hola, ${CUSTOMER.name}` })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await shot(page, 'portal-home-es');

  await hydrated(page);
  await switchLanguage(page, 'Idioma', 'ro');
  await expect(page.getByRole('heading', { name: `Bună ziua, ${CUSTOMER.name}` })).toBeVisible();
  await shot(page, 'portal-home-ro');
  await switchLanguage(page, 'Limbă', 'en');
  await expect(page.getByRole('heading', { name: `Hello, ${CUSTOMER.name}` })).toBeVisible();
});

test('logging out ends the session', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await hydrated(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('status')).toHaveText('You have been logged out.');
  await shot(page, 'logged-out');
  await page.goto('/my');
  await expect(page).toHaveURL(/\/login\?next=%2Fmy$/);
});

test('the logout page asks before logging out', async ({ page }) => {
  await login(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/logout');
  await expect(page.getByText('You are logged in as Ana Ionescu. Log out now?')).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('status')).toHaveText('You have been logged out.');
});

test('unknown pages answer 404 with a way home', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await shot(page, 'not-found');
});

test('the keyboard reaches the content from a skip link', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.goto('/my');
  await hydrated(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/my#main$/);
});

test('the login page puts the cursor in the email field', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('Email')).toBeFocused();
});

test('without JavaScript a wrong password still shows the message', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(CUSTOMER.email);
  await page.getByLabel('Password').fill('not my password at all');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email address or password is incorrect.');
  await context.close();
});

test('a forgotten password: the login page leads to a reset link by email, whose page checks the new password on its fields', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/reset-password$/);
  await page.getByLabel('Email').fill(CUSTOMER.email);
  const since = Date.now() - 1000;
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByText('If an account uses this address')).toBeVisible();
  await shot(page, 'reset-sent');
  const link = await mailedLink(CUSTOMER.email, /https?:\/\/[^\s"<]+\/reset-password\/[0-9a-f]{64}/, since);
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page.getByLabel('Login')).toHaveValue(CUSTOMER.email);
  // Mismatched: refused on the second field, and the link stays usable
  // (the demo password stays too, for the other tests).
  await page.getByLabel('New password', { exact: true }).fill('Harbour lights 64 willows');
  await page.getByLabel('New password again').fill('Harbour lights 64 willowz');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.locator('#new-password-again-error')).toContainText('do not match');
  await shot(page, 'reset-choose');
  await page.goto('/reset-password/' + '0'.repeat(64));
  await expect(page.getByText('This link is not valid.')).toBeVisible();
});

test('a customer turns two-factor on with the QR code, logs in with a code, and turns it off with a recovery code', async ({ page, browser }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.goto('/my/security');
  await hydrated(page);
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'Two-factor authentication' }) });
  await card.getByLabel('Current password').fill(CUSTOMER.password);
  await card.getByRole('button', { name: 'Enable two-factor authentication' }).click();
  await expect(card.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const key = (await card.locator('code.secret').textContent()) ?? '';
  expect(key).toMatch(/^[A-Z2-7]{16,}$/);
  await shot(page, 'two-factor-qr');
  await card.getByLabel('Code from the app').fill(totp(key));
  await card.getByRole('button', { name: 'Turn on' }).click();
  await expect(card.getByText('Two-factor authentication is on.')).toBeVisible();
  const codes = await card.locator('.recovery-codes code').allTextContents();
  expect(codes).toHaveLength(10);
  await shot(page, 'two-factor-codes');

  // A new browser: password, then the next code from the app.
  const other = await browser.newContext({ viewport: test.info().project.use.viewport });
  const second = await other.newPage();
  await login(second, CUSTOMER.email, CUSTOMER.password);
  await expect(second).toHaveURL(/\/login\/two-factor$/);
  await shot(second, 'two-factor-login');
  await second.getByLabel('Code from the app, or a recovery code').fill(totp(key, 1));
  await second.getByRole('button', { name: 'Continue' }).click();
  await expect(second).toHaveURL(/\/my$/);
  await other.close();

  // Off again (the other tests log in with the password alone).
  await page.reload();
  await card.getByText('Turn off two-factor authentication').first().click();
  await card.getByLabel('Current password').fill(CUSTOMER.password);
  await card.getByLabel('Code from the app, or a recovery code').fill(codes[0]);
  await card.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
  await expect(card.getByRole('button', { name: 'Enable two-factor authentication' })).toBeVisible();
});
