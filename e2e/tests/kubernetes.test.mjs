import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { launch, signInAsGuest, withFailureScreenshot } from '../browser.mjs';
import { root } from '../portal.mjs';
import { screenshotDir } from '../snapshot.mjs';

const control = process.env.E2E_CONTROL_URL;
const MODULE = 'data-ingestion';

// Where the module runs, as its catalog entity tells the Kubernetes backend.
const { annotations } = parseAllDocuments(
  readFileSync(path.join(root, 'catalog/base-modules.yaml'), 'utf8'),
)
  .map(d => d.toJS())
  .find(e => e.metadata.name === MODULE).metadata;
const namespace = annotations['backstage.io/kubernetes-namespace'];
const selector = annotations['backstage.io/kubernetes-label-selector'];

/** What `kubectl get <resource> -n <namespace> -l <selector>` lists on the loopback base-layer cluster. */
async function kubectlGet(cluster, resourcePath) {
  const res = await fetch(
    `${cluster.url}${resourcePath}?labelSelector=${encodeURIComponent(
      selector,
    )}`,
    { headers: { Authorization: `Bearer ${cluster.token}` } },
  );
  assert.equal(res.status, 200);
  return (await res.json()).items.map(o => o.metadata.name);
}

let context;
let page;
let deployments;
let pods;
before(async () => {
  assert.ok(control, 'E2E_CONTROL_URL is set by e2e/run.mjs');
  const cluster = await fetch(`${control}/workloads`).then(r => r.json());
  deployments = await kubectlGet(
    cluster,
    `/apis/apps/v1/namespaces/${namespace}/deployments`,
  );
  pods = await kubectlGet(cluster, `/api/v1/namespaces/${namespace}/pods`);
  assert.equal(deployments.length, 1);
  assert.ok(pods.length > 0);
  context = await launch();
  page = await signInAsGuest(context);
});
after(async () => {
  await context?.close();
});

test("a module's Kubernetes tab shows its Deployment and pods on the base-layer cluster", () =>
  withFailureScreenshot(page, 'kubernetes', async () => {
    await page.goto(
      new URL(
        `/catalog/default/component/${MODULE}/kubernetes`,
        page.url(),
      ).toString(),
    );
    // An accordion per cluster, then one per Deployment inside it.
    const accordion = kind =>
      page.locator('.MuiAccordion-root', {
        has: page.getByText(kind, { exact: true }),
      });
    const cluster = accordion('Cluster').first();
    await cluster
      .getByText('base-layer', { exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    await cluster.getByText(`${pods.length} pods`).first().waitFor();
    await cluster.getByText('No pods with errors').first().waitFor();

    await cluster.locator('.MuiAccordionSummary-expandIcon').first().click();
    const deployment = accordion('Deployment').last();
    await deployment
      .getByText(deployments[0], { exact: true })
      .first()
      .waitFor();
    await deployment.locator('.MuiAccordionSummary-expandIcon').first().click();
    for (const pod of pods) {
      await deployment.getByText(pod, { exact: true }).waitFor();
    }
    assert.equal(
      await page.getByText(/There was a problem retrieving/).count(),
      0,
    );

    await page.screenshot({
      path: `${screenshotDir}/kubernetes.png`,
      fullPage: true,
    });
  }));
