// Sign-in through Vault's OIDC provider, played by the real OIDC issuer that
// e2e/loopbacks.ts starts (@internal/oidc-test-issuer): the popup Backstage
// opens, the issuer's login and consent forms, the backend's sign-in
// resolvers against catalog/org.yaml.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  appUrl,
  launch,
  signInWithVault as signIn,
  withFailureScreenshot,
} from '../browser.mjs';

let context;
beforeEach(async () => {
  // A fresh browser each time: no Backstage or issuer session carries over.
  context = await launch();
});
afterEach(async () => {
  await context?.close();
});

/** Signs in as `login` through Vault, in this test's fresh browser. */
const signInWithVault = login => signIn(context, login);

/** Opens Settings from the sidebar, without reloading the app. */
async function openSettings(page) {
  await page
    .getByRole('link', { name: 'Settings' })
    .first()
    .click({ timeout: 60_000 });
}

/** Settings' "Backstage Identity" card: the catalog User and its groups. */
function identityCard(page) {
  return page
    .locator('div')
    .filter({ has: page.getByText('Backstage Identity', { exact: true }) })
    .filter({ hasText: 'User Entity' })
    .last();
}

test('the sign-in page offers guest and Vault', async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(appUrl);
  await page
    .getByText('Sign in with your Vault account')
    .waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Enter' }).waitFor();
});

test('Alice signs in with Vault and is the catalog user with her email', async () => {
  const page = await signInWithVault('alice');
  await withFailureScreenshot(page, 'sign-in-alice', async () => {
    await openSettings(page);
    // The profile is Vault's; the identity is the catalog's User and groups.
    await page
      .getByText('alice@data-platform.example')
      .waitFor({ timeout: 60_000 });
    await identityCard(page)
      .locator('a[href="/catalog/default/user/alice"]')
      .first()
      .waitFor();
    await identityCard(page)
      .getByRole('link', { name: 'Admin', exact: true })
      .waitFor();
  });
});

test('Bob, whose Vault email the catalog does not know, signs in by his login', async () => {
  const page = await signInWithVault('bob');
  await withFailureScreenshot(page, 'sign-in-bob', async () => {
    await openSettings(page);
    await identityCard(page)
      .locator('a[href="/catalog/default/user/bob"]')
      .first()
      .waitFor({ timeout: 60_000 });
    await identityCard(page)
      .getByRole('link', { name: 'Developer', exact: true })
      .waitFor();
  });
});

test('a Vault user the catalog does not know is refused', async () => {
  const page = await signInWithVault('mallory');
  await withFailureScreenshot(page, 'sign-in-unknown', async () => {
    await page
      .getByText(/unable to resolve user identity/)
      .first()
      .waitFor({ timeout: 60_000 });
    // Still on the sign-in page, not in the portal.
    await page.getByText('Sign in with your Vault account').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Catalog' }).count(), 0);
  });
});
