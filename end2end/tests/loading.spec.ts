import { CUSTOMER, expect, login } from './helpers';
import { test } from '@playwright/test';

// Pages come in chunk groups (src/app.rs, `chunks!`): a customer's visit
// fetches the sign-in and portal groups and never a back-office one.
test('a customer never downloads the back office; a page of a new group shows progress while it loads', async ({
  page,
}) => {
  // A first load fetches its page's groups as one file (/chunks/<bundle>/
  // <groups>); a client-side navigation fetches the new group's chunks.
  const fetched: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/chunks/')) fetched.push(...(path.split('/').pop() ?? '').split('+'));
    else if (path.endsWith('.wasm')) fetched.push(path.split('/').pop() ?? '');
  });

  await page.goto('/login');
  await expect(page.locator('html[data-hydrated]')).toBeAttached();
  expect(fetched).toContain('sign_in');
  expect(fetched.some((f) => f.includes('portal_'))).toBe(false);

  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(CUSTOMER.name.split(' ')[0]);
  const progress = page.getByRole('progressbar', { name: 'Loading the page…' });
  await expect(progress).toBeHidden();

  // Slow the invoices group's files down enough to see the bar.
  await page.route(/split_portal_documents_.*\.wasm$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.getByRole('link', { name: /^Invoices/ }).filter({ visible: true }).first().click();
  await expect(progress).toBeVisible();
  await expect(page).toHaveURL(/\/my\/invoices$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Invoices');
  await expect(progress).toBeHidden();

  for (const path of ['/my/payment-methods', '/my/account', '/my/orders']) {
    await page.goto(path);
    await expect(page.locator('html[data-hydrated]')).toBeAttached();
  }
  expect(fetched.some((f) => f.startsWith('split_portal_documents_'))).toBe(true);
  expect(fetched).toEqual(expect.arrayContaining(['portal_home', 'portal_payments', 'portal_account', 'portal_documents']));
  expect(fetched.filter((f) => f.includes('back_office'))).toEqual([]);
});

// The page paints from its HTML and stylesheet first; the client is
// requested after that (src/ui/hydration.js), with the messages of the
// page's language only (the WASM carries no translations).
test('the client is fetched after the first paint, with the messages of one language', async ({ page }) => {
  const catalogues: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/i18n/')) catalogues.push(path);
  });
  await page.goto('/login');
  await expect(page.locator('html[data-hydrated]')).toBeAttached();
  const timing = await page.evaluate(() => {
    const paint = performance.getEntriesByName('first-paint')[0]?.startTime ?? -1;
    const bundle = performance
      .getEntriesByType('resource')
      .filter((entry) => /\.wasm$|^\/chunks\//.test(new URL(entry.name).pathname));
    return { paint, firstBundleRequest: Math.min(...bundle.map((entry) => entry.startTime)), files: bundle.length };
  });
  expect(timing.paint).toBeGreaterThan(0);
  // The main WASM and the page's chunks, nothing one chunk at a time.
  expect(timing.files).toBe(2);
  // first-paint is when that frame reached the screen, which may trail the
  // task after it by a little: no earlier than the frame that painted.
  expect(timing.firstBundleRequest).toBeGreaterThan(timing.paint - 17);
  expect(catalogues).toEqual([expect.stringMatching(/^\/i18n\/en\.[0-9a-f]{16}\.txt$/)]);

  // Another language is fetched when chosen, and the page follows it.
  await page.locator('#language-select').selectOption('es');
  await expect(page.getByRole('button', { name: 'Iniciar sesión' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  expect(catalogues).toHaveLength(2);
  expect(catalogues[1]).toMatch(/^\/i18n\/es\.[0-9a-f]{16}\.txt$/);
  await page.locator('#language-select').selectOption('en');
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  expect(catalogues).toHaveLength(2);
});
