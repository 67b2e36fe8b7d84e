// The end of the 2022 story in a real browser. The demo carries it to the Registrar's
// report filed at 16:45 on 1 September 2022 and the court's decisions on it: the
// petitioners' counsel are served, download the report, and "verify my copy" matches; they
// read IEBC found to have complied with the server directive on the report, and their late
// request for all eight servers dismissed as out of time. Then the same steps by hand: the
// registrar previews (the 2022 figures) and files a public version 2 that supersedes it,
// IEBC reports compliance with directive 7, the judge assesses it from the report's page,
// citing it, and dismisses a late request out of time, after the registry stamps when it
// was lodged. Each person sees only what their role allows: the observer reads the public
// report only.
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

async function open(page, path) {
  await page.goto(`${portal.url}${path}`);
  await hydrated(page);
}

/// Downloads the newest report listed on the page; returns its bytes and the hash shown.
async function newestReport(page) {
  const entry = page.getByTestId('filed-reports').locator('li[id^="report-"]').first();
  const shown = (await entry.locator('dd.hash').first().textContent()).trim();
  assert.match(shown, /^[0-9a-f]{64}$/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    entry.getByRole('link', { name: /The report as filed/ }).click(),
  ]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return { bytes: Buffer.concat(chunks), shown, entry };
}

async function directivePath(page, label) {
  await open(page, '/cases/1/orders');
  await page.getByRole('link', { name: /Order on the application for scrutiny/ }).first().click();
  const link = page.getByRole('link', { name: `Directive ${label}`, exact: true }).first();
  await link.waitFor();
  return link.getAttribute('href');
}

test('the report is served and checked, and the court decides on it, each role seeing what it may', async () => {
  // The petitioners' counsel: served with the demo's report, which they download and check.
  const mwangi = await asUser('mwangi@counsel.test');
  await open(mwangi, '/notices');
  await mwangi.getByText(/Registrar's report on the scrutiny, version 1 \(directives 3, 7\)/).first().waitFor();
  await open(mwangi, '/cases/1/reports');
  await mwangi.getByText(/^filed 1 Sep 2022, 16:45 EAT by /).waitFor();
  assert.equal(await mwangi.getByRole('button', { name: 'Preview the draft' }).count(), 0);
  assert.equal(await mwangi.getByRole('link', { name: 'Assess compliance on this report' }).count(), 0);
  const served = await newestReport(mwangi);
  assert.equal(createHash('sha256').update(served.bytes).digest('hex'), served.shown);
  assert.match(served.bytes.toString(), /<td>Used<\/td><td class="num">9<\/td>/);
  await served.entry.getByRole('link', { name: /^EXH-CRT-\d+$/ }).click();
  await mwangi.waitForURL(/\/cases\/1\/evidence\/\d+$/);
  await hydrated(mwangi);
  await mwangi.getByLabel('Your copy').setInputFiles({ name: 'report.html', mimeType: 'text/html', buffer: served.bytes });
  await mwangi.getByTestId('verify-outcome').filter({ hasText: 'Match: your copy is identical' }).waitFor();

  // The court's decisions on it, as the demo carries them: the server directive complied.
  const servers = await directivePath(mwangi, '3');
  await open(mwangi, servers);
  const iebc = mwangi.getByTestId('obligations').locator('tr[data-party="IEBC"]');
  await iebc.locator('.status-complied').waitFor();
  await iebc.getByText('All 2 findings').click();
  const complied = iebc.locator('li', { hasText: /^Revised to complied, made 5 Sep 2022, 10:00 EAT/ });
  await complied.getByRole('link', { name: /^the Registrar's report, version 1, filed 1 Sep 2022, 16:45 EAT/ }).waitFor();
  // The late request for all eight servers: out of time, the deadline named.
  await mwangi.getByRole('link', { name: '“supervised access to the servers”' }).click();
  await mwangi.waitForURL(/\/cases\/1\/clarifications\/\d+$/);
  await mwangi.getByTestId('out-of-time').filter({
    hasText: 'the request was filed 2 Sep 2022, 09:30 EAT, after the deadline of 1 Sep 2022, 14:00 EAT',
  }).waitFor();

  // The observer: the report is for the parties; the citation reads, unlinked.
  const observer = await asUser('observer@lsk.test');
  await open(observer, '/cases/1/reports');
  await observer.getByText('No report has been filed in this case yet.').waitFor();
  await open(observer, servers);
  const seen = observer.getByTestId('obligations').locator('tr[data-party="IEBC"]');
  await seen.getByText('All 2 findings').click();
  await seen.getByText(/the Registrar's report, version 1, .* \(sealed from you\)/).waitFor();

  // The registrar previews a public report on directive 7 (the 2022 figures) and files it.
  const registrar = await asUser('registrar@court.test');
  await open(registrar, '/cases/1/tasks');
  await registrar.getByRole('link', { name: "Prepare the Registrar's report" }).click();
  await registrar.waitForURL(`${portal.url}/cases/1/reports`);
  await hydrated(registrar);
  await registrar.getByLabel(/^Directive 7 — /).check();
  await registrar.getByLabel(/^Public/).check();
  await registrar.getByRole('button', { name: 'Preview the draft' }).click();
  await registrar.waitForURL(/\/cases\/1\/reports\/draft\?/);
  await registrar.getByText(/^Draft generated/).waitFor();
  const bookTwo = registrar.locator('table', { has: registrar.getByText('Intact (unused)') }).locator('tbody tr');
  const rows = [];
  for (const row of await bookTwo.all()) rows.push(await row.locator('td').allTextContents());
  assert.deepEqual(rows, [['None found', '6'], ['Intact (unused)', '26'], ['Used', '9']]);
  await registrar.getByRole('heading', { name: /A blank Form 34A in the box \(1\)/ }).waitFor();
  await registrar.getByRole('button', { name: 'File this report' }).click();
  await registrar.waitForURL(/\/cases\/1\/reports#report-\d+$/);
  await hydrated(registrar);
  const second = registrar.getByTestId('filed-reports').locator('li[id^="report-"]').first();
  await second.getByRole('heading', { name: /Version 2/ }).waitFor();
  await second.getByText('Version 1', { exact: true }).waitFor();

  // The observer now reads the public version 2, and only that.
  await open(observer, '/cases/1/reports');
  const theirs = await newestReport(observer);
  assert.equal(createHash('sha256').update(theirs.bytes).digest('hex'), theirs.shown);
  assert.equal(await observer.getByTestId('filed-reports').locator('li[id^="report-"]').count(), 1);

  // IEBC reports compliance with directive 7; the judge assesses it from the report's page.
  const forms = await directivePath(registrar, '7');
  const gumbo = await asUser('gumbo@counsel.test');
  await open(gumbo, `/cases/1/responses/new?directive=${forms.split('/').pop()}`);
  await gumbo.getByLabel('Compliance report', { exact: true }).check();
  await gumbo.getByLabel('Title').fill('IEBC produced the Forms 32A and 34A Book 2');
  await gumbo.getByLabel('Text', { exact: true }).fill('The forms of the 41 stations were produced for scrutiny.');
  await gumbo.getByRole('button', { name: 'File the response' }).click();
  await gumbo.waitForURL(/\/cases\/1\/responses\/\d+$/);

  const judge = await asUser('judge@court.test');
  await open(judge, '/cases/1/reports');
  const onReport = judge.getByTestId('filed-reports').locator('li[id^="report-"]').first();
  await onReport.getByRole('link', { name: 'Assess compliance on this report' }).click();
  await judge.waitForURL(/\/cases\/1\/directives\/\d+\?report=\d+/);
  await hydrated(judge);
  const cell = judge.getByTestId('obligations').locator('tr[data-party="IEBC"]');
  await cell.getByText('Compliance reported').waitFor();
  const citation = cell.getByLabel("On the Registrar's report");
  assert.match(await citation.locator('option:checked').textContent(), /^the Registrar's report, version 2, filed /);
  await cell.getByLabel('Finding').selectOption({ label: 'Complied' });
  await cell.getByLabel('Reason').fill('The report records every one of the 41 stations inspected.');
  await cell.getByRole('button', { name: 'Record the assessment' }).click();
  await cell.locator('.status-complied').waitFor();
  await cell.getByText('When it was made').click();
  await cell.getByRole('link', { name: /^the Registrar's report, version 2, filed / }).waitFor();

  // A late request on directive 7: lodged on paper on 2 September, as the registry stamps
  // it; the judge dismisses it as out of time, on the report.
  await open(mwangi, forms);
  await mwangi.getByText('Ask the court to clarify this directive').click();
  await mwangi.getByLabel('The words in dispute, quoted from the directive').fill('Forms 32A');
  await mwangi.getByLabel('Question').fill('Do the Forms 32A include those of the 517 stations?');
  await mwangi.getByLabel('Grounds').fill('The petitioners asked for 517 stations.');
  await mwangi.getByLabel('Proposed interpretation').fill('All 517 stations.');
  await mwangi.getByRole('button', { name: 'Submit the request' }).click();
  await mwangi.waitForURL(/\/cases\/1\/clarifications\/\d+$/);
  const request = new URL(mwangi.url()).pathname;
  await open(registrar, request);
  await registrar.getByLabel("Lodged at the registry on paper at (court's time)").fill('2022-09-02T10:00');
  await registrar.getByRole('button', { name: "Record the registry's stamp" }).click();
  await registrar.getByText(/^lodged 2 Sep 2022, 10:00 EAT, recorded /).waitFor();
  await open(judge, request);
  await judge.getByLabel(/^Dismissed$/).check();
  await judge.getByLabel(/^Dismissed as out of time: filed after the deadline of 1 Sep 2022, 14:00 EAT/).check();
  const options = await judge.locator('#rule-report option').allTextContents();
  await judge.locator('#rule-report').selectOption({ label: options.find((o) => o.includes('version 2')) });
  await judge.getByLabel(/The court's words/).fill('The request came after the scrutiny closed.');
  await judge.getByRole('button', { name: 'Record the ruling' }).click();
  await judge.getByTestId('out-of-time').filter({
    hasText: 'the request was filed 2 Sep 2022, 10:00 EAT, after the deadline of 1 Sep 2022, 14:00 EAT set by directive 7 (version 2)',
  }).waitFor();
  await judge.getByRole('link', { name: /^the Registrar's report, version 2/ }).waitFor();
});
