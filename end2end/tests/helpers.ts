import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, type Page, test } from '@playwright/test';

/** Demo accounts created by `portico serve --demo`. */
export const ADMIN = {
  email: 'admin@example.com',
  password: 'Lilac harbour 42 tides',
  /** Staff must use two-factor: the demo key, printed with the demo logins. */
  twoFactorKey: 'ADMINDEMOADMINDEMOADMINDEMOADMIN',
} as const;

export const STAFF = {
  email: 'staff@example.com',
  password: 'Copper lantern 17 fjords',
  twoFactorKey: 'STAFFDEMOSTAFFDEMOSTAFFDEMOSTAFF',
} as const;

export const CUSTOMER = {
  email: 'maria@acme.example',
  password: 'Velvet compass 63 meadows',
  name: 'Maria Popescu',
} as const;

export const DEMO_LOGINS = { admin: ADMIN, staff: STAFF, customer: CUSTOMER } as const;

/** RFC 4648 base32, as authenticator apps read keys. */
function base32Bytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

const currentStep = (): number => Math.floor(Date.now() / 30000);

/** The six-digit code an authenticator app shows for `key` at time step `step` (RFC 6238). */
function totpAtStep(key: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32Bytes(key)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

/** The code an authenticator app shows for `key`, `steps` steps from now. */
export function totp(key: string, steps = 0): string {
  return totpAtStep(key, currentStep() + steps);
}

/**
 * The last time step each demo staff login used against this server, kept
 * in its data folder: each project runs in a worker process of its own, and
 * a code is accepted once per server.
 */
const usedStepsFile = (): string => path.join(process.env.PORTICO_DATA_DIR ?? 'data', 'e2e-used-steps.json');
const usedSteps = {
  read(): Record<string, number> {
    try {
      return JSON.parse(fs.readFileSync(usedStepsFile(), 'utf8'));
    } catch {
      return {};
    }
  },
  get(email: string): number | undefined {
    return this.read()[email];
  },
  set(email: string, step: number): void {
    fs.writeFileSync(usedStepsFile(), JSON.stringify({ ...this.read(), [email]: step }));
  },
};

/**
 * A code for `email` from a time step after the last one this run used
 * (the server accepts a code once, for the previous, current or next
 * step): waits for the clock when all three are taken.
 */
async function unusedCode(email: string, key: string): Promise<string> {
  for (;;) {
    const now = currentStep();
    // The previous step's code is still accepted until the step ends: use
    // it while the step has a few seconds left.
    const intoStep = (Date.now() / 1000) % 30;
    const earliest = intoStep < 25 ? now - 1 : now;
    const last = usedSteps.get(email);
    const step = last === undefined ? earliest : Math.max(earliest, last + 1);
    if (step <= now + 1) {
      usedSteps.set(email, step);
      return totpAtStep(key, step);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Goes to /login, fills "Email" and "Password" and clicks "Log in"; for a
 * demo account with two-factor (staff), also types the code its
 * authenticator app would show.
 */
export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  const key = [ADMIN, STAFF].find((a) => a.email === email)?.twoFactorKey;
  if (!key) return;
  await page.waitForURL(/\/login\/two-factor$/);
  // A code an earlier run of this suite (another worker) used is refused:
  // the next step's code is then fresh.
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.getByLabel('Code from the app, or a recovery code').fill(await unusedCode(email, key));
    await page.getByRole('button', { name: 'Continue' }).click();
    const done = await page
      .waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (done) return;
  }
  throw new Error(`second step refused for ${email}`);
}

/** Waits until the WASM bundle has hydrated the page (the client is live). */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 30_000 });
}

/** end2end/screenshots/, independent of the cwd Playwright was started from. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', 'screenshots');

/**
 * Saves a screenshot (the full page unless told otherwise) to
 * end2end/screenshots/<project>-<name>.png (project: "desktop" or "phone")
 * and returns its path.
 */
export async function shot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  const project = test.info().project.name || 'default';
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${project}-${safe}.png`);
  await page.screenshot({ path: file, fullPage });
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
