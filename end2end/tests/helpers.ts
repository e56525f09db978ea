import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, type Page, test } from '@playwright/test';

/** Demo accounts created by `portico serve --demo`. */
export const ADMIN = {
  email: 'admin@example.com',
  password: 'Lilac harbour 42 tides',
} as const;

export const STAFF = {
  email: 'staff@example.com',
  password: 'Copper lantern 17 fjords',
} as const;

export const CUSTOMER = {
  email: 'maria@acme.example',
  password: 'Velvet compass 63 meadows',
  name: 'Maria Popescu',
} as const;

export const DEMO_LOGINS = { admin: ADMIN, staff: STAFF, customer: CUSTOMER } as const;

/** Goes to /login, fills "Email" and "Password" and clicks "Log in". */
export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** end2end/screenshots/, independent of the cwd Playwright was started from. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', 'screenshots');

/**
 * Saves a full-page screenshot to end2end/screenshots/<project>-<name>.png
 * (project: "desktop" or "phone") and returns its path.
 */
export async function shot(page: Page, name: string): Promise<string> {
  const project = test.info().project.name || 'default';
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${project}-${safe}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export { expect };

/**
 * Opens a section from the main navigation as a person would: on a phone
 * the bar shows the first sections and "More" holds the rest.
 */
export async function openSection(page: Page, name: string): Promise<void> {
  // By its class: the landmark's name is translated like the rest.
  const nav = page.locator('nav.primary-nav');
  const visible = nav.getByRole('link', { name, exact: true }).filter({ visible: true });
  try {
    await visible.first().waitFor({ state: 'visible', timeout: 3000 });
  } catch {
    await nav.locator('.nav-more summary').click();
  }
  await visible.first().click();
}

/** Quoted-printable soft line breaks and escapes, undone (enough for a link). */
function unQuote(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The first link matching `pattern` in the newest email to `to` written
 * at or after `since` (ms), read from the mail folder (the server's
 * default transport writes .eml files).
 */
export async function mailedLink(to: string, pattern: RegExp, since = 0): Promise<string> {
  const dir = path.join(process.env.PORTICO_DATA_DIR ?? 'data', 'mail');
  for (let attempt = 0; attempt < 60; attempt++) {
    const files = fs.existsSync(dir)
      ? fs.readdirSync(dir).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
      : [];
    for (const file of files.filter((f) => fs.statSync(f).mtimeMs >= since)) {
      const mail = unQuote(fs.readFileSync(file, 'latin1'));
      if (mail.includes(`To: ${to}`)) {
        const link = mail.match(pattern);
        if (link) return link[0];
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no link like ${pattern} to ${to} in ${dir}`);
}
