// The Registrar's report in a real browser: the registrar chooses the directives from the
// task board, previews the draft (the 2022 figures: Book 2 none at 6, intact at 26, used at
// 9; 1 of the 8 servers), files it, and the petitioners' counsel are served: the notice,
// the report listed with its hash, and the downloaded copy matching it. The observer, for
// whom a parties-tier report is sealed, sees none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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

async function asUser(email) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, portal.url, email);
  await page.waitForURL(`${portal.url}/cases`);
  return page;
}

test('the registrar previews and files the report; counsel are served and their copy matches', async () => {
  const registrar = await asUser('registrar@court.test');
  await registrar.goto(`${portal.url}/cases/1/tasks`);
  await hydrated(registrar);
  await registrar.getByRole('link', { name: "Prepare the Registrar's report" }).click();
  await registrar.waitForURL(`${portal.url}/cases/1/reports`);
  await hydrated(registrar);
  await registrar.getByLabel(/^Directive 7 — /).check();
  await registrar.getByLabel(/^Directive 3 — /).check();
  await registrar.getByLabel(/^Parties/).check();
  await registrar.getByRole('button', { name: 'Preview the draft' }).click();
  await registrar.waitForURL(/\/cases\/1\/reports\/draft\?/);
  await registrar.getByText(/^Draft generated/).waitFor();
  const bookTwo = registrar.locator('table', { has: registrar.getByText('Intact (unused)') }).locator('tbody tr');
  const rows = [];
  for (const row of await bookTwo.all()) rows.push(await row.locator('td').allTextContents());
  assert.deepEqual(rows, [['None found', '6'], ['Intact (unused)', '26'], ['Used', '9']]);
  await registrar.getByText('1 of the 8 servers named').waitFor();
  await registrar.getByRole('heading', { name: /A blank Form 34A in the box \(1\)/ }).waitFor();

  await registrar.getByRole('button', { name: 'File this report' }).click();
  await registrar.waitForURL(/\/cases\/1\/reports#report-\d+$/);
  await hydrated(registrar);
  await registrar.getByRole('heading', { name: /Version 1/ }).waitFor();

  // The petitioners' counsel: the notice, then the report with its hash, and their copy.
  const mwangi = await asUser('mwangi@counsel.test');
  await mwangi.goto(`${portal.url}/notices`);
  await hydrated(mwangi);
  await mwangi.getByText(/Registrar's report on the scrutiny, version 1 \(directives 3, 7\)/).first().waitFor();
  await mwangi.goto(`${portal.url}/cases/1/reports`);
  await hydrated(mwangi);
  const shown = (await mwangi.getByTestId('filed-reports').locator('dd.hash').first().textContent()).trim();
  assert.match(shown, /^[0-9a-f]{64}$/);
  assert.equal(await mwangi.getByRole('button', { name: 'Preview the draft' }).count(), 0);
  const [download] = await Promise.all([
    mwangi.waitForEvent('download'),
    mwangi.getByRole('link', { name: /The report as filed/ }).click(),
  ]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  assert.equal(createHash('sha256').update(Buffer.concat(chunks)).digest('hex'), shown);

  // Sealed for the parties: the observer has no report to read.
  const observer = await asUser('observer@lsk.test');
  await observer.goto(`${portal.url}/cases/1/reports`);
  await hydrated(observer);
  await observer.getByText('No report has been filed in this case yet.').waitFor();
});
