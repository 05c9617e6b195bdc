// Launches Debian's Chromium through playwright-core with the flags this
// machine needs, and signs in as guest.
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
