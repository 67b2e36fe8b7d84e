// The security headers in a real browser: pages carry a strict content security policy and
// still hydrate, since the scripts Leptos writes into them carry the response's nonce; a
// script injected into a page does not run and the browser's report reaches the portal's
// log; and another site cannot frame the portal. That every form still works under the
// policy is shown by the other browser tests: each fails when the portal logged a report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hydrated, launchBrowser, signIn, startPortal } from '../support.mjs';

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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// Waits up to five seconds for the portal to log a report that `matches`, then takes the
/// reports out of the list, since this file provokes them on purpose.
async function reported(matches) {
  for (let i = 0; i < 50 && !portal.violations.some(matches); i += 1) await sleep(100);
  const seen = portal.violations.splice(0);
  return seen.some(matches);
}

function nonceOf(policy) {
  const found = /'nonce-([0-9a-f]{32})'/.exec(policy ?? '');
  assert.ok(found, `a nonce in the policy: ${policy}`);
  return found[1];
}

test('pages carry a strict policy with a nonce of their own, and still hydrate', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const first = await page.goto(`${portal.url}/login`);
  const headers = first.headers();
  const policy = headers['content-security-policy'];
  for (const directive of ["frame-ancestors 'none'", "form-action 'self'", "object-src 'none'", "base-uri 'none'", "style-src 'self'"]) {
    assert.ok(policy.includes(directive), `${directive} in ${policy}`);
  }
  assert.ok(!policy.includes('unsafe-inline') && !policy.includes("'unsafe-eval'"), policy);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'same-origin');
  assert.equal(headers['x-frame-options'], 'DENY');
  assert.equal(headers['cache-control'], 'no-store');
  await hydrated(page);

  // Every inline script Leptos wrote carries the response's nonce (the browser hides the
  // attribute from the DOM, but keeps it as the element's `nonce` property).
  const nonce = nonceOf(policy);
  const inline = await page.$$eval('script:not([src])', (scripts) => scripts.map((s) => s.nonce));
  assert.ok(inline.length > 0);
  assert.deepEqual(inline, inline.map(() => nonce));

  const again = await page.goto(`${portal.url}/login`);
  assert.notEqual(nonceOf(again.headers()['content-security-policy']), nonce, 'a new nonce for each response');

  // Signed in, a case page with its data scripts hydrates too.
  await signIn(page, portal.url, 'registrar@court.test');
  await page.waitForURL(`${portal.url}/cases`);
  const casePage = await page.goto(`${portal.url}/cases/1/compliance`);
  assert.equal(casePage.headers()['cache-control'], 'no-store');
  await hydrated(page);
  await page.getByRole('navigation', { name: 'This case' }).getByRole('link', { name: 'Docket' }).click();
  await hydrated(page);
  await page.waitForURL(`${portal.url}/cases/1/docket`);
  assert.deepEqual(await reported(() => true), false, 'no report from the pages themselves');
  await context.close();
});

test('a script injected into a page does not run, and the report reaches the portal', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${portal.url}/login`);
  await hydrated(page);
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true;';
    document.body.append(script);
  });
  assert.equal(await page.evaluate(() => window.injected), undefined);
  assert.ok(await reported((line) => line.includes('script-src')), 'the blocked script is reported');
  await context.close();
});

test('another site cannot frame the portal', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent(`<iframe src="${portal.url}/login"></iframe>`);
  await sleep(1000);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame, 'the frame exists');
  assert.equal(await frame.$('input[type=password]').catch(() => null), null, 'the login form is not shown in the frame');
  portal.violations.splice(0);
  await context.close();
});
