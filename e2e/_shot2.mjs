import { launch, signInAsGuest } from './browser.mjs';
const ctx = await launch();
const page = await signInAsGuest(ctx);
await page.waitForTimeout(2000);
await page.goto(
  'http://localhost:3000/catalog/default/component/data-ingestion',
);
await page.waitForTimeout(6000);
const t = await page.locator('main').innerText();
const i = t.indexOf('\nModule\n');
console.log(t.slice(i, i + 600));
const html = await page.content();
const j = html.indexOf('>Module<');
console.log(html.slice(j, j + 3000));
await ctx.close();
