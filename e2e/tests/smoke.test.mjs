import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launch, signInAsGuest, guestToken, backendUrl } from '../browser.mjs';

let context;
before(async () => {
  context = await launch();
});
after(async () => {
  await context?.close();
});

test('the base-layer backend answers /health without credentials', async () => {
  const res = await fetch(`${backendUrl}/api/base-layer/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
});

test('other base-layer routes refuse a request without credentials', async () => {
  const res = await fetch(`${backendUrl}/api/base-layer/waves`);
  assert.equal(res.status, 401);
});

test('the catalog answers with a guest token', async () => {
  const token = await guestToken();
  const res = await fetch(`${backendUrl}/api/catalog/entities?limit=5`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  assert.ok(Array.isArray(await res.json()));
});

test('a guest signs in, sees the catalog and opens the BASE layer page from the sidebar', async () => {
  const page = await signInAsGuest(context);
  await page.locator('nav').getByRole('link', { name: 'Catalog' }).click({ timeout: 60_000 });
  await page.getByText('Data Platform Catalog').waitFor({ timeout: 60_000 });
  await page.getByRole('table').waitFor({ timeout: 60_000 });

  await page.locator('nav').getByRole('link', { name: /waves|base layer/i }).first().click();
  await page.getByText(/Core services/).first().waitFor({ timeout: 60_000 });
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'e2e/screenshots/smoke-base-layer.png', fullPage: true });
});
