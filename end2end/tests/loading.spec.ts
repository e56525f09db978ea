import { CUSTOMER, expect, login } from './helpers';
import { test } from '@playwright/test';

// Pages come in chunk groups (src/app.rs, `chunks!`): a customer's visit
// fetches the sign-in and portal groups and never a back-office one.
test('a customer never downloads the back office; a page of a new group shows progress while it loads', async ({
  page,
}) => {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (name.endsWith('.wasm')) fetched.push(name);
  });

  await page.goto('/login');
  await expect(page.locator('html[data-hydrated]')).toBeAttached();
  expect(fetched.some((f) => f.startsWith('split_sign_in_'))).toBe(true);
  expect(fetched.some((f) => f.startsWith('split_portal_'))).toBe(false);

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
  expect(fetched.filter((f) => f.startsWith('split_back_office_'))).toEqual([]);
});
