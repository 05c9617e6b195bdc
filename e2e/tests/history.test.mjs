// The Waves page's "Not in any wave" section. The loopback cluster serves two
// applications of no wave beside the snapshot's (e2e/loopbacks.ts): one
// without a wave label, one labelled 'three'.
import { test, before, after } from 'node:test';
import { launch, signInAsGuest, withFailureScreenshot } from '../browser.mjs';

let context;
let page;
before(async () => {
  context = await launch();
  page = await signInAsGuest(context);
});
after(async () => {
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
