import { launch, signInAsGuest } from './browser.mjs';
const ctx = await launch();
const page = await signInAsGuest(ctx);
await page.waitForTimeout(3000);
for (const [i, p] of (process.argv.slice(2)).entries()) {
  await page.goto('http://localhost:3000' + p);
  await page.waitForTimeout(6000);
  await page.screenshot({ path: `/tmp/shot${i}.png`, fullPage: true });
}
await ctx.close();
