import { CUSTOMER, STAFF, expect, hydrated, login, shot } from './helpers';
import { test, type Locator, type Page } from '@playwright/test';

const methodCard = (page: Page, name: string) => page.locator('li.method', { hasText: name });

test('a customer adds a card, makes it the default, and deletes it after confirming', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.getByRole('link', { name: /Payment methods/ }).click();
  await expect(page).toHaveURL(/\/my\/payment-methods$/);
  await expect(page.getByRole('heading', { name: 'Payment methods', level: 1 })).toBeVisible();
  await expect(methodCard(page, 'Visa •••• 4242').getByText(/Renews subscription SUB/)).toBeVisible();
  await expect(methodCard(page, 'Mastercard •••• 4444').getByText('Expires soon')).toBeVisible();
  await hydrated(page);

  // The card that renews the subscription can't go.
  await page.getByRole('link', { name: 'Delete Visa •••• 4242' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this payment method?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Confirm deletion' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This method renews an active subscription' })).toBeVisible();

  // A wrong number is refused on its field; a good card is saved.
  const form = page.locator('#add-method');
  await form.getByLabel('Name on the card').fill('Maria Popescu');
  await form.getByLabel('Card number').fill('4000 0566 5566 5557');
  await form.getByLabel('Expiry date').fill('08/31');
  await form.getByLabel('Security code (CVC)').fill('737');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('This is not a valid card number.')).toBeVisible();
  await shot(page, 'payment-method-refused');
  await form.getByLabel('Card number').fill('4000 0566 5566 5556');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The payment method was saved.' })).toBeVisible();
  const added = methodCard(page, 'Visa •••• 5556');
  await expect(added).toBeVisible();
  await expect(form.getByLabel('Card number')).toHaveValue('');

  await added.getByRole('button', { name: 'Make default' }).click();
  await expect(added.getByText('Default', { exact: true })).toBeVisible();
  await shot(page, 'payment-methods');

  await page.getByRole('link', { name: 'Delete Visa •••• 5556' }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Visa •••• 5556 will be deleted.')).toBeVisible();
  await shot(page, 'payment-method-delete', { fullPage: false });
  await dialog.getByRole('button', { name: 'Confirm deletion' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The payment method was deleted.' })).toBeVisible();
  await expect(methodCard(page, 'Visa •••• 5556')).toHaveCount(0);
  // As the demo had it, for the other tests.
  const visa = methodCard(page, 'Visa •••• 4242');
  if (await visa.getByRole('button', { name: 'Make default' }).count()) {
    await visa.getByRole('button', { name: 'Make default' }).click();
  }
  await expect(visa.getByText('Default', { exact: true })).toBeVisible();
});

/** Picks a language in the header's switch and waits until the server has stored it. */
async function switchLanguage(page: Page, label: string, tag: string): Promise<void> {
  await hydrated(page);
  const stored = page.waitForResponse((r) => r.url().endsWith('/api/i18n/language') && r.ok());
  await page.getByLabel(label, { exact: true }).selectOption(tag);
  await stored;
}

test('in Romanian: a SEPA mandate is added, made the default, and deleted', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await switchLanguage(page, 'Language', 'ro');
  await page.goto('/my/payment-methods');
  await expect(page.getByRole('heading', { name: 'Metode de plată', level: 1 })).toBeVisible();
  await hydrated(page);
  await page.getByRole('link', { name: 'Debit direct SEPA' }).click();
  const form = page.locator('#add-method');
  await form.getByLabel('Titularul contului').fill('ACME Distribution SRL');
  await form.getByLabel('IBAN').fill('RO49 AAAA 1B31 0075 9384 0001');
  await form.getByRole('button', { name: 'Salvați' }).click();
  await expect(form.getByText('Acesta nu este un IBAN valid.')).toBeVisible();
  await form.getByLabel('IBAN').fill('RO49 AAAA 1B31 0075 9384 0000');
  await form.getByRole('button', { name: 'Salvați' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Metoda de plată a fost salvată.' })).toBeVisible();
  const mandate = methodCard(page, 'Debit direct SEPA •••• 0000');
  await expect(mandate).toBeVisible();
  // Made the default, then the Visa again (as the demo has it).
  await mandate.getByRole('button', { name: 'Faceți-o implicită' }).click();
  await expect(mandate.getByText('Implicită', { exact: true })).toBeVisible();
  await shot(page, 'payment-methods-ro');
  await methodCard(page, 'Visa •••• 4242').getByRole('button', { name: 'Faceți-o implicită' }).click();
  await expect(methodCard(page, 'Visa •••• 4242').getByText('Implicită', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Ștergeți Debit direct SEPA •••• 0000' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirmați ștergerea' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Metoda de plată a fost ștearsă.' })).toBeVisible();
  await expect(mandate).toHaveCount(0);
  await switchLanguage(page, 'Limbă', 'en');
});

test('a customer pays part of an invoice with a saved card; a declined card changes nothing', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.goto('/my/invoices?filter=unpaid');
  // The unpaid invoice that is not overdue: paying a part keeps it unpaid,
  // so the counts other tests read stay as the demo has them.
  const row = page.locator('table.data tbody tr').filter({ hasNotText: 'Overdue' }).first();
  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/my\/invoices\/\d+$/);
  await page.getByRole('link', { name: 'Pay', exact: true }).click();
  await expect(page).toHaveURL(/\/my\/invoices\/\d+\/pay$/);
  await expect(page.getByRole('heading', { name: /^Pay invoice INV/, level: 1 })).toBeVisible();
  await hydrated(page);

  // A new card that is declined: a clear message, nothing paid.
  const amount = page.getByLabel('Amount to pay');
  const due = await amount.inputValue();
  await page.getByLabel('A new card').check();
  await page.getByLabel('Name on the card').fill('Maria Popescu');
  await page.getByLabel('Card number').fill('4000 0000 0000 0002');
  await page.getByLabel('Expiry date').fill('10/30');
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByRole('button', { name: 'Pay now' }).click();
  await expect(page.getByText('The payment was declined. Try another method.')).toBeVisible();
  await shot(page, 'pay-declined');

  // A part with the saved Visa: the rest shows while typing.
  const part = (Math.round(Number(due) * 100 / 5) / 100).toFixed(2);
  await amount.fill(part);
  await expect(page.getByText(/Remaining after this payment: RON [\d,]+\.\d{2}/)).toBeVisible();
  await page.getByLabel('Visa •••• 4242').check();
  await shot(page, 'pay');
  await page.getByRole('button', { name: 'Pay now' }).click();
  await expect(page).toHaveURL(/\/my\/invoices\/\d+\?paid=\d+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Thank you: your payment was received.' })).toBeVisible();
  const payments = page.getByRole('region', { name: 'Payments received' });
  await expect(payments.getByText(`RON ${Number(part).toLocaleString('en-US', { minimumFractionDigits: 2 })}`)).toBeVisible();
  await shot(page, 'invoice-paid-part');
});

test('a customer changes the card that renews the subscription, then cancels it at the end of the period', async ({ page, browser }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.goto('/my/subscriptions');
  await page.locator('table.data tbody tr').first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/my\/subscriptions\/\d+$/);
  const subscription = page.url();
  await expect(page.getByText('Visa •••• 4242')).toBeVisible();
  await page.getByRole('link', { name: 'Payment method and cancellation' }).click();
  await expect(page).toHaveURL(/\/renewal$/);
  await hydrated(page);
  await page.getByLabel('Mastercard •••• 4444').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The subscription will renew with the method you chose.' })).toBeVisible();
  await expect(page.getByText('Mastercard •••• 4444')).toBeVisible();

  // Back to the Visa (as the demo had it), then cancel, confirming.
  await page.getByRole('link', { name: 'Payment method and cancellation' }).click();
  await page.getByLabel('Visa •••• 4242').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The subscription will renew' })).toBeVisible();
  await page.getByRole('link', { name: 'Payment method and cancellation' }).click();
  await page.getByRole('link', { name: 'Cancel at the end of the period' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this subscription?' });
  await expect(dialog.getByText(/^It ends on \d+ \w+ \d{4}\. Until then everything stays as it is\.$/)).toBeVisible();
  await shot(page, 'subscription-cancel', { fullPage: false });
  await dialog.getByRole('button', { name: 'Confirm cancellation' }).click();
  await expect(page).toHaveURL(/\/my\/subscriptions\/\d+\?renewal=cancelled$/);
  await expect(page.getByRole('status').filter({ hasText: 'The subscription is cancelled' })).toBeVisible();
  await expect(page.getByText('Ends at period end').first()).toBeVisible();

  // Staff see it, and resume it for the other tests.
  const staffContext = await browser.newContext({ viewport: test.info().project.use.viewport });
  const staff = await staffContext.newPage();
  try {
    await login(staff, STAFF.email, STAFF.password);
    await staff.goto(subscription.replace('/my/', '/admin/'));
    await expect(staff.getByText('Ends at period end').first()).toBeVisible();
    await staff.getByRole('button', { name: 'Resume' }).click();
    await expect(staff.getByText('Active').first()).toBeVisible();
  } finally {
    await staffContext.close();
  }
});

/** What the whole-invoice flow reads and clicks, per language. */
const WORDS = {
  en: {
    language: 'Language', pay: 'Pay', amount: 'Amount to pay', payNow: 'Pay now', newCard: 'A new card',
    holder: 'Name on the card', number: 'Card number', expiry: 'Expiry date', cvc: 'Security code (CVC)',
    declined: 'The payment was declined. Try another method.', paid: 'Thank you: your payment was received.',
    wallet: /eWallet/, fundsAmount: 'Amount', addFunds: 'Add funds', added: 'The funds were added to your eWallet.',
    fromWallet: /^eWallet \(balance RON [\d.,]+\)$/, paidBadge: 'Paid',
  },
  ro: {
    language: 'Limbă', pay: 'Plătiți', amount: 'Suma de plată', payNow: 'Plătiți acum', newCard: 'Un card nou',
    holder: 'Numele de pe card', number: 'Numărul cardului', expiry: 'Data expirării', cvc: 'Cod de securitate (CVC)',
    declined: 'Plata a fost refuzată. Încercați altă metodă.', paid: 'Vă mulțumim: plata a fost primită.',
    wallet: /Portofel electronic/, fundsAmount: 'Sumă', addFunds: 'Adăugați fonduri', added: 'Fondurile au fost adăugate în portofelul electronic.',
    fromWallet: /^Portofel electronic \(sold .+\)$/, paidBadge: 'Achitată',
  },
};

/**
 * The whole flow: a declined card changes nothing; a part paid with
 * the saved card; funds added to the eWallet; the rest paid from it, and
 * the invoice is paid. Staff then refund both payments (the card's through
 * the provider, the eWallet's to the eWallet), which leaves the demo's
 * invoice as it was for the other tests.
 */
async function payAWholeInvoice(page: Page, browser: import('@playwright/test').Browser, lang: 'en' | 'ro'): Promise<void> {
  const w = WORDS[lang];
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.goto('/my/invoices?filter=unpaid');
  await page.locator('table.data tbody tr').filter({ hasNotText: 'Overdue' }).first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/my\/invoices\/\d+$/);
  const invoice = page.url();
  if (lang !== 'en') {
    await switchLanguage(page, 'Language', lang);
    await page.goto(invoice);
  }
  try {
    await payTheInvoiceAndRefund(page, browser, w, invoice);
  } finally {
    if (lang !== 'en') {
      await switchLanguage(page, w.language, 'en');
    }
  }
}

async function payTheInvoiceAndRefund(
  page: Page,
  browser: import('@playwright/test').Browser,
  w: (typeof WORDS)['en'],
  invoice: string,
): Promise<void> {
  const lang = w === WORDS.en ? 'en' : 'ro';

  await page.getByRole('link', { name: w.pay, exact: true }).click();
  await hydrated(page);
  const amount = page.getByLabel(w.amount);
  // The field is filled in the page's language: "808.33", "808,33".
  const typedAmount = async (field: Locator) => Number((await field.inputValue()).replace(',', '.'));
  if (lang === 'ro') {
    await expect(amount).toHaveValue(/^\d+,\d{2}$/);
  }
  const due = await typedAmount(amount);
  await page.getByLabel(w.newCard).check();
  await page.getByLabel(w.holder).fill('Maria Popescu');
  await page.getByLabel(w.number).fill('4000 0000 0000 0002');
  await page.getByLabel(w.expiry).fill('10/30');
  await page.getByLabel(w.cvc).fill('123');
  // A refused payment used its key: the form gets a new one without being
  // drawn again, so the payer can go on typing at once and loses nothing.
  const key = page.locator('input[name="payment[key]"]');
  const usedKey = await key.inputValue();
  await page.getByRole('button', { name: w.payNow }).click();
  await expect(page.getByText(w.declined)).toBeVisible();
  const part = Math.round(due * 100 / 4) / 100;
  await amount.fill(part.toFixed(2));
  await expect(key).not.toHaveValue(usedKey);
  await expect(page.getByLabel(w.holder)).toHaveValue('Maria Popescu');
  await expect(amount).toHaveValue(part.toFixed(2));
  await page.getByLabel('Visa •••• 4242').check();
  await page.getByRole('button', { name: w.payNow }).click();
  await expect(page.getByRole('status').filter({ hasText: w.paid })).toBeVisible();

  await page.goto('/my/wallet');
  await hydrated(page);
  // A declined top-up keeps the form as typed, with a new key behind it.
  const funds = page.getByLabel(w.fundsAmount, { exact: true });
  await funds.fill(String(Math.ceil(due - part)));
  const fundsKey = page.locator('input[name="funds[key]"]');
  const usedFundsKey = await fundsKey.inputValue();
  await page.getByLabel(w.newCard).check();
  await page.getByLabel(w.holder).fill('Maria Popescu');
  await page.getByLabel(w.number).fill('4000 0000 0000 0002');
  await page.getByLabel(w.expiry).fill('10/30');
  await page.getByLabel(w.cvc).fill('123');
  await page.getByRole('button', { name: w.addFunds }).click();
  await expect(page.getByText(w.declined)).toBeVisible();
  await expect(fundsKey).not.toHaveValue(usedFundsKey);
  await expect(funds).toHaveValue(String(Math.ceil(due - part)));
  await page.getByLabel('Visa •••• 4242').check();
  await page.getByRole('button', { name: w.addFunds }).click();
  await expect(page.getByRole('status').filter({ hasText: w.added })).toBeVisible();
  await shot(page, `wallet-${lang}`);

  await page.goto(invoice);
  await page.getByRole('link', { name: w.pay, exact: true }).click();
  await hydrated(page);
  expect(await typedAmount(page.getByLabel(w.amount))).toBe(Math.round((due - part) * 100) / 100);
  await page.getByLabel(w.fromWallet).check();
  await shot(page, `pay-rest-from-wallet-${lang}`);
  await page.getByRole('button', { name: w.payNow }).click();
  await expect(page.getByRole('status').filter({ hasText: w.paid })).toBeVisible();
  await expect(page.locator('h1 .badge')).toHaveText(w.paidBadge);
  await expect(page.getByRole('link', { name: w.pay, exact: true })).toHaveCount(0);
  await shot(page, `invoice-paid-${lang}`);

  // Staff refund both payments: the invoice is as the demo had it.
  const staffContext = await browser.newContext({ viewport: test.info().project.use.viewport });
  const staff = await staffContext.newPage();
  try {
    await login(staff, STAFF.email, STAFF.password);
    for (const method of ['ewallet', 'card']) {
      await staff.goto(`/admin/payments?method=${method}&state=succeeded`);
      await staff.locator('table.data tbody tr').first().getByRole('link', { name: 'Refund' }).click();
      const dialog = staff.getByRole('dialog', { name: 'Refund a payment' });
      await expect(dialog).toBeVisible();
      await hydrated(staff);
      await dialog.getByRole('button', { name: 'Confirm refund' }).click();
      await expect(staff.getByRole('status').filter({ hasText: 'The refund was recorded.' })).toBeVisible();
    }
  } finally {
    await staffContext.close();
  }
  await page.goto(invoice);
  await expect(page.locator('h1 .badge')).not.toHaveText(w.paidBadge);
}

test('a customer pays part of an invoice with the saved card, adds funds, and pays the rest from the eWallet', async ({ page, browser }) => {
  await payAWholeInvoice(page, browser, 'en');
});

test('in Romanian: a declined card, a part with the saved card, funds added, the rest from the eWallet', async ({ page, browser }) => {
  await payAWholeInvoice(page, browser, 'ro');
});

test('a customer opens the pay form of a quotation from its page', async ({ page }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  // Whatever language an earlier test left the account in, start in English.
  await hydrated(page);
  if ((await page.locator('#language-select').inputValue()) !== 'en') {
    const stored = page.waitForResponse((r) => r.url().endsWith('/api/i18n/language') && r.ok());
    await page.locator('#language-select').selectOption('en');
    await stored;
  }
  await page.goto('/my/quotes');
  await page.locator('table.data tbody tr').filter({ hasText: 'Sent' }).first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/my\/orders\/\d+$/);
  await page.getByRole('link', { name: 'Accept and pay' }).click();
  await expect(page).toHaveURL(/\/my\/orders\/\d+\/pay$/);
  await expect(page.getByRole('heading', { name: /^Pay S\d+/, level: 1 })).toBeVisible();
  await expect(page.getByLabel('Visa •••• 4242')).toBeChecked();
  await shot(page, 'pay-quotation');
  // Paying it would confirm it: other tests count the demo's quotations.
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/my\/orders\/\d+$/);
});

test('staff filter the payments and refund part of a card payment to the eWallet', async ({ page }) => {
  await login(page, STAFF.email, STAFF.password);
  await page.goto('/admin/payments');
  await page.getByLabel('Customer').selectOption({ label: 'ACME Distribution SRL' });
  await page.getByLabel('Method').selectOption({ label: 'Card' });
  await page.getByLabel('State').selectOption({ label: 'Succeeded' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/customer=\d+&method=card&state=succeeded/);
  const rows = page.locator('table.data tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) {
    expect(text).toContain('ACME Distribution SRL');
    expect(text).toContain('Card');
  }
  await shot(page, 'admin-payments');

  // The newest card payment with something left to refund is the
  // customer's part payment of an unpaid invoice (the whole-invoice tests
  // refunded theirs in full): refunding some of it keeps the demo's counts.
  await rows.filter({ has: page.getByRole('link', { name: 'Refund' }) }).first().getByRole('link', { name: 'Refund' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund a payment' });
  await expect(dialog).toBeVisible();
  await hydrated(page);
  await dialog.getByLabel('Amount to refund').fill('999999');
  await dialog.getByLabel("The customer's eWallet").check();
  await dialog.getByRole('button', { name: 'Confirm refund' }).click();
  await expect(dialog.getByText('This is more than is left to refund of this payment.')).toBeVisible();
  await dialog.getByLabel('Amount to refund').fill('1.00');
  await dialog.getByLabel('Reason (optional)').fill('Goodwill gesture');
  await shot(page, 'admin-refund', { fullPage: false });
  await dialog.getByRole('button', { name: 'Confirm refund' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The refund was recorded.' })).toBeVisible();

  await page.getByRole('link', { name: 'eWallet entries' }).click();
  await expect(page.getByRole('cell', { name: 'Refund' }).first()).toBeVisible();
  await shot(page, 'admin-wallet-entries');
});
