import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  backendUrl,
  guestToken,
  launch,
  signInAsGuest,
  withFailureScreenshot,
} from '../browser.mjs';
import { screenshotDir } from '../snapshot.mjs';

const MODULE = 'data-ingestion';
const FILE = `argocd/applications/base-layer/${MODULE}-aws.yaml`;

let context;
let page;
before(async () => {
  context = await launch();
  page = await signInAsGuest(context);
});
after(async () => {
  await context?.close();
});

/** The module's Argo CD history as the revisions route answers it. */
async function revisions() {
  const res = await fetch(
    `${backendUrl}/api/base-layer/entities/component/default/${MODULE}/revisions`,
    { headers: { authorization: `Bearer ${await guestToken()}` } },
  );
  assert.equal(res.status, 200);
  return (await res.json()).applications[0];
}

async function pullRequests() {
  const res = await fetch(`${process.env.E2E_CONTROL_URL}/github/pulls`);
  return res.json();
}

test('Roll back opens the template with the module prefilled; the pull request changes only targetRevision', () =>
  withFailureScreenshot(page, 'rollback', async () => {
    const app = await revisions();
    assert.ok(app.history.length >= 3, 'the module has a history to pick from');
    const [, previous] = app.history;

    // Within the app, without a reload, so the guest session carries over.
    await page.evaluate(path => {
      window.history.pushState({}, '', path);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, `/catalog/default/component/${MODULE}`);
    await page
      .getByRole('button', { name: 'Roll back' })
      .click({ timeout: 60_000 });

    // The template's form, with the module from the page.
    await page
      .getByText('Roll back BASE module')
      .first()
      .waitFor({ timeout: 60_000 });
    const url = new URL(page.url());
    assert.equal(
      url.pathname,
      '/create/templates/default/rollback-base-module',
    );
    assert.deepEqual(JSON.parse(url.searchParams.get('formData')), {
      entity: `component:default/${MODULE}`,
    });
    // EntityPicker shows the entity once the catalog answered.
    const entity = page.getByLabel('BASE module').first();
    await entity.waitFor();
    await page.waitForFunction(
      input => input.value !== '',
      await entity.elementHandle(),
      { timeout: 30_000 },
    );
    assert.match(await entity.inputValue(), /data-ingestion|Data Ingestion/);

    // The picker lists the history newest first, the running one marked.
    const radios = page.getByRole('radio');
    await radios.first().waitFor({ timeout: 30_000 });
    assert.deepEqual(
      await radios.evaluateAll(inputs => inputs.map(i => i.value)),
      app.history.map(h => h.revision),
    );
    await page.getByText('deployed now').waitFor();
    await page.getByText(previous.revision.slice(0, 7)).click();
    assert.ok(
      await page
        .locator(`input[type=radio][value="${previous.revision}"]`)
        .isChecked(),
    );
    await page.screenshot({ path: `${screenshotDir}/rollback-form.png` });

    const before = (await pullRequests()).length;
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    // The task ends with a link to the pull request and the diff.
    await page
      .getByRole('link', { name: 'Pull request' })
      .first()
      .waitFor({ timeout: 60_000 });
    await page
      .getByText(`targetRevision: ${previous.revision}`)
      .first()
      .waitFor();

    const pulls = await pullRequests();
    assert.equal(pulls.length, before + 1);
    const pr = pulls.at(-1);
    assert.deepEqual(Object.keys(pr.files), [FILE]);
    assert.equal(
      pr.title,
      `Roll back BASE module ${MODULE} to ${previous.revision}`,
    );
    // Each source of the GitOps repo (the module folder and its overlay)
    // changes in its targetRevision line, and nothing else.
    const changed = pr.body.split('\n').filter(line => /^[-+] /.test(line));
    assert.deepEqual(changed, [
      '-      targetRevision: main',
      `+      targetRevision: ${previous.revision}`,
      '-      targetRevision: main',
      `+      targetRevision: ${previous.revision}`,
    ]);
  }));
