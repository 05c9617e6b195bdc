import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  signInAsGuest,
  withFailureScreenshot,
  guestToken,
  backendUrl,
} from '../browser.mjs';
import { loadSnapshot, screenshotDir } from '../snapshot.mjs';

const control = process.env.E2E_CONTROL_URL;
const { waves } = loadSnapshot();
let context;
let page;

const setArgoCdFailure = failure =>
  fetch(`${control}/argocd/failure`, {
    method: failure ? 'PUT' : 'DELETE',
    body: failure ? JSON.stringify(failure) : undefined,
  }).then(res => assert.equal(res.status, 204));

/** Waits until the backend reports every source readable again. */
async function waitForSourcesOk() {
  const token = await guestToken();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${backendUrl}/api/base-layer/waves`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const body = await res.json();
    if (body.sources.every(s => s.ok)) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error('the sources did not recover within 60 s');
}

before(async () => {
  assert.ok(control, 'E2E_CONTROL_URL is set by e2e/run.mjs');
  context = await launch();
  page = await signInAsGuest(context);
});
after(async () => {
  await setArgoCdFailure(undefined);
  await waitForSourcesOk();
  await context?.close();
});

/** Clicks the page's refresh button until `locator` shows. */
async function refreshUntil(locator, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await locator.isVisible()) return;
    if (Date.now() > deadline)
      throw new Error(`not shown within ${timeoutMs} ms`);
    await page.getByRole('button', { name: 'Refresh waves' }).click();
    await page.waitForTimeout(1000);
  }
}

test('a failing Argo CD marks only its own waves Unknown, shows its error and recovers', () =>
  withFailureScreenshot(page, 'sources', async () => {
    await page.getByRole('link', { name: 'Waves' }).first().click();
    await page.getByTestId('wave-0').waitFor({ timeout: 60_000 });

    // Waves 3 and 4 come from the Argo CD API, waves 0-2 from Kubernetes.
    await setArgoCdFailure({ kind: 'status', status: 503 });
    const panel = page.getByText('Source argocd (argocd) could not be read');
    await refreshUntil(panel);

    for (const id of [3, 4]) {
      await page
        .getByTestId(`wave-${id}`)
        .getByText('Unknown', { exact: true })
        .waitFor();
    }
    const degraded = waves.find(w => w.degraded.length > 0);
    await page
      .getByTestId(`wave-${degraded.id}`)
      .getByText('Degraded', { exact: true })
      .waitFor();
    await page.getByText(/503/).first().waitFor();
    await page.getByText(/Stale data from argocd/).waitFor();
    await page.screenshot({ path: `${screenshotDir}/waves-source-down.png` });

    await setArgoCdFailure(undefined);
    await refreshUntil(
      page.getByTestId('wave-3').getByText('Blocked', { exact: true }),
    );
    assert.equal(await panel.count(), 0);
  }));
