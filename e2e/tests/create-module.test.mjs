import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signInAsGuest, withFailureScreenshot } from '../browser.mjs';
import { screenshotDir } from '../snapshot.mjs';
import {
  answerDirectoryPicker,
  loadTemplateDirectory,
} from '../templateEditor.mjs';

let context;
let page;

before(async () => {
  context = await launch();
  // The Template Editor's directory picker answers with the committed template.
  await answerDirectoryPicker(context, ['create-base-module']);
  page = await signInAsGuest(context);
});

after(async () => {
  await context?.close();
});

test('Create lists the Create BASE module template', async () => {
  await page.getByRole('link', { name: 'Create' }).first().click();
  await page
    .getByText('Create BASE module')
    .first()
    .waitFor({ timeout: 60_000 });
});

test('the template runs as a dry run from the Template Editor and generates the module', () =>
  withFailureScreenshot(page, 'dry-run', async () => {
    await loadTemplateDirectory(page, 'create-base-module');

    // Step 1: Module
    await page.getByLabel('Name').first().fill('data-lineage');
    await page
      .getByLabel('Description')
      .first()
      .fill('Tracks where data comes from');
    const owner = page.getByLabel('Owner').first();
    await owner.click();
    await owner.fill('platform');
    await page
      .getByRole('option', { name: /platform/i })
      .first()
      .click({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Next' }).click();
    // Step 2: Deployment, defaults (wave 3, aws/dev/prod)
    await page.getByRole('button', { name: 'Next' }).click();
    // Step 3: GitOps repository, defaults
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    await page.getByText('Dry-run results').waitFor({ timeout: 60_000 });
    await page.getByText('Result 1').waitFor();
    // The generated tree: the module's folder and the kustomize overlays.
    await page.getByText('data_lineage', { exact: true }).waitFor();
    await page.getByText('platform-services', { exact: true }).waitFor();
    // The README rendered from the skeleton, with the validated values.
    await page
      .getByText('**Namespace:** `base-data-lineage` on the base-layer cluster')
      .waitFor();
    await page.screenshot({
      path: `${screenshotDir}/create-module-dry-run.png`,
    });

    // The template's output: the pull request description lists every file.
    await page.getByRole('tab', { name: 'Output' }).click();
    for (const file of [
      'data_lineage/deployment.yaml',
      'platform-services/kustomize/base-layer/data-lineage/overlays/prod/kustomization.yaml',
      'data_lineage/catalog-info.yaml',
      'argocd/applications/base-layer/data-lineage-aws.yaml',
      'platform-services/crossplane/iam/base-layer-data-lineage.yaml',
      'platform-services/vault/policies/base-layer-data-lineage.hcl',
    ]) {
      assert.ok(
        (await page.getByText(file).count()) > 0,
        `${file} is listed in the dry run's output`,
      );
    }
  }));
