// Acting on a rollout from the portal, as the roles of catalog/org.yaml
// (signed in through Vault, given their roles by e2e/loopbacks.ts): a
// developer syncs a module its group owns once the wave gate lifts, a data
// scientist may only refresh. The loopback Argo CD records the sync request
// and plays the operation out (Running, then Succeeded).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signInWithVault, withFailureScreenshot } from '../browser.mjs';

// Data Quality, wave 3, owned by Bob's data-processing-team, served by the
// loopback Argo CD; vault (wave 0, the loopback cluster) is Degraded in the
// snapshot, which gates every later wave.
const MODULE = 'data-quality';
const control = process.env.E2E_CONTROL_URL;

async function call(method, path, body) {
  const res = await fetch(`${control}${path}`, {
    method,
    ...(body && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status}`);
  return res.status === 200 ? res.json() : undefined;
}

const setVaultHealth = status =>
  call('PUT', '/kubernetes/applications/vault/health', { status });

before(async () => {
  assert.ok(control, 'E2E_CONTROL_URL is set by e2e/run.mjs');
  // Long enough for the Health card to show the operation Running.
  await call('PUT', '/argocd/sync-duration', { ms: 6_000 });
  await call('DELETE', '/argocd/actions');
});

after(async () => {
  // The other tests expect the snapshot's rollout: vault Degraded.
  await setVaultHealth('Degraded');
  await call('PUT', '/argocd/sync-duration', { ms: 20 });
  await call('DELETE', '/argocd/actions');
});

let context;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** Signs `login` in through Vault and opens the module page's Health card. */
async function openHealthCard(login) {
  context = await launch();
  const page = await signInWithVault(context, login);
  // Signed in once the app shell is up; navigating earlier aborts it.
  await page
    .getByRole('link', { name: 'Catalog' })
    .first()
    .waitFor({ timeout: 60_000 });
  // Within the app: a reload would lose the Vault session (there is no
  // refresh cookie in development), so the router navigates.
  await page.evaluate(path => {
    window.history.pushState({}, '', path);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, `/catalog/default/component/${MODULE}`);
  const card = page.locator('.MuiCard-root', {
    has: page
      .locator('.MuiCardHeader-title')
      .getByText('Health', { exact: true }),
  });
  const actions = card.getByRole('group', { name: 'Rollout actions' });
  await actions.waitFor({ timeout: 60_000 });
  // The applications' table is in, so the buttons know the status.
  await card.getByText(MODULE, { exact: true }).waitFor({ timeout: 60_000 });
  return {
    page,
    card,
    refresh: actions.getByRole('button', { name: /Refresh/ }),
    sync: actions.getByRole('button', { name: /^Sync$/ }),
  };
}

/** The tooltip a disabled button's wrapper shows on hover. */
async function tooltipOf(page, button) {
  await button.locator('xpath=..').hover();
  const tooltip = page.getByRole('tooltip');
  await tooltip.waitFor({ timeout: 10_000 });
  const text = await tooltip.textContent();
  await page.mouse.move(0, 0);
  return text;
}

async function waitUntil(predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${what}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

test('a data scientist may refresh a module but not sync it', async () => {
  const { page, refresh, sync } = await openHealthCard('carol');
  await withFailureScreenshot(page, 'act-data-scientist', async () => {
    await waitUntil(
      async () =>
        (await refresh.isEnabled()) &&
        (await tooltipOf(page, sync)).startsWith('You are not allowed'),
      20_000,
      'Refresh enabled, Sync refused',
    );
    assert.equal(await sync.isDisabled(), true);
    assert.equal(
      await tooltipOf(page, sync),
      `You are not allowed to sync component:default/${MODULE} (base-layer.application.sync): only its owners and admins may`,
    );
  });
});

test('a developer syncs its module once the wave gate lifts, and sees the operation through', async () => {
  const { page, card, sync } = await openHealthCard('bob');
  await withFailureScreenshot(page, 'act-developer', async () => {
    // Gated: vault, in wave 0, is Degraded.
    await waitUntil(
      async () => (await tooltipOf(page, sync)).startsWith('Gated by wave 0'),
      20_000,
      'Sync gated by wave 0',
    );
    assert.equal(await sync.isDisabled(), true);
    const reason = await tooltipOf(page, sync);
    assert.match(reason, /^Gated by wave 0 \(Core services\), which is /);
    assert.match(reason, /vault/);

    // Vault turns Healthy; the card's next reload lifts the gate.
    await setVaultHealth('Healthy');
    await waitUntil(() => sync.isEnabled(), 30_000, 'Sync enabled');

    await sync.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Sync Data Quality?').waitFor();
    await dialog
      .getByRole('list', { name: 'Applications to sync' })
      .getByText(MODULE, { exact: true })
      .waitFor();
    await dialog.getByRole('button', { name: 'Sync', exact: true }).click();

    // The snackbar has Argo CD's answer; the card follows the operation.
    await page
      .getByText(`Sync of component:default/${MODULE}: ${MODULE} ok`)
      .waitFor({ timeout: 15_000 });
    await card.getByText('Running', { exact: true }).waitFor({
      timeout: 10_000,
    });
    await card
      .getByText('Running', { exact: true })
      .waitFor({ state: 'detached', timeout: 25_000 });
    await card.getByText('Succeeded', { exact: true }).waitFor();
    await card.getByText('Synced', { exact: true }).waitFor();
    await card.getByText('Healthy', { exact: true }).waitFor();

    const { requests } = await call('GET', '/argocd/actions');
    assert.deepEqual(requests, [
      {
        method: 'POST',
        path: `/api/v1/applications/${MODULE}/sync`,
        query: {},
        contentType: 'application/json',
        body: {
          name: MODULE,
          appNamespace: 'argocd',
          prune: false,
          infos: [
            { name: 'Requested by', value: 'user:default/bob (Backstage)' },
          ],
        },
      },
    ]);
  });
});
