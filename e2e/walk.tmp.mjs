import { hydrated, launchBrowser, signIn, startPortal } from './support.mjs';
const portal = await startPortal();
const browser = await launchBrowser();
const shot = async (page, name) => { await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true }); };
try {
  for (const [email, width] of [['registrar@court.test', 390], ['registrar@court.test', 1200]]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await signIn(page, portal.url, email);
    await page.waitForURL(`${portal.url}/cases`);
    for (const [name, path] of [['new-response', '/cases/1/responses/new?directive=3'], ['responses', '/cases/1/directives/3'], ['notices', '/notices'], ['compliance', '/cases/1/compliance'], ['docket', '/cases/1/docket']]) {
      await page.goto(`${portal.url}${path}`);
      await hydrated(page);
      await shot(page, `${name}-${width}`);
    }
    // The demo's paper report.
    await page.goto(`${portal.url}/cases/1/directives/3`);
    await hydrated(page);
    const link = page.getByRole('link', { name: "IEBC's report on access to the servers" });
    await link.click();
    await page.waitForURL(/responses\/\d+$/);
    await shot(page, `report-${width}`);
    await context.close();
  }
} finally {
  await browser.close();
  await portal.stop();
}
