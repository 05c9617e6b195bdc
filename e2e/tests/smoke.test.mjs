import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signInAsGuest, guestToken, backendUrl } from '../browser.mjs';
import { screenshotDir } from '../snapshot.mjs';

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

test('a guest signs in and browses the catalog from the sidebar', async () => {
  const page = await signInAsGuest(context);
  await page
    .getByRole('link', { name: 'Catalog' })
    .first()
    .click({ timeout: 60_000 });
  const table = page.getByRole('table');
  await table
    .getByRole('link', { name: 'Data Ingestion' })
    .waitFor({ timeout: 60_000 });
  await table.getByRole('link', { name: 'Argo CD' }).waitFor();
  await page.screenshot({ path: `${screenshotDir}/catalog.png` });
});
