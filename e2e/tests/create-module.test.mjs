import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { launch, signInAsGuest, withFailureScreenshot } from '../browser.mjs';
import { root } from '../portal.mjs';
import { screenshotDir } from '../snapshot.mjs';

const TEMPLATE_DIR = path.join(root, 'templates/create-base-module');

/** The committed template directory as { 'relative/path': text }. */
function readTree(dir, prefix = '') {
  const files = {};
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) Object.assign(files, readTree(full, rel));
    else files[rel] = readFileSync(full, 'utf8');
  }
  return files;
}

let context;
let page;

before(async () => {
  context = await launch();
  // The Template Editor loads a template directory through the browser's
  // directory picker, a native dialog a headless browser cannot answer. The
  // picker is answered with a real FileSystemDirectoryHandle from the origin
  // private file system, filled with the committed template: everything
  // after it (editor, form, dry-run API, scaffolder backend, our actions) is
  // the real thing.
  await context.addInitScript(files => {
    window.showDirectoryPicker = async () => {
      const opfs = await navigator.storage.getDirectory();
      await opfs
        .removeEntry('create-base-module', { recursive: true })
        .catch(() => {});
      const dir = await opfs.getDirectoryHandle('create-base-module', {
        create: true,
      });
      for (const [name, text] of Object.entries(files)) {
        let parent = dir;
        const parts = name.split('/');
        for (const part of parts.slice(0, -1)) {
          parent = await parent.getDirectoryHandle(part, { create: true });
        }
        const file = await parent.getFileHandle(parts.at(-1), { create: true });
        const writable = await file.createWritable();
        await writable.write(text);
        await writable.close();
      }
      return dir;
    };
  }, readTree(TEMPLATE_DIR));
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
    await page.goto(new URL('/create/edit', page.url()).toString());
    await page.getByText('Load Template Directory').click({ timeout: 60_000 });
    await page.getByText('template.yaml').first().waitFor({ timeout: 60_000 });

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
