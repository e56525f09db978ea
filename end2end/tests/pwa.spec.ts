import { CUSTOMER, expect, login, shot } from './helpers';
import { test } from '@playwright/test';

test('the app is installable: manifest, icons and a service worker', async ({ page, request }) => {
  await page.goto('/login');
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toBe('/manifest.webmanifest');
  const manifest = await (await request.get(manifestHref!)).json();
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('/my');
  for (const icon of manifest.icons.filter((i: any) => i.type === 'image/png')) {
    expect((await request.get(icon.src)).status(), icon.src).toBe(200);
  }
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toMatch(/\/$/);
});

test('offline, pages fall back to the offline page', async ({ page, context }) => {
  await login(page, CUSTOMER.email, CUSTOMER.password);
  await expect(page).toHaveURL(/\/my$/);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    // The offline page is precached once the worker is installed.
    for (let i = 0; i < 50 && !(await caches.match('/offline.html')); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  await page.reload(); // now controlled by the worker
  await context.setOffline(true);
  await page.goto('/my').catch(() => undefined);
  await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
  await shot(page, 'offline');
  await context.setOffline(false);
});
