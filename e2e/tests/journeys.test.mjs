// Each role's journey through the foundation, in a real browser against the release build.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hydrated, launchBrowser, signIn, startPortal, PASSWORD } from '../support.mjs';

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

describe('signing in', () => {
  test('a bad password is refused with one message, then the right one lets counsel in', async () => {
    const page = await browser.newPage();
    await signIn(page, portal.url, 'gumbo@counsel.test', 'not the right password');
    await page.getByRole('alert').filter({ hasText: 'The e-mail or password is not right.' }).waitFor();
    assert.match(page.url(), /\/login/);

    // The form is posted by the browser itself, so the page comes back whole: the e-mail is
    // typed again.
    await page.getByLabel('E-mail').fill('gumbo@counsel.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${portal.url}/cases`);
    await page.getByTestId('current-user').filter({ hasText: 'Eric Gumbo' }).waitFor();
    await page.close();
  });

  test('the login form works before (and without) the wasm', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${portal.url}/login`);
    await page.getByLabel('E-mail').fill('observer@lsk.test');
    await page.getByLabel('Password').fill('wrong password again');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The e-mail or password is not right.').waitFor();
    await page.getByLabel('E-mail').fill('observer@lsk.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${portal.url}/cases`);
    await page.getByText('Presidential Election Petition E005 of 2022').waitFor();
    await context.close();
  });
});

describe('cases', () => {
  test('counsel see only their own case, and move around without reloading the page', async () => {
    const page = await browser.newPage();
    await signIn(page, portal.url, 'mwangi@counsel.test');
    await page.waitForURL(`${portal.url}/cases`);
    const list = page.getByTestId('case-list');
    await list.waitFor();
    assert.deepEqual(await list.locator('.case-number').allTextContents(), ['Presidential Election Petition E005 of 2022']);

    // A marker set on the window survives only if no full page load happens.
    await page.evaluate(() => { window.__stillTheSamePage = true; });
    let loads = 0;
    page.on('load', () => { loads += 1; });
    await list.getByRole('link', { name: 'Presidential Election Petition E005 of 2022' }).click();
    await page.getByTestId('current-case').waitFor();
    await page.getByRole('cell', { name: /Eric Gumbo/ }).waitFor();
    await page.getByRole('link', { name: 'My cases' }).click();
    await page.getByTestId('case-list').waitFor();
    assert.equal(await page.evaluate(() => window.__stillTheSamePage), true);
    assert.equal(loads, 0);

    // The court-only second case is not merely unlisted: it does not exist for counsel.
    const response = await page.goto(`${portal.url}/cases/2`);
    assert.equal(response.status(), 404);
    await page.close();
  });
});

describe('administration', () => {
  test('an admin creates a case, adds a party and a member, who then sees the case', async () => {
    const page = await browser.newPage();
    await signIn(page, portal.url, 'admin@portal.test');
    await page.waitForURL(`${portal.url}/cases`);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();

    // A mistake first: the field says what is wrong, and nothing is created.
    await page.getByLabel('Case number').fill('Presidential Election Petition E005 of 2022');
    await page.getByLabel('Title').fill('A duplicate');
    await page.getByLabel('Filing date').fill('2022-08-23');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByText('A case with this number already exists.').waitFor();

    await page.getByLabel('Case number').fill('Election Petition E009 of 2022');
    await page.getByLabel('Title').fill('Test Petitioner v IEBC');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByRole('heading', { name: 'Election Petition E009 of 2022' }).waitFor();
    await hydrated(page);

    await page.locator('#party-name').fill('Independent Electoral and Boundaries Commission');
    await page.locator('#party-short_name').fill('iebc');
    await page.locator('#party-role').selectOption('respondent');
    await page.getByRole('button', { name: 'Add party' }).click();
    await page.getByTestId('party-list').getByRole('cell', { name: 'IEBC', exact: true }).waitFor();
    // The form is cleared for the next party.
    assert.equal(await page.locator('#party-name').inputValue(), '');
    assert.equal(await page.locator('#party-short_name').inputValue(), '');

    await page.getByLabel('E-mail of the account').fill('gumbo@counsel.test');
    await page.locator('#member-role').selectOption('counsel');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByText('Counsel, representatives and agents act for a party.', { exact: false }).waitFor();
    await page.locator('#member-party').selectOption({ label: 'IEBC (Independent Electoral and Boundaries Commission)' });
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByTestId('member-list').getByRole('cell', { name: 'Eric Gumbo' }).waitFor();
    assert.equal(await page.getByLabel('E-mail of the account').inputValue(), '');
    await page.close();

    const counsel = await browser.newPage();
    await signIn(counsel, portal.url, 'gumbo@counsel.test');
    await counsel.waitForURL(`${portal.url}/cases`);
    await counsel.getByRole('link', { name: 'Election Petition E009 of 2022' }).waitFor();
    await counsel.close();
  });
});

describe('signing out', () => {
  test('sign out ends the session; pages then ask to sign in', async () => {
    const page = await browser.newPage();
    await signIn(page, portal.url, 'registrar@court.test');
    await page.waitForURL(`${portal.url}/cases`);
    await hydrated(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${portal.url}/login`);
    await page.goto(`${portal.url}/cases`);
    await page.waitForURL(/\/login\?next=%2Fcases/);
    await page.close();
  });
});
