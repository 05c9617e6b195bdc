// The Waves page's "Not in any wave" section and rollout history. The
// loopback cluster serves two applications of no wave beside the snapshot's
// (e2e/loopbacks.ts): one without a wave label, one labelled 'three'. The
// test flips vault (wave 0, Degraded in the snapshot) Healthy through the
// loopback control and waits for the timeline to show the transition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  signInAsGuest,
  waveSignalSubscribed,
  withFailureScreenshot,
} from '../browser.mjs';
import { loadSnapshot, screenshotDir } from '../snapshot.mjs';

const control = process.env.E2E_CONTROL_URL;
const { waves } = loadSnapshot();
const vaultWave = waves.find(w => w.id === 0);

const setVaultHealth = async status => {
  const res = await fetch(`${control}/kubernetes/applications/vault/health`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status }),
  });
  assert.ok(res.ok, `setting vault ${status}: ${res.status}`);
};

const escape = text => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// The timeline's rows as their cells' text: When, Wave, Transition, Reason.
const rowCells = () =>
  page
    .getByTestId('rollout-timeline')
    .locator('tbody tr')
    .evaluateAll(rows =>
      rows.map(r =>
        [...r.cells].map(c =>
          (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
      ),
    );

let context;
let page;
let subscribed;
before(async () => {
  assert.ok(control, 'E2E_CONTROL_URL is set by e2e/run.mjs');
  context = await launch();
  page = await signInAsGuest(context);
  subscribed = waveSignalSubscribed(page);
});
after(async () => {
  // The other tests expect the snapshot's rollout: vault Degraded.
  await setVaultHealth('Degraded');
  await context?.close();
});

test('the Waves page lists the applications in no wave, each with why', () =>
  withFailureScreenshot(page, 'history-unassigned', async () => {
    await page
      .getByRole('link', { name: 'Waves' })
      .first()
      .click({ timeout: 60_000 });
    const section = page.getByTestId('unassigned-applications');
    await section.getByText('Not in any wave (2)').waitFor({ timeout: 60_000 });
    const row = name => section.getByRole('row', { name: new RegExp(name) });
    await row('scratch-notebook').getByText('No wave label').waitFor();
    await row('wave-label-typo')
      .getByText("Invalid wave label 'three'")
      .waitFor();
    await row('wave-label-typo')
      .getByText(/'three' is not a wave number/)
      .waitFor();
  }));

test('the rollout timeline shows vault becoming Healthy, newest first, filterable by wave', () =>
  withFailureScreenshot(page, 'history-timeline', async () => {
    const timeline = page.getByTestId('rollout-timeline');
    const waveName = `Wave 0 (${vaultWave.name})`;
    // Wave 0 was first recorded Degraded (vault).
    const transition = to =>
      timeline
        .getByRole('row')
        .filter({ hasText: new RegExp(`${escape(waveName)}.*→\\s*${to}`) });
    await transition('Degraded').first().waitFor({ timeout: 60_000 });

    await subscribed;
    await setVaultHealth('Healthy');
    const healthy = transition('Healthy');
    // No reload and no click: the change is signalled, the page re-reads
    // the waves and the timeline with them within moments.
    await healthy.first().waitFor({ timeout: 10_000 });
    // Newest first: the latest transition of wave 0 is the one to Healthy.
    // Rows are told apart by their Wave cell: another wave's reason may name
    // wave 0 ("Wave 0 (Core services) is Degraded").
    const wave0 = (await rowCells()).filter(cells => cells[1] === waveName);
    assert.match(wave0[0][2], /Healthy$/);

    await timeline
      .getByTestId('time-to-healthy')
      .getByText(new RegExp(`^${escape(waveName)}: \\d`))
      .waitFor();

    await timeline.getByLabel('Filter by wave').selectOption('0');
    await page.waitForFunction(name => {
      const table = document.querySelector(
        '[data-testid="rollout-timeline"] tbody',
      );
      const waves = [...(table?.querySelectorAll('tr') ?? [])].map(r =>
        r.cells[1]?.textContent?.trim(),
      );
      return waves.length > 0 && waves.every(w => w === name);
    }, waveName);

    // The page scrolls inside the app's frame: bring the timeline into view.
    await timeline
      .getByText('Time to Healthy in the last rollout')
      .scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/rollout-history.png` });
  }));
