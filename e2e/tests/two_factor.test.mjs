// Two-factor sign-in in a real browser: an administrator requires it of an account; its
// owner enrols an authenticator at their next sign-in (the QR code shows under the content
// security policy, the recovery codes are listed once); a wrong code is refused with the
// field marked; a recovery code signs in once; the court's demo accounts ask for a code.
// The second step is a page of the server's own, with no front end; the enrolment is walked
// at phone width with scripts off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, base32Key, hydrated, launchBrowser, signIn, startPortal, totp } from '../support.mjs';

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

const OBSERVER = 'observer@lsk.test';

async function passwordStep(page, email) {
  await page.goto(`${portal.url}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/login/two-factor');
}

test('an account an administrator requires it of enrols at its next sign-in', async () => {
  const admin = await browser.newPage();
  await signIn(admin, portal.url, 'admin@portal.test');
  await admin.waitForURL(`${portal.url}/cases`);
  await admin.goto(`${portal.url}/admin/users`);
  await hydrated(admin);
  const row = admin.getByRole('row').filter({ hasText: OBSERVER });
  await row.getByRole('button', { name: /^Require two-factor/ }).click();
  await row.getByText('Required: set up at next sign-in').waitFor();
  await admin.close();

  // At phone width, and with scripts off until the code is confirmed: the page works before
  // the wasm loads.
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await passwordStep(page, OBSERVER);
  await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
  const qr = page.getByRole('img', { name: /QR code/ });
  await qr.waitFor();
  const codes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
  assert.equal(codes.length, 10);
  for (const code of codes) assert.match(code, /^[a-z2-7]{6}(-[a-z2-7]{6}){3}$/);
  const key = base32Key(await page.getByTestId('two-factor-secret').textContent());
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'nothing runs off a phone screen');

  await page.getByLabel('Code').fill('000000' === totp(Math.floor(Date.now() / 30000), key) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await page.getByText('That code is not right', { exact: false }).waitFor();
  await page.getByLabel('Code').fill(totp(Math.floor(Date.now() / 30000), key));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await page.waitForURL(`${portal.url}/cases`);
  await context.close();

  const scripted = await browser.newContext();
  const again = await scripted.newPage();
  await passwordStep(again, OBSERVER);
  await again.getByText(`Signing in as ${OBSERVER}`, { exact: false }).waitFor();
  // A recovery code, typed as printed, signs in once.
  await again.getByLabel('Code').fill(codes[0]);
  await again.getByRole('button', { name: 'Verify' }).click();
  await again.waitForURL(`${portal.url}/cases`);
  await again.getByRole('button', { name: 'Sign out' }).click();
  await again.waitForURL(`${portal.url}/login`);
  await passwordStep(again, OBSERVER);
  await again.getByLabel('Code').fill(codes[0]);
  await again.getByRole('button', { name: 'Verify' }).click();
  await again.getByText('That code is not right', { exact: false }).waitFor();
  assert.equal(await again.getByLabel('Code').getAttribute('aria-invalid'), 'true');
  await scripted.close();
});

test('the enrolment QR code is an image the browser decodes under the policy', async () => {
  const admin = await browser.newPage();
  await signIn(admin, portal.url, 'admin@portal.test');
  await admin.waitForURL(`${portal.url}/cases`);
  await admin.goto(`${portal.url}/admin/users`);
  await hydrated(admin);
  const row = admin.getByRole('row').filter({ hasText: 'agent@iebc.test' });
  await row.getByRole('button', { name: /^Require two-factor/ }).click();
  await row.getByText('Required: set up at next sign-in').waitFor();
  await admin.close();
  const context = await browser.newContext();
  const page = await context.newPage();
  await passwordStep(page, 'agent@iebc.test');
  const qr = page.getByRole('img', { name: /QR code/ });
  await qr.waitFor();
  const width = await qr.evaluate((img) => img.complete && img.naturalWidth);
  assert.ok(width > 0, 'the QR code image loaded');
  await context.close();
});

test("the court's demo accounts ask for a code after the password", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, portal.url, 'judge@court.test');
  await page.waitForURL(`${portal.url}/cases`);
  await page.getByRole('link', { name: /E005/ }).first().waitFor();
  await context.close();
});
