import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signInAsGuest } from '../browser.mjs';
import { loadSnapshot, screenshotDir } from '../snapshot.mjs';

const { waves } = loadSnapshot();
let context;
let page;

before(async () => {
  context = await launch();
  page = await signInAsGuest(context);
});
after(async () => {
  await context?.close();
});

test('the demo snapshot has a Degraded wave followed by later waves', () => {
  const degraded = waves.findIndex(w => w.degraded.length > 0);
  assert.ok(degraded >= 0 && degraded < waves.length - 1);
});

test('Waves, from the sidebar, lists every wave in order with its counts, one Degraded and the next Blocked', async () => {
  await page
    .getByRole('link', { name: 'Waves' })
    .first()
    .click({ timeout: 60_000 });
  await page.getByRole('heading', { name: 'Waves', level: 1 }).waitFor();

  const headings = page.locator('[data-testid^="wave-"] h3');
  await headings.nth(waves.length - 1).waitFor({ timeout: 60_000 });
  assert.deepEqual(
    await headings.allInnerTexts(),
    waves.map(w => `Wave ${w.id} · ${w.name}`),
  );

  for (const wave of waves) {
    const row = page.getByTestId(`wave-${wave.id}`);
    await row.getByText(`${wave.healthy}/${wave.total} healthy`).waitFor();
  }

  const degradedIndex = waves.findIndex(w => w.degraded.length > 0);
  const degraded = waves[degradedIndex];
  const next = waves[degradedIndex + 1];
  await page
    .getByTestId(`wave-${degraded.id}`)
    .getByText('Degraded', { exact: true })
    .waitFor();
  const blocked = page.getByTestId(`wave-${next.id}`);
  await blocked.getByText('Blocked', { exact: true }).waitFor();
  await blocked
    .getByText(`Wave ${degraded.id} (${degraded.name}) is Degraded`)
    .waitFor();

  await page.screenshot({ path: `${screenshotDir}/waves.png` });
});

test('a wave expands to its applications with sync, health and a link to the entity', async () => {
  const degraded = waves.find(w => w.degraded.length > 0);
  const row = page.getByTestId(`wave-${degraded.id}`);
  await row.getByRole('button').first().click();
  const table = row.getByRole('table');
  await table.waitFor();
  const appRow = table.getByRole('row', {
    name: new RegExp(degraded.degraded[0]),
  });
  await appRow.getByText('Degraded').waitFor();
  await appRow.getByText('Synced').waitFor();
  assert.ok(
    await appRow
      .getByRole('link', { name: new RegExp(degraded.degraded[0], 'i') })
      .count(),
    'the application links to its catalog entity',
  );
  await page.screenshot({
    path: `${screenshotDir}/waves-expanded.png`,
    fullPage: true,
  });
});
