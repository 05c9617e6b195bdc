// Live updates: the Waves page follows a change in the cluster without
// reloading and without waiting for a poll. The loopback Kubernetes API sends
// a watch event, the engine recomputes and publishes a Backstage signal, and
// the page re-reads GET /waves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  signInAsGuest,
  waveSignalSubscribed,
  withFailureScreenshot,
} from '../browser.mjs';
import { loadSnapshot } from '../snapshot.mjs';

const control = process.env.E2E_CONTROL_URL;
const { waves } = loadSnapshot();
// Vault, served by the loopback cluster, is Degraded in the snapshot.
const vaultWave = waves.find(w => w.degraded.includes('vault'));

async function setVaultHealth(status) {
  const res = await fetch(`${control}/kubernetes/applications/vault/health`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status }),
  });
  assert.ok(res.ok, `setting vault ${status}: ${res.status}`);
}

let context;
let page;

before(async () => {
  assert.ok(control, 'E2E_CONTROL_URL is set by e2e/run.mjs');
  assert.ok(vaultWave, 'the snapshot has vault Degraded');
  context = await launch();
  page = await signInAsGuest(context);
});

after(async () => {
  // The other tests expect the snapshot's rollout: vault Degraded.
  await setVaultHealth('Degraded');
  await context?.close();
});

test('the Waves page shows a watch event within 2 s, without a reload or a poll', async () => {
  await withFailureScreenshot(page, 'live', async () => {
    const subscribed = waveSignalSubscribed(page);
    await page
      .getByRole('link', { name: 'Waves' })
      .first()
      .click({ timeout: 60_000 });
    const row = page.getByTestId(`wave-${vaultWave.id}`);
    const before = `${vaultWave.healthy}/${vaultWave.total} healthy`;
    const healed = `${vaultWave.healthy + 1}/${vaultWave.total} healthy`;
    await row.getByText(before).waitFor({ timeout: 60_000 });
    await subscribed;

    let navigations = 0;
    page.on('framenavigated', frame => {
      if (frame === page.mainFrame()) navigations++;
    });
    const started = Date.now();
    await setVaultHealth('Healthy');
    await row.getByText(healed).waitFor({ timeout: 2_000 });
    const elapsed = Date.now() - started;
    assert.equal(navigations, 0, 'the page did not reload');
    assert.ok(elapsed < 2_000, `shown after ${elapsed} ms`);

    // And back, as promptly.
    const again = Date.now();
    await setVaultHealth('Degraded');
    await row.getByText(before).waitFor({ timeout: 2_000 });
    assert.ok(Date.now() - again < 2_000);
    assert.equal(navigations, 0);
  });
});
