import { type Browser, type Page, test } from '@playwright/test';
import { ADMIN, CUSTOMER, STAFF, expect, hydrated, login, mailedLink, openSection, shot, totp } from './helpers';

/** The invitation link of the newest email to `to`. */
async function invitationLink(to: string): Promise<string> {
  return mailedLink(to, /https?:\/\/[^\s"<]+\/invite\/[0-9a-f]{64}/);
}

async function newContact(page: Page, name: string, email: string): Promise<void> {
  await openSection(page, 'Contacts');
  await expect(page).toHaveURL(/\/admin\/contacts$/);
  await page.getByRole('link', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name: 'New contact' })).toBeVisible();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/contacts\/\d+$/);
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

async function customerPage(browser: Browser, locale = 'en-US'): Promise<Page> {
  const project = test.info().project.use;
  const context = await browser.newContext({
    viewport: project.viewport,
    isMobile: project.isMobile,
    hasTouch: project.hasTouch,
    locale,
  });
  return context.newPage();
}

test('staff grant portal access; the customer accepts the invitation; revoking sends the open page to log in', async ({ page, browser }) => {
  const stamp = `${test.info().project.name}-${Date.now()}`;
  const name = `Dana Test ${stamp}`;
  const email = `dana.${stamp}@example.com`.toLowerCase();
  await login(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  await newContact(page, name, email);

  await page.locator('summary', { hasText: 'Action' }).click();
  await page.getByRole('link', { name: 'Grant portal access' }).click();
  const dialog = page.getByRole('dialog', { name: 'Portal access' });
  await expect(dialog).toBeVisible();
  const row = dialog.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByRole('textbox')).toHaveValue(email);
  await expect(row).toContainText('Never');
  await shot(page, 'access-dialog');
  await row.getByRole('button', { name: 'Grant access' }).click();
  await expect(row).toContainText(/Invitation (queued|sent)/);
  await expect(row.getByRole('button', { name: 'Revoke access' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page).not.toHaveURL(/access=/);

  // The customer opens the link from the email and chooses a password.
  const link = await invitationLink(email);
  const customer = await customerPage(browser);
  await customer.goto(link);
  await expect(customer.getByRole('heading', { name: 'Welcome to the portal' })).toBeVisible();
  await expect(customer.getByLabel('Login')).toHaveValue(email);
  await shot(customer, 'invitation');
  await customer.getByLabel('New password', { exact: true }).fill('Amber rivers 88 glide');
  await customer.getByLabel('New password again').fill('Amber rivers 88 glide');
  await customer.getByRole('button', { name: 'Set password and log in' }).click();
  await expect(customer).toHaveURL(/\/my$/);
  await expect(customer.getByRole('heading', { name: `Hello, ${name}` })).toBeVisible();

  // The link worked once.
  const again = await customerPage(browser);
  await again.goto(link);
  await expect(again.getByRole('alert')).toContainText('already been used');
  await again.context().close();

  // Staff revoke; the customer's next step lands on the login page.
  await page.goto(`${new URL(page.url()).pathname}?access=${page.url().match(/contacts\/(\d+)/)![1]}`);
  await expect(dialog).toBeVisible();
  await expect(row).toContainText('Invitation accepted');
  page.once('dialog', (confirm) => confirm.accept());
  await row.getByRole('button', { name: 'Revoke access' }).click();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: 'Grant access' })).toBeVisible();

  await customer.reload();
  await expect(customer).toHaveURL(/\/login\?next=/);
  await customer.context().close();
});

test('access granted again to an account that kept two-factor on asks for its code before the session starts', async ({ page, browser }) => {
  const stamp = `${test.info().project.name}-${Date.now()}`;
  const name = `Radu Test ${stamp}`;
  const email = `radu.${stamp}@example.com`.toLowerCase();
  const password = 'Granite meadows 51 echo';
  await login(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  await newContact(page, name, email);
  const contactPage = page.url();
  const dialog = page.getByRole('dialog', { name: 'Portal access' });
  const row = dialog.getByRole('row', { name: new RegExp(name) });
  const openAccess = async () => {
    await page.goto(`${contactPage}?access=${contactPage.match(/contacts\/(\d+)/)![1]}`);
    await expect(dialog).toBeVisible();
  };

  await openAccess();
  await row.getByRole('button', { name: 'Grant access' }).click();
  await expect(row).toContainText(/Invitation (queued|sent)/);

  // She accepts, then turns two-factor on from her security page.
  const customer = await customerPage(browser);
  await customer.goto(await invitationLink(email));
  await customer.getByLabel('New password', { exact: true }).fill(password);
  await customer.getByLabel('New password again').fill(password);
  await customer.getByRole('button', { name: 'Set password and log in' }).click();
  await expect(customer).toHaveURL(/\/my$/);
  await customer.goto('/my/security');
  await hydrated(customer);
  const card = customer.locator('section', { has: customer.getByRole('heading', { name: 'Two-factor authentication' }) });
  await card.getByLabel('Current password').fill(password);
  await card.getByRole('button', { name: 'Enable two-factor authentication' }).click();
  const key = (await card.locator('code.secret').textContent()) ?? '';
  await card.getByLabel('Code from the app').fill(totp(key));
  await card.getByRole('button', { name: 'Turn on' }).click();
  await expect(card.locator('.recovery-codes code')).toHaveCount(10);
  await customer.context().close();

  // Staff revoke, then grant the same address again.
  await openAccess();
  page.once('dialog', (confirm) => confirm.accept());
  await row.getByRole('button', { name: 'Revoke access' }).click();
  await expect(row).toContainText('Revoked');
  const regranted = Date.now();
  await row.getByRole('button', { name: 'Grant access' }).click();
  await expect(row).toContainText(/Invitation (queued|sent)/);

  // The new link proves the mailbox, not the authenticator: it asks for a code.
  const link = await mailedLink(email, /https?:\/\/[^\s"<]+\/invite\/[0-9a-f]{64}/, regranted);
  const again = await customerPage(browser);
  await again.goto(link);
  await expect(again.getByRole('heading', { name: 'Welcome to the portal' })).toBeVisible();
  const code = again.getByLabel('Code from the app, or a recovery code');
  await expect(code).toBeVisible();
  await expect(again.getByText('Two-factor authentication is still on for this account')).toBeVisible();
  await hydrated(again);
  await again.getByLabel('New password', { exact: true }).fill(password);
  await again.getByLabel('New password again').fill(password);
  await code.fill('000000');
  await again.getByRole('button', { name: 'Set password and log in' }).click();
  await expect(again.locator('#invite-code-error')).toContainText('This code is not right');
  await expect(again).toHaveURL(/\/invite\//);
  await shot(again, 'invitation-two-factor');

  await code.fill(totp(key, 1));
  await again.getByRole('button', { name: 'Set password and log in' }).click();
  await expect(again).toHaveURL(/\/my$/);
  await expect(again.getByRole('heading', { name: `Hello, ${name}` })).toBeVisible();
  await again.context().close();
});

test('a login already in use is refused on its row, and nothing is granted', async ({ page }) => {
  await login(page, STAFF.email, STAFF.password);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/contacts');
  // Search as you type needs the live page (without it, Enter submits).
  await page.locator('html[data-hydrated]').waitFor();
  await page.getByRole('searchbox', { name: 'Search' }).fill('carmen');
  await expect(page).toHaveURL(/q=carmen/);
  await expect(page.getByRole('link', { name: 'Carmen Ruiz' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Maria Popescu' })).toBeHidden();
  await page.getByRole('checkbox', { name: 'Select Carmen Ruiz' }).check();
  await page.getByRole('button', { name: 'Grant portal access' }).click();
  const row = page.getByRole('dialog').getByRole('row', { name: /Carmen Ruiz/ });
  await row.getByRole('textbox').fill('maria@acme.example');
  await row.getByRole('button', { name: 'Grant access' }).click();
  await expect(row.getByRole('alert')).toContainText('already used by another account');
  await expect(row.getByRole('button', { name: 'Grant access' })).toBeVisible();
  await shot(page, 'access-dialog-error');
});

test('the grant flow in Romanian', async ({ page, browser }) => {
  const stamp = `${test.info().project.name}-${Date.now()}`;
  const name = `Ilinca Test ${stamp}`;
  const email = `ilinca.${stamp}@example.com`.toLowerCase();
  await login(page, STAFF.email, STAFF.password);
  await expect(page).toHaveURL(/\/admin$/);
  await page.locator('#language-select').selectOption('ro');
  const nav = page.getByRole('navigation').filter({ has: page.getByRole('link', { name: 'Contacte' }) });
  await nav.getByRole('link', { name: 'Contacte' }).click();
  await page.getByRole('link', { name: 'Creează' }).click();
  await page.getByLabel('Nume').fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Salvează' }).click();
  await expect(page).toHaveURL(/\/admin\/contacts\/\d+$/);

  // Found again from the list, by its name, and selected there.
  await nav.getByRole('link', { name: 'Contacte' }).click();
  await page.getByRole('searchbox', { name: 'Caută' }).fill(name.toLowerCase());
  await expect(page).toHaveURL(/q=/);
  await page.getByRole('checkbox', { name: `Selectează ${name}` }).check();
  await page.getByRole('button', { name: 'Acordă acces la portal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Acces la portal' });
  const row = dialog.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Niciodată');
  await row.getByRole('button', { name: 'Acordă acces' }).click();
  await expect(row).toContainText(/Invitație (în așteptare|trimisă)/);
  await shot(page, 'access-dialog-ro');
  await page.keyboard.press('Escape');

  const customer = await customerPage(browser, 'ro-RO');
  await customer.goto(await invitationLink(email));
  await expect(customer.getByRole('heading', { name: 'Bun venit în portal' })).toBeVisible();
  await customer.getByLabel('Parolă nouă', { exact: true }).fill('Amber rivers 88 glide');
  await customer.getByLabel('Parola nouă, din nou').fill('Amber rivers 88 glide');
  await customer.getByRole('button', { name: 'Setează parola și autentifică-te' }).click();
  await expect(customer).toHaveURL(/\/my$/);
  await customer.context().close();

  // Leave the staff account in English for the other tests.
  await page.locator('#language-select').selectOption('en');
  await expect(page.getByRole('link', { name: 'Contacts' }).first()).toBeVisible();
});

test('the administrator sees users, outgoing mail and the audit log', async ({ page }) => {
  await login(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  await openSection(page, 'Users');
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Portal users' }).click();
  await expect(page.getByRole('link', { name: 'maria@acme.example' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'admin@example.com' })).toBeHidden();
  await page.getByLabel('Field').selectOption('login');
  await page.getByLabel('Value').fill('maria');
  await page.getByRole('button', { name: 'Add condition' }).click();
  await expect(page.getByText('Login › contains › maria')).toBeVisible();
  await expect(page.getByRole('link', { name: 'maria@acme.example' })).toBeVisible();
  await shot(page, 'users');
  await page.getByRole('link', { name: 'maria@acme.example' }).click();
  await expect(page.getByRole('heading', { name: 'maria@acme.example' })).toBeVisible();
  await expect(page.getByLabel('New login')).toHaveValue('maria@acme.example');
  await shot(page, 'user');

  await openSection(page, 'Outgoing mail');
  await expect(page.getByRole('heading', { name: 'Outgoing mail' })).toBeVisible();
  await page.getByRole('link', { name: 'Sent' }).click();
  await expect(page).toHaveURL(/status=sent/);
  await shot(page, 'mail');

  await openSection(page, 'Audit log');
  await page.getByLabel('Event').selectOption('access_granted');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/kind=access_granted/);
  await expect(page.getByRole('cell', { name: 'Access granted' }).first()).toBeVisible();
  await shot(page, 'audit');
});

test('a customer sees the sessions and sign-ins of the account', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.getByRole('link', { name: 'Edit security settings' }).click();
  await expect(page).toHaveURL(/\/my\/security$/);
  await expect(page.getByRole('heading', { name: 'Account security', level: 1 })).toBeVisible();
  await expect(page.getByText('This device')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Signed in' }).first()).toBeVisible();
  const change = page.getByRole('region', { name: 'Change password' });
  await change.getByLabel('Current password').fill('not the password at all');
  await change.getByLabel('New password', { exact: true }).fill('Amber rivers 88 glide');
  await change.getByLabel('New password again').fill('Amber rivers 88 glide');
  await change.getByRole('button', { name: 'Change password' }).click();
  await expect(change.getByText('This is not your current password.')).toBeVisible();
  await shot(page, 'security');
});
