import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signInAsGuest } from '../browser.mjs';
import { loadSnapshot, screenshotDir } from '../snapshot.mjs';

const { apps } = loadSnapshot();
const MODULE = 'data-ingestion';
const app = apps.find(a => a.metadata.name === MODULE);

let context;
let page;
before(async () => {
  context = await launch();
  page = await signInAsGuest(context);
});
after(async () => {
  await context?.close();
});

// An InfoCard, found by its title.
const card = title =>
  page.locator('.MuiCard-root', {
    has: page.locator('.MuiCardHeader-title').getByText(title, { exact: true }),
  });

test('a module page shows its wave, links grouped by dev and prod with tool health, Argo CD health and the Roadie card', async () => {
  await page.goto(
    new URL(`/catalog/default/component/${MODULE}`, page.url()).toString(),
  );
  await page.getByText('Data Ingestion').first().waitFor({ timeout: 60_000 });

  const module = card('Module');
  await module.getByText('3 · BASE layer').waitFor({ timeout: 60_000 });
  await module.getByText('base-data-ingestion').waitFor();

  // dev's loopback tools answer, prod's answer 503.
  const links = card('Links');
  const mlflow = links.getByRole('link', { name: /MLflow/ }).first();
  await mlflow.waitFor({ timeout: 60_000 });
  assert.match(
    await mlflow.getAttribute('href'),
    /^http:\/\/127\.0\.0\.1:\d+\/#\/experiments/,
  );
  await links
    .getByRole('link', { name: /Airflow/ })
    .first()
    .waitFor();
  await links
    .getByRole('link', { name: /Grafana/ })
    .first()
    .waitFor();
  await links
    .getByRole('link', { name: /Argo CD/ })
    .first()
    .waitFor();
  assert.ok((await links.getByText('up', { exact: true }).count()) >= 4);
  assert.ok((await links.getByText('down', { exact: true }).count()) >= 4);
  assert.equal(await links.locator('a[href^="javascript"]').count(), 0);
  // Grouped by environment: dev and prod, which have tools; staging has none
  // and is only named; aws is an overlay, not an environment.
  await links.getByText('dev', { exact: true }).waitFor();
  await links.getByText('prod', { exact: true }).waitFor();
  assert.equal(await links.getByText('aws', { exact: true }).count(), 0);
  await links
    .getByText('No tools configured for staging (baseLayer.tools)')
    .waitFor();
  assert.equal(
    await links.getByText('not configured', { exact: true }).count(),
    0,
  );

  const health = card('Health');
  await health.getByText(app.status.sync.status, { exact: true }).waitFor();
  await health.getByText(app.status.health.status, { exact: true }).waitFor();
  const revision = app.status.sync.revision ?? app.status.sync.revisions[0];
  await health.getByText(revision.slice(0, 7)).waitFor();

  // Roadie's cards read the same app through the backend proxy and the
  // loopback Argo CD: its overview, and its history with commit metadata.
  const paper = title =>
    page
      .getByText(title, { exact: true })
      .locator('xpath=ancestor::*[contains(@class,"MuiPaper-root")][1]');
  const overview = paper('ArgoCD overview');
  await overview.getByText(MODULE).first().waitFor({ timeout: 60_000 });
  await overview.getByText(app.status.health.status).first().waitFor();
  const history = paper('ArgoCD history');
  await history
    .getByText(/Platform Bot/)
    .first()
    .waitFor({ timeout: 60_000 });
  assert.equal(
    await page.getByText(/Error occurred while fetching/).count(),
    0,
  );

  await page.screenshot({
    path: `${screenshotDir}/module.png`,
    fullPage: true,
  });
});
