// "Why is this waiting?": a wave-3 module that is not Healthy says, on the
// Waves page and on its Health card, that it waits on vault, the Degraded
// core service, with vault's own evidence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signInAsGuest, withFailureScreenshot } from '../browser.mjs';
import { loadSnapshot, screenshotDir } from '../snapshot.mjs';

const { apps, waves } = loadSnapshot();
const baseLayer = waves.find(w => w.name === 'BASE layer');
const waiting = apps.find(
  a =>
    Number(a.metadata.labels?.['base-layer.io/wave']) === baseLayer.id &&
    a.status?.health?.status !== 'Healthy',
).metadata.name;
let context;
let page;

before(async () => {
  context = await launch();
  page = await signInAsGuest(context);
});
after(async () => {
  await context?.close();
});

test(`the Waves page says ${waiting} waits on vault, and why vault is not Healthy`, async () => {
  await withFailureScreenshot(page, 'cause-chain-waves', async () => {
    await page
      .getByRole('link', { name: 'Waves' })
      .first()
      .click({ timeout: 60_000 });
    const wave = page.getByTestId(`wave-${baseLayer.id}`);
    await wave
      .getByText('Blocked', { exact: true })
      .waitFor({ timeout: 60_000 });
    await wave.getByRole('button').first().click();
    const row = wave.getByRole('row', { name: new RegExp(waiting) });
    const chain = row.getByTestId('cause-chain');
    await chain.waitFor({ timeout: 60_000 });
    const text = await chain.innerText();
    assert.match(
      text,
      new RegExp(`^${waiting} waits on vault → vault Degraded`),
    );
    assert.match(text, /Vault is sealed/);
    assert.equal(
      await wave.getByTestId('cause-chain').count(),
      1,
      'only the application that is not Healthy explains itself',
    );
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/waves-cause-chain.png` });
  });
});

test(`the Health card of ${waiting} says it waits on vault`, async () => {
  await withFailureScreenshot(page, 'cause-chain-health-card', async () => {
    await page.goto(
      new URL(`/catalog/default/component/${waiting}`, page.url()).toString(),
    );
    await page
      .getByTestId('cause-chain')
      .filter({ hasText: `${waiting} waits on vault → vault Degraded` })
      .first()
      .waitFor({ timeout: 60_000 });
  });
});
