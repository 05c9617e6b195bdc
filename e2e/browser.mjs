// Launches Debian's Chromium through playwright-core with the flags this
// machine needs, and signs in as guest or, through Vault, as a catalog user.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { appUrl, backendUrl } from './portal.mjs';

export { appUrl, backendUrl };

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return execFileSync('sh', ['-c', 'command -v chromium'], {
    encoding: 'utf8',
  }).trim();
}

export async function launch() {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return context;
}

/** Opens the app, clicks the guest provider's "Enter" button and waits for the app. */
export async function signInAsGuest(context) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 60_000 });
  // Signed in once the app shell is up; navigating earlier aborts the sign-in.
  await page
    .getByRole('link', { name: 'Catalog' })
    .first()
    .waitFor({ timeout: 120_000 });
  return page;
}

/**
 * Opens the portal, picks Vault on the sign-in page and signs in as `login`
 * in the popup of the loopback OIDC issuer (e2e/loopbacks.ts). Resolves with
 * the portal's page once the popup has closed.
 */
export async function signInWithVault(context, login) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(appUrl);
  const vault = page.getByText('Sign in with your Vault account');
  await vault.waitFor({ timeout: 60_000 });
  const [popup] = await Promise.all([
    context.waitForEvent('page', { timeout: 30_000 }),
    page.getByRole('button', { name: 'Sign In' }).click(),
  ]);
  await popup.locator('input[name=login]').fill(login, { timeout: 30_000 });
  await popup.locator('input[name=password]').fill('any password');
  await popup.locator('button[type=submit]').click();
  // The consent form: the same popup, once the login went through.
  await popup
    .locator('input[name=prompt][value=consent]')
    .waitFor({ state: 'attached', timeout: 30_000 });
  await popup.locator('button[type=submit]').click();
  await popup.waitForEvent('close', { timeout: 30_000 });
  return page;
}

/** A Backstage token for the guest user, for API calls. */
export async function guestToken() {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest refresh failed: ${res.status}`);
  const body = await res.json();
  return body.backstageIdentity.token;
}

/**
 * Runs a test body; on failure saves a full-page screenshot to
 * e2e/screenshots/failure-<name>.png before rethrowing.
 */
export async function withFailureScreenshot(page, name, body) {
  try {
    await body();
  } catch (error) {
    mkdirSync('e2e/screenshots', { recursive: true });
    await page
      .screenshot({
        path: `e2e/screenshots/failure-${name}.png`,
        fullPage: true,
      })
      .catch(() => {});
    throw error;
  }
}

/**
 * Resolves once the page has subscribed to the wave status signal. Call it
 * before the page navigates to where it subscribes: a change announced
 * before the subscription only reaches the page through its fallback poll.
 */
export function waveSignalSubscribed(page) {
  return new Promise(resolve => {
    page.on('websocket', socket => {
      if (!socket.url().endsWith('/api/signals')) return;
      socket.on('framesent', frame => {
        if (String(frame.payload).includes('"base-layer:waves"')) resolve();
      });
    });
  });
}
