// Every page of the demo at a phone's width (390 px): no sideways scrolling, and no WCAG 2.2
// A/AA violation that axe-core finds. Pages are found by following the demo's own links, so
// pages added later are walked too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { appLinks, hydrated, launchBrowser, signIn, startPortal } from '../support.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const PHONE = { width: 390, height: 844 };
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

let portal;
let browser;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

/// Visits every page reachable from /cases for `email`, at phone width, and returns the
/// problems found on each.
async function walk(email) {
  const context = await browser.newContext({ viewport: PHONE });
  // axe-core comes as an init script, which the page's content security policy does not
  // govern: a script tag added to the page would be blocked, and rightly.
  await context.addInitScript({ path: AXE });
  const page = await context.newPage();
  await signIn(page, portal.url, email);
  await page.waitForURL(`${portal.url}/cases`);
  const seen = new Set();
  const queue = ['/cases', '/notices'];
  const problems = [];
  while (queue.length > 0 && seen.size < 80) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const response = await page.goto(`${portal.url}${path}`);
    if (!response || response.status() >= 400) continue;
    await hydrated(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${path}: scrolls sideways by ${overflow} px`);
    const violations = await page.evaluate(async (tags) => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help} — ${v.nodes[0]?.target.join(' ')}`);
    }, WCAG);
    for (const v of violations) problems.push(`${path}: ${v}`);
    for (const next of await appLinks(page)) {
      if (!seen.has(next) && next !== '/logout') queue.push(next);
    }
  }
  await context.close();
  return { pages: seen.size, problems };
}

describe('phones', () => {
  for (const email of ['registrar@court.test', 'gumbo@counsel.test', 'observer@lsk.test', 'admin@portal.test', 'officer1@court.test', 'agent.wekesa@azimio.test']) {
    test(`every page ${email} reaches fits 390 px and passes axe-core`, async (t) => {
      const { pages, problems } = await walk(email);
      t.diagnostic(`${pages} pages walked`);
      assert.ok(pages >= 8, `only ${pages} pages reached`);
      assert.deepEqual(problems, []);
    });
  }
});
