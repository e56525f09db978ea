import { ADMIN, CUSTOMER, expect, hydrated, login, openSection, shot, totp } from './helpers';
import { test, type Page } from '@playwright/test';

test('connection preferences change the language and the time zone of every date at once', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.goto('/my/security');
  await hydrated(page);
  const sessions = page.locator('section', { has: page.getByRole('heading', { name: 'Active sessions' }) });
  await expect(sessions.getByText(/\d{2}:\d{2} UTC/).first()).toBeVisible();
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'Connection preferences' }) });
  await card.getByLabel('Language of pages and emails').selectOption('es');
  await card.getByLabel('Time zone').selectOption('America/Bogota');
  await card.getByLabel(/Updates on the documents I follow/).uncheck();
  await shot(page, 'preferences');
  await card.getByRole('button', { name: 'Save preferences' }).click();

  // The page comes back in Spanish, with times in Bogotá's clock.
  await expect(page.getByRole('heading', { name: 'Preferencias de conexión' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-time-zone', 'America/Bogota');
  const sesiones = page.locator('section', { has: page.getByRole('heading', { name: 'Sesiones activas' }) });
  await expect(sesiones.getByText(/\d{2}:\d{2}/).first()).toBeVisible();
  await expect(sesiones.getByText(/UTC/)).toHaveCount(0);
  const tarjeta = page.locator('section', { has: page.getByRole('heading', { name: 'Preferencias de conexión' }) });
  await expect(tarjeta.getByLabel('Zona horaria')).toHaveValue('America/Bogota');
  await expect(tarjeta.getByLabel(/Novedades de los documentos/)).not.toBeChecked();
  await shot(page, 'preferences-es-bogota');

  // Back as it was, for the other tests.
  await hydrated(page);
  await tarjeta.getByLabel('Idioma de las páginas y los correos').selectOption('en');
  await tarjeta.getByLabel('Zona horaria').selectOption('UTC');
  await tarjeta.getByLabel(/Novedades de los documentos/).check();
  await tarjeta.getByRole('button', { name: 'Guardar preferencias' }).click();
  await expect(page.getByRole('heading', { name: 'Connection preferences' })).toBeVisible();
});

test('the new password shows its strength while typing', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.goto('/my/security');
  const field = page.getByLabel('New password', { exact: true });
  await field.fill('short one');
  await expect(page.getByText('Too short: 3 more characters at least.')).toBeVisible();
  await field.fill('short one plus');
  await expect(page.getByText('Long enough. A few more words make it stronger.')).toBeVisible();
  await field.fill('a much longer pass phrase');
  await expect(page.getByText('Strong.')).toBeVisible();
  await field.scrollIntoViewIfNeeded();
  await shot(page, 'password-strength', { fullPage: false });
});

test('an administrator requires two-factor of portal users, who are then taken to set it up', async ({ page, browser }) => {
  await login(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  await openSection(page, 'Settings');
  await expect(page).toHaveURL(/\/admin\/settings$/);
  await hydrated(page);
  const require = page.getByLabel('Require two-factor authentication of portal users too');
  await require.check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  await shot(page, 'settings');

  const other = await browser.newContext({ viewport: test.info().project.use.viewport });
  const customer = await other.newPage();
  try {
    await login(customer, CUSTOMER.email, CUSTOMER.password);
    await expect(customer).toHaveURL(/\/my\/security$/);
    await expect(customer.getByRole('alert').filter({ hasText: 'Your account must use two-factor authentication.' })).toBeVisible();
    await shot(customer, 'two-factor-must-set-up', { fullPage: false });
    await customer.goto('/my/invoices');
    await expect(customer).toHaveURL(/\/my\/security$/);

    // Setting it up opens the portal again; it then stays on.
    await hydrated(customer);
    const card = customer.locator('section', { has: customer.getByRole('heading', { name: 'Two-factor authentication' }) });
    await card.getByLabel('Current password').fill(CUSTOMER.password);
    await card.getByRole('button', { name: 'Enable two-factor authentication' }).click();
    const key = (await card.locator('code.secret').textContent()) ?? '';
    await card.getByLabel('Code from the app').fill(totp(key));
    await card.getByRole('button', { name: 'Turn on' }).click();
    await expect(card.locator('.recovery-codes code')).toHaveCount(10);
    const codes = await card.locator('.recovery-codes code').allTextContents();
    expect(codes).toHaveLength(10);
    await card.getByRole('link', { name: 'Continue' }).click();
    await expect(customer).toHaveURL(/\/my$/);
    await customer.goto('/my/security');
    await expect(card.getByText('Two-factor authentication is required for your account, so it stays on.')).toBeVisible();
    await expect(card.getByText('Turn off two-factor authentication')).toHaveCount(0);
    await shot(customer, 'two-factor-required-on', { fullPage: false });

    // Not required any more: she may turn it off (the other tests log in
    // with the password alone).
    await page.reload();
    await hydrated(page);
    await require.uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
    await customer.reload();
    await hydrated(customer);
    await card.getByText('Turn off two-factor authentication').first().click();
    await card.getByLabel('Current password').fill(CUSTOMER.password);
    await card.getByLabel('Code from the app, or a recovery code').fill(codes[0]);
    await card.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
    await expect(card.getByRole('button', { name: 'Enable two-factor authentication' })).toBeVisible();
  } finally {
    await other.close();
    await page.reload();
    await hydrated(page);
    if (await require.isChecked()) {
      await require.uncheck();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
    }
  }
});

test('changing the password ends the session of another browser', async ({ page, browser }) => {
  const other = await browser.newContext({ viewport: test.info().project.use.viewport });
  const elsewhere = await other.newPage();
  try {
    await login(elsewhere, CUSTOMER.email, CUSTOMER.password);
    await expect(elsewhere).toHaveURL(/\/my$/);
    await login(page, CUSTOMER.email, CUSTOMER.password);
    await expect(page).toHaveURL(/\/my$/);
    await page.goto('/my/security');
    await hydrated(page);
    const change = page.getByRole('region', { name: 'Change password' });
    const changeTo = async (from: string, to: string) => {
      await change.getByLabel('Current password').fill(from);
      await change.getByLabel('New password', { exact: true }).fill(to);
      await change.getByLabel('New password again').fill(to);
      await change.getByRole('button', { name: 'Change password' }).click();
      await expect(change.getByText('Your password was changed. Every other session has ended.')).toBeVisible();
    };
    await changeTo(CUSTOMER.password, 'Amber rivers 88 glide slowly');
    await shot(page, 'password-changed');
    await elsewhere.goto('/my');
    await expect(elsewhere).toHaveURL(/\/login\?next=%2Fmy$/);
    await shot(elsewhere, 'session-ended-elsewhere', { fullPage: false });
    // This browser stays in; the demo password comes back for the other tests.
    await page.reload();
    await hydrated(page);
    await changeTo('Amber rivers 88 glide slowly', CUSTOMER.password);
  } finally {
    await other.close();
  }
});
