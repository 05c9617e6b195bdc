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

// Polls `check` until it holds; fails naming what it waited for.
const expectEventually = async (check, { timeout, what }) => {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    assert.ok(
      Date.now() < deadline,
      `timed out after ${timeout} ms waiting for ${what}`,
    );
    await new Promise(r => setTimeout(r, 200));
  }
};

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
    // Rows are told apart by their Wave cell: another wave's reason may name
    // wave 0 ("Wave 0 (Core services) is Degraded"). Earlier tests (act) may
    // have flipped vault already, so older "→ Healthy" rows can be there: only
    // the newest wave-0 row tells where wave 0 stands.
    const wave0Rows = async () =>
      (await rowCells()).filter(cells => cells[1] === waveName);
    const newestWave0 = async () => (await wave0Rows())[0]?.[2] ?? '';
    await expectEventually(async () => /Degraded$/.test(await newestWave0()), {
      timeout: 60_000,
      what: `the newest ${waveName} row to be a transition to Degraded`,
    });
    const toHealthyBefore = (await wave0Rows()).filter(c =>
      /Healthy$/.test(c[2]),
    ).length;

    await subscribed;
    await setVaultHealth('Healthy');
    // No reload and no click: the change is signalled, the page re-reads
    // the waves and the timeline with them within moments.
    await expectEventually(async () => /Healthy$/.test(await newestWave0()), {
      timeout: 10_000,
      what: `the newest ${waveName} row to be a transition to Healthy`,
    });
    const rows = await rowCells();
    assert.equal(
      rows.filter(c => c[1] === waveName && /Healthy$/.test(c[2])).length,
      toHealthyBefore + 1,
      'exactly one new transition of wave 0 to Healthy',
    );
    // Newest first, across every wave.
    const times = rows.map(c => Date.parse(c[0]));
    assert.ok(
      times.every(t => !Number.isNaN(t)),
      `every row has a time: ${rows.map(c => c[0])}`,
    );
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'the timeline lists the newest transition first',
    );

    await timeline
      .getByTestId('time-to-healthy')
      .getByText(new RegExp(`^${escape(waveName)}: \\d`))
      .waitFor();

    await timeline.getByLabel('Filter by wave').selectOption('0');
    await expectEventually(
      async () => {
        const rows = await rowCells();
        return rows.length > 0 && rows.every(c => c[1] === waveName);
      },
      { timeout: 10_000, what: `only ${waveName} rows after filtering` },
    );

    // The page scrolls inside the app's frame: bring the timeline into view.
    await timeline
      .getByText('Time to Healthy in the last rollout')
      .scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/rollout-history.png` });
  }));
