import { CUSTOMER, expect, hydrated, login, shot } from './helpers';
import { test, type Page } from '@playwright/test';

const passkeysCard = (page: Page) =>
  page.locator('section', { has: page.getByRole('heading', { name: 'Passkeys', exact: true }) });

/** Logs out from the logout page (the security page has a "Log out" per other session). */
async function logOut(page: Page): Promise<void> {
  await page.goto('/logout');
  await hydrated(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByText('You have been logged out.')).toBeVisible();
}

/**
 * Removes every passkey of the demo customer through the server functions,
 * so that a failure half-way leaves the other specs a customer without one
 * (with one and two-factor required of customers, the password alone opens
 * nothing).
 */
async function removeCustomerPasskeys(page: Page, origin: string): Promise<void> {
  const headers = { origin };
  await page.request.post('/api/auth/login', {
    headers,
    form: { email: CUSTOMER.email, password: CUSTOMER.password, next: '' },
  });
  const list = await page.request.post('/api/security/passkeys', { headers });
  if (!list.ok()) return;
  for (const passkey of (await list.json()) as { id: number }[]) {
    await page.request.post('/api/security/passkeys/remove', {
      headers,
      form: { id: String(passkey.id), password: CUSTOMER.password },
    });
  }
}

test('a passkey is added on the security page, signs in from the login page once per challenge, and is removed with the password', async ({ page, baseURL }) => {
  try {
    await passkeyLifeCycle(page, new URL(baseURL!).origin);
  } finally {
    await removeCustomerPasskeys(page, new URL(baseURL!).origin);
  }
});

async function passkeyLifeCycle(page: Page, origin: string): Promise<void> {
  // Chromium's virtual authenticator: a platform authenticator with
  // resident keys and user verification (a fingerprint that always matches).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  // Both projects use the demo customer, one after the other: each names its own.
  const name = `Test key ${test.info().project.name}`;

  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.goto('/my/security');
  await hydrated(page);
  const card = passkeysCard(page);
  await expect(card.getByText('You have no passkeys yet.')).toBeVisible();
  await card.getByText('Add a passkey', { exact: true }).click();
  await card.getByLabel('Name').fill(name);
  await card.getByLabel('Current password').fill(CUSTOMER.password);
  await card.getByRole('button', { name: 'Create passkey' }).click();
  await expect(card.getByRole('status')).toHaveText('The passkey was added. You can now sign in with it.');
  const row = card.getByRole('row', { name: new RegExp(name) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Never')).toBeVisible();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0].isResidentCredential).toBe(true);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'passkeys', { fullPage: false });

  // Sign out, then in again with the passkey alone: nothing typed.
  await logOut(page);
  await page.goto('/login');
  await hydrated(page);
  await shot(page, 'login-with-passkey', { fullPage: false });
  const answer = page.waitForRequest((r) => r.url().endsWith('/api/auth/passkey/finish'));
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  const body = (await answer).postData();
  await expect(page).toHaveURL(/\/my$/);
  await expect(page.getByText(CUSTOMER.name).first()).toBeVisible();

  // The same answer sent again finds its challenge used: refused.
  const replay = await page.request.post('/api/auth/passkey/finish', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    data: body ?? '',
  });
  expect(replay.status()).toBe(422);
  expect(await replay.text()).toContain('passkey-expired');

  // Removing it takes the password: a wrong one is refused, the right one removes it.
  await page.goto('/my/security');
  await hydrated(page);
  await expect(row).toBeVisible();
  await expect(row.getByText('Never')).toHaveCount(0);
  await row.getByText('Remove', { exact: true }).click();
  await row.getByLabel('Current password').fill('not the password at all');
  await row.getByRole('button', { name: 'Remove passkey' }).click();
  await expect(row.getByText('This is not your current password.')).toBeVisible();
  await row.getByLabel('Current password').fill(CUSTOMER.password);
  await row.getByRole('button', { name: 'Remove passkey' }).click();
  await expect(card.getByText('You have no passkeys yet.')).toBeVisible();

  // The authenticator still holds it, but the site no longer knows it.
  await logOut(page);
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByText('This passkey was not accepted.')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
}
