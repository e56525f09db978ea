import * as fs from 'node:fs';
import { type Page, test } from '@playwright/test';
import { CUSTOMER, STAFF, expect, login, openSection, shot } from './helpers';

/** Downloads the PDF linked from the open document page and checks it is one. */
async function downloadPdf(page: Page, label: string): Promise<void> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: label }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^INV-\d{4}-\d{5}\.pdf$/);
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(bytes.length).toBeGreaterThan(2000);
}

/** The tile of one kind of document on the home page. */
function tile(page: Page, label: string) {
  return page.locator('.tile').filter({ has: page.getByText(label, { exact: true }) });
}

test('the demo customer goes from the counts on home to an overdue invoice and its PDF, in English and Spanish', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  // Whatever language an earlier run left the account in, start in English.
  await page.locator('#language-select').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Your documents' })).toBeVisible();
  // The demo history (src/demo.rs): drafts stay invisible to customers.
  await expect(tile(page, 'Quotations').locator('.tile-count')).toHaveText('2');
  await expect(tile(page, 'Sales orders').locator('.tile-count')).toHaveText('2');
  await expect(tile(page, 'Invoices').locator('.tile-count')).toHaveText('5');
  await expect(tile(page, 'Subscriptions').locator('.tile-count')).toHaveText('1');
  await expect(tile(page, 'Addresses').locator('.tile-count')).toHaveText('2');
  // The payments tests add funds: any balance, written as money.
  await expect(tile(page, 'eWallet')).toContainText(/RON \d[\d,]*\.\d{2}/);
  await shot(page, 'home');

  await page.getByRole('link', { name: '3 unpaid · 2 overdue' }).click();
  await expect(page).toHaveURL(/\/my\/invoices\?filter=overdue$/);
  await expect(page.getByRole('link', { name: 'Overdue' })).toHaveAttribute('aria-current', 'page');
  const rows = page.locator('table.data tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Overdue' })).toHaveCount(2);
  await shot(page, 'invoices-overdue');

  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL(/\/my\/invoices\/\d+$/);
  await expect(page.getByRole('heading', { name: /^Invoice INV\/\d{4}\/\d{5}/, level: 1 })).toBeVisible();
  await expect(page.getByText('Amount due').first()).toBeVisible();
  await shot(page, 'invoice');
  await downloadPdf(page, 'Download PDF');

  // The same in Spanish, chosen from the language switch.
  await page.locator('#language-select').selectOption('es');
  await expect(page.getByRole('heading', { name: /^Factura INV\//, level: 1 })).toBeVisible();
  await openSection(page, 'Inicio');
  await expect(tile(page, 'Facturas').locator('.tile-count')).toHaveText('5');
  await page.getByRole('link', { name: '3 sin pagar · 2 vencidas' }).click();
  await expect(rows.filter({ hasText: 'Vencida' })).toHaveCount(2);
  await rows.last().getByRole('link').click();
  await expect(page.getByRole('heading', { name: /^Factura INV\//, level: 1 })).toBeVisible();
  await expect(page.getByText('Importe pendiente').first()).toBeVisible();
  await shot(page, 'invoice-es');
  await downloadPdf(page, 'Descargar PDF');
  await page.locator('#language-select').selectOption('en');
  await expect(page.getByRole('heading', { name: /^Invoice INV\//, level: 1 })).toBeVisible();
});

test('the customer reads every list and document page, follows an order and keeps an address', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  // Whatever language an earlier run left the account in, start in English.
  await page.locator('#language-select').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Your documents' })).toBeVisible();

  await openSection(page, 'Quotations');
  await expect(page.getByRole('heading', { name: 'Quotations', level: 1 })).toBeVisible();
  await expect(page.locator('table.data tbody tr')).toHaveCount(2);
  await shot(page, 'quotes');

  await openSection(page, 'Sales orders');
  await expect(page.getByRole('heading', { name: 'Sales orders', level: 1 })).toBeVisible();
  await page.getByLabel('Sort by').selectOption('amount:asc');
  await expect(page).toHaveURL(/sort=amount&dir=asc/);
  await shot(page, 'orders');
  await page.locator('table.data tbody tr').first().getByRole('link').click();
  await expect(page.getByRole('heading', { name: /^Order S\d{5}/, level: 1 })).toBeVisible();
  const follow = page.getByRole('button', { name: 'Follow' });
  await follow.click();
  await expect(page.getByRole('button', { name: 'Following ✓' })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Following ✓' })).toBeVisible();
  await shot(page, 'order');
  await page.getByRole('button', { name: 'Following ✓' }).click();
  await expect(page.getByRole('button', { name: 'Follow' })).toBeVisible();

  await openSection(page, 'Subscriptions');
  await expect(page.locator('table.data tbody tr')).toHaveCount(1);
  await shot(page, 'subscriptions');
  await page.locator('table.data tbody tr').first().getByRole('link').click();
  await expect(page.getByRole('heading', { name: /Suport Pro/, level: 1 })).toBeVisible();
  await shot(page, 'subscription');

  await page.goto('/my/addresses');
  await expect(page.getByRole('heading', { name: 'Addresses', level: 1 })).toBeVisible();
  await page.getByLabel('Name on the address').fill('Sediu secundar');
  await page.getByLabel('Street', { exact: true }).fill('Strada Exemplu 1');
  await page.getByLabel('City').fill('Cluj-Napoca');
  await page.getByLabel('ZIP').fill('400001');
  await page.getByLabel('Country').fill('XX');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.locator('#f-country-error')).not.toBeEmpty();
  await page.getByLabel('Country').fill('RO');
  await page.getByRole('button', { name: 'Save address' }).click();
  const added = page.locator('.address').filter({ hasText: 'Sediu secundar' });
  await expect(added).toBeVisible();
  await shot(page, 'addresses');
  page.once('dialog', (dialog) => dialog.accept());
  await added.getByRole('button', { name: 'Remove' }).click();
  await expect(added).toHaveCount(0);
});

test('staff make a quotation with lines, confirm it, invoice it, post the invoice and record a payment', async ({ page }) => {
  await login(page, STAFF.email, STAFF.password);
  await expect(page).toHaveURL(/\/admin$/);
  await openSection(page, 'Quotations & orders');
  await page.getByRole('link', { name: 'New quotation' }).click();
  await expect(page.getByRole('heading', { name: 'New quotation', level: 1 })).toBeVisible();
  // Another company than the demo customer's, whose counts other tests check.
  await page.getByLabel('Customer').selectOption({ label: 'Soluciones Norte SL' });
  const line = page.locator('.line-row').first();
  await line.getByLabel('Description').fill('Consultanță și instalare');
  await line.getByLabel('Quantity').fill('3');
  await line.getByLabel('Unit price').fill('abc');
  await line.getByLabel('Tax %').fill('19');
  await page.getByRole('button', { name: 'Save' }).click();
  // The refusal is on the field itself; nothing was created.
  await expect(line.getByText('Enter an amount, such as 1250.50.')).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/orders\/new$/);
  await line.getByLabel('Unit price').fill('3,33');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/orders\/\d+$/);
  await expect(page.getByRole('heading', { name: /^Quotation S\d{5}$/, level: 1 })).toBeVisible();
  await shot(page, 'admin-quotation');

  await page.getByRole('button', { name: 'Confirm order' }).click();
  await expect(page.getByRole('heading', { name: /^Order S\d{5}/, level: 1 })).toBeVisible();
  // 3 × 3.33 = 9.99, 19 % VAT rounded on the line: 1.90.
  await expect(page.locator('.totals .grand')).toContainText('RON 11.89');
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await expect(page).toHaveURL(/\/admin\/invoices\/\d+$/);
  await expect(page.getByRole('heading', { name: /^Invoice INV\/\d{4}\/\d{5}$/, level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Post invoice' }).click();
  await expect(page.getByRole('heading', { name: 'Record payment' })).toBeVisible();
  await page.getByLabel('Amount', { exact: true }).fill('20');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByText('This is more than the amount due.')).toBeVisible();
  await page.getByLabel('Amount', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.locator('.totals .due')).toContainText('RON 6.89');
  await expect(page.getByRole('heading', { name: /Partially paid/, level: 1 })).toBeVisible();
  await shot(page, 'admin-invoice');

  await openSection(page, 'Payments');
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'RON 5.00' }).first()).toBeVisible();
  await shot(page, 'admin-payments');
});
