import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signInAsGuest, withFailureScreenshot } from '../browser.mjs';
import { screenshotDir } from '../snapshot.mjs';
import {
  answerDirectoryPicker,
  loadTemplateDirectory,
} from '../templateEditor.mjs';

const MODULE = 'data-ingestion';

let context;
let page;

before(async () => {
  context = await launch();
  await answerDirectoryPicker(context, [
    'update-base-module',
    'retire-base-module',
  ]);
  page = await signInAsGuest(context);
});

after(async () => {
  await context?.close();
});

async function pullRequests() {
  const res = await fetch(`${process.env.E2E_CONTROL_URL}/github/pulls`);
  return res.json();
}

/** Picks the module in the form's BASE module EntityPicker. */
async function pickModule() {
  const picker = page.getByLabel('BASE module').first();
  await picker.click({ timeout: 60_000 });
  await picker.fill('ingestion');
  await page
    .getByRole('option', { name: /data-ingestion|Data Ingestion/i })
    .first()
    .click({ timeout: 30_000 });
  await page.waitForFunction(
    input => input.value !== '',
    await picker.elementHandle(),
    { timeout: 30_000 },
  );
}

/** Whether the page shows `text` somewhere (code blocks included). */
const shows = async text => (await page.getByText(text).count()) > 0;

test('Update BASE module dry-runs from the Template Editor and shows the diff of the prod overlay', () =>
  withFailureScreenshot(page, 'update-dry-run', async () => {
    const before = (await pullRequests()).length;
    await loadTemplateDirectory(page, 'update-base-module');
    await pickModule();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('prod CPU request').first().fill('1');
    await page.getByLabel('prod memory request').first().fill('2Gi');
    await page.getByRole('button', { name: 'Review' }).click();
    // The review lists the values before the dry run starts.
    await page.getByText('prod memory request').first().waitFor();
    await page.getByRole('button', { name: 'Create' }).click();

    await page.getByText('Dry-run results').waitFor({ timeout: 60_000 });
    await page.getByText('Result 1').waitFor();
    // The one changed file: the prod overlay, read from the GitOps repo.
    await page.getByText('platform-services', { exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Output' }).click();
    for (const line of [
      `${MODULE}\`: prod cpu 1, prod memory 2Gi`,
      `--- a/platform-services/kustomize/base-layer/${MODULE}/overlays/prod/kustomization.yaml`,
      '-          cpu: 500m',
      // The output tab shows the text as JSON, its quotes escaped.
      '+          cpu: \\"1\\"',
      '+          memory: 2Gi',
    ]) {
      assert.ok(await shows(line), `the output shows ${line}`);
    }
    await page.screenshot({
      path: `${screenshotDir}/update-module-dry-run.png`,
    });
    // A dry run opens no pull request.
    assert.equal((await pullRequests()).length, before);
  }));

test("Retire BASE module dry-runs from the Template Editor and lists the module's files for deletion", () =>
  withFailureScreenshot(page, 'retire-dry-run', async () => {
    const before = (await pullRequests()).length;
    await loadTemplateDirectory(page, 'retire-base-module');
    await pickModule();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    await page.getByText('Dry-run results').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Output' }).click();
    await page
      .getByText(`Retire BASE module ${MODULE}`)
      .first()
      .waitFor({ timeout: 30_000 });
    for (const file of [
      'data_ingestion/deployment.yaml',
      'data_ingestion/catalog-info.yaml',
      `platform-services/kustomize/base-layer/${MODULE}/overlays/prod/kustomization.yaml`,
      `argocd/applications/base-layer/${MODULE}-aws.yaml`,
      `platform-services/crossplane/iam/base-layer-${MODULE}.yaml`,
      `platform-services/vault/policies/base-layer-${MODULE}.hcl`,
      `platform-services/vault/kubernetes-roles/base-layer-${MODULE}.json`,
    ]) {
      assert.ok(await shows(`deleted: ${file}`), `${file} is to be deleted`);
    }
    await page.screenshot({
      path: `${screenshotDir}/retire-module-dry-run.png`,
    });
    assert.equal((await pullRequests()).length, before);
  }));
