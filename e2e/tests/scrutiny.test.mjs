// The first half of the 2022 story in a real browser: the registrar records an order;
// IEBC's counsel asks what "forensically imaged" means and the petitioners' counsel opposes;
// the registrar records Smartmatic's letter; the petitioners object ("1 of 8 servers");
// IEBC reports compliance citing an exhibit; the registrar finds it partly complied; the
// judge varies directive 7. The matrix, the word diff of directive 7 and the docket show
// it all, each person seeing only what their role allows.
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

async function asUser(email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, portal.url, email);
  await page.waitForURL(`${portal.url}/cases`);
  return page;
}

/// The text of every page of the demo case's docket, following its "Next" links.
async function wholeDocket(page) {
  const pages = [];
  for (let n = 1; ; n += 1) {
    await open(page, `/cases/1/docket?page=${n}`);
    pages.push(await page.getByTestId('docket').innerText());
    if ((await page.getByRole('link', { name: 'Next →' }).count()) === 0) return pages.join('\n');
  }
}

async function open(page, path) {
  await page.goto(`${portal.url}${path}`);
  await hydrated(page);
}

const ORDER = 'Order for scrutiny (browser test)';
const SERVERS = 'The 1st respondent shall give the parties\u2019 agents supervised access to the servers, which shall be forensically imaged to capture a copy of Form 34C.';
const FORMS = 'The 1st respondent shall produce for scrutiny the Forms 32A and the Forms 34A of the polling stations requested by the petitioners.';
const VARIED = 'The 1st respondent shall produce for scrutiny the Forms 32A and the Forms 34A (Book 2) of the 41 polling stations listed in the petitioners\u2019 affidavit.';

async function addDirective(page, label, text) {
  await page.getByLabel('Number, as the order gives it').fill(label);
  await page.getByLabel('Text', { exact: true }).fill(text);
  await page.getByLabel('IEBC — Independent Electoral and Boundaries Commission').check();
  await page.getByLabel('Office responsible for IEBC').fill('Chief Executive Officer');
  await page.getByLabel("Window opens (optional, court's time)").fill('2022-08-30T14:00');
  await page.getByLabel("Deadline (court's time)").fill('2022-09-01T14:00');
  await page.getByLabel('Limits it sets').fill('Two agents per party, under the Registrar\u2019s supervision');
  await page.getByRole('button', { name: 'Add the directive' }).click();
  await page.getByRole('link', { name: `Directive ${label}`, exact: true }).waitFor();
}

async function directiveUrl(page, label) {
  const href = await page.getByRole('link', { name: `Directive ${label}`, exact: true }).first().getAttribute('href');
  return href;
}

async function askToClarify(page, quote, question) {
  await page.getByText('Ask the court to clarify this directive').click();
  await page.getByLabel('The words in dispute, quoted from the directive').fill(quote);
  await page.getByLabel('Question').fill(question);
  await page.getByLabel('Grounds').fill('The parties cannot agree what the words require.');
  await page.getByLabel('Proposed interpretation').fill('The narrower reading.');
  await page.getByRole('button', { name: 'Submit the request' }).click();
  await page.waitForURL(/\/cases\/1\/clarifications\/\d+$/);
  await page.getByTestId('clarification-state').filter({ hasText: 'Filed' }).waitFor();
  return page.url();
}

async function fileResponse(page, directivePath, { kind, thirdParty, party, receivedAt, file, fileForgotten, title, body, exhibits }) {
  const directiveId = directivePath.split('/').pop();
  await open(page, `/cases/1/responses/new?directive=${directiveId}`);
  await page.getByLabel(kind, { exact: true }).check();
  if (thirdParty) await page.getByLabel("Third party who wrote (for a third party's letter)").fill(thirdParty);
  if (party) {
    const value = await page.locator('#response-party option', { hasText: party }).getAttribute('value');
    await page.getByLabel("Filed by (for a party's paper filing)").selectOption(value);
  }
  if (receivedAt) await page.getByLabel('Received at the registry').fill(receivedAt);
  const attach = () => page.getByLabel(/^File \(/).setInputFiles({ name: file.name, mimeType: 'application/pdf', buffer: Buffer.from(file.content) });
  if (file && !fileForgotten) await attach();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Text', { exact: true }).fill(body);
  if (exhibits) await page.getByLabel('Exhibits cited').fill(exhibits);
  if (fileForgotten) {
    // Refused in place, with what was typed kept; then sent again with the file.
    await page.getByRole('button', { name: 'File the response' }).click();
    await page.getByText('Upload the scan of the paper filing').waitFor();
    assert.equal(await page.getByLabel('Title').inputValue(), title);
    await attach();
  }
  await page.getByRole('button', { name: 'File the response' }).click();
  await page.waitForURL(/\/cases\/1\/responses\/\d+$/);
  await page.getByRole('heading', { name: title }).waitFor();
}

test('the first half of the 2022 story runs through the portal, each role seeing what it may', async () => {
  // The registrar records the order, directive by directive, and issues it.
  const registrar = await asUser('registrar@court.test');
  await open(registrar, '/cases/1/orders');
  await registrar.getByLabel('Title').fill(ORDER);
  await registrar.getByLabel("Made on (court's time)").fill('2022-08-30T11:00');
  await registrar.getByLabel('Bench').fill('Koome CJ and six others');
  await registrar.getByRole('button', { name: 'Record the draft' }).click();
  await registrar.waitForURL(/\/cases\/1\/orders\/\d+$/);
  await hydrated(registrar);
  await addDirective(registrar, '3', SERVERS);
  await addDirective(registrar, '7', FORMS);
  // Issuing asks first, and says who will be notified.
  await registrar.getByText('Issue the order…').click();
  await registrar.getByText(/notifies \d+ members/).waitFor();
  await registrar.getByRole('listitem').filter({ hasText: 'Eric Gumbo, Counsel for IEBC' }).waitFor();
  await registrar.getByRole('button', { name: 'Issue the order', exact: true }).click();
  await registrar.getByText(/Issued and filed as docket entry \d+/).waitFor();
  const servers = await directiveUrl(registrar, '3');
  const forms = await directiveUrl(registrar, '7');

  // IEBC's counsel asks what "forensically imaged" means; the words are marked in place.
  const gumbo = await asUser('gumbo@counsel.test');
  await open(gumbo, servers);
  const request = await askToClarify(gumbo, 'forensically imaged', 'Does it mean an image of the entire server?');
  assert.equal(await gumbo.locator('mark').first().textContent(), 'forensically imaged');

  // The registrar invites responses; the petitioners' counsel opposes.
  await open(registrar, new URL(request).pathname);
  await registrar.getByLabel("Responses close at (court's time)").fill('2099-01-01T17:00');
  await registrar.getByRole('button', { name: 'Open for responses' }).click();
  await registrar.getByTestId('clarification-state').filter({ hasText: 'Open for responses' }).waitFor();
  const mwangi = await asUser('mwangi@counsel.test');
  await open(mwangi, new URL(request).pathname);
  await mwangi.getByLabel('Opposes').check();
  await mwangi.getByLabel('Response', { exact: true }).fill('The order is plain: the servers are to be imaged.');
  await mwangi.getByRole('button', { name: 'File the response' }).click();
  await mwangi.getByTestId('clarification-responses').getByText('ODINGA — Opposes').waitFor();

  // The registrar records Smartmatic's letter; the petitioners object.
  await fileResponse(registrar, servers, {
    kind: "Third party's letter",
    thirdParty: 'Smartmatic International Holding B.V.',
    title: 'Smartmatic declines to provide server images',
    body: 'Images would disclose source code, certificates and encryption keys; logs are offered instead.',
    exhibits: 'EXH-SMARTMATIC-001',
  });
  // Their letter reached the registry on paper: the registrar records it with its scan,
  // first forgetting the scan, which is refused in place with the fields kept.
  await fileResponse(registrar, servers, {
    kind: 'Objection',
    party: 'ODINGA',
    receivedAt: '2022-08-31T18:30',
    fileForgotten: true,
    file: { name: 'odinga-letter.pdf', content: '%PDF-1.4\n% the petitioners\' letter of 31 August\n%%EOF\n' },
    title: 'Only 1 of 8 servers was opened to us',
    body: 'IEBC has not complied with directive 3.',
  });
  await registrar.getByText(/Received at the registry/).first().waitFor();
  await registrar.getByText('31 Aug 2022, 18:30').first().waitFor();
  await registrar.getByRole('link', { name: /^EXH-ODINGA-\d+$/ }).waitFor();

  // IEBC reports compliance, citing its exhibit; the registrar finds it partly complied.
  await fileResponse(gumbo, servers, {
    kind: 'Compliance report',
    title: 'IEBC reports supervised access given',
    body: 'Access was given on 31 August under supervision.',
    exhibits: 'EXH-IEBC-001',
    file: { name: 'iebc-annex.pdf', content: '%PDF-1.4\n% IEBC annex on the servers\n%%EOF\n' },
  });
  // The annex went in with it, as IEBC's next exhibit, cited beside EXH-IEBC-001.
  await gumbo.getByRole('link', { name: 'EXH-IEBC-001' }).waitFor();
  await gumbo.getByRole('link', { name: /^EXH-IEBC-00[4-9]$/ }).waitFor();
  await open(registrar, servers);
  const row = registrar.getByTestId('obligations').locator('tr[data-party="IEBC"]');
  await row.getByText('Compliance reported').waitFor();
  await row.getByLabel('Finding').selectOption({ label: 'Partly complied' });
  await row.getByLabel('Reason').fill('Access to 1 of 8 servers only.');
  // A finding cannot be dated before the report it answers, which was filed here today:
  // refused with the reason shown, then recorded as made now.
  await row.getByLabel('Made by the court (if not now)').fill('2022-09-01T16:00');
  await row.getByRole('button', { name: 'Record the assessment' }).click();
  await registrar.getByText(/cannot be before the latest report on it was filed/).waitFor();
  await row.getByLabel('Made by the court (if not now)').fill('');
  await row.getByLabel('Finding').selectOption({ label: 'Partly complied' });
  await row.getByRole('button', { name: 'Record the assessment' }).click();
  await row.locator('.status-partly_complied').waitFor();
  await row.getByText('When it was made').click();
  await row.getByText(/^Partly complied, made \d+ \w+ 20\d\d/).waitFor();

  // The judge varies directive 7, on a request the parties could not agree on.
  await open(mwangi, forms);
  const formsRequest = await askToClarify(mwangi, 'the polling stations requested by the petitioners', 'Which stations: the 229, the 238 or the 517?');
  const judge = await asUser('judge@court.test');
  await open(judge, new URL(formsRequest).pathname);
  await judge.getByLabel(/^Varied/).check();
  await judge.getByLabel(/The court's words/).fill('Scrutiny is limited to Forms 32A and 34A Book 2 for 41 polling stations.');
  await judge.getByText("For a variation: the directive's new terms").click();
  await judge.getByLabel('Text', { exact: true }).fill(VARIED);
  await judge.getByRole('button', { name: 'Record the ruling' }).click();
  await judge.getByTestId('clarification-state').filter({ hasText: 'Ruled: varied' }).waitFor();

  // The word diff of directive 7: what was struck and what was added.
  await open(gumbo, forms);
  const diff = gumbo.getByTestId('diff');
  await diff.waitFor();
  assert.match(await diff.locator('del').allTextContents().then((t) => t.join(' ')), /requested by/);
  assert.match(await diff.locator('ins').allTextContents().then((t) => t.join(' ')), /41 .*listed in/);
  assert.match(await gumbo.getByTestId('directive-text').first().textContent(), /\(Book 2\) of the 41 polling stations/);

  // The matrix: IEBC partly complied on 3 with the report and its two exhibits, a request
  // pending on 3, and directive 7 at its second version, back to pending.
  await open(mwangi, '/cases/1/compliance');
  const matrix = mwangi.getByTestId('matrix');
  const three = matrix.locator('tr', { has: mwangi.getByRole('link', { name: 'Directive 3' }) }).filter({ hasText: ORDER });
  await three.getByText('Partly complied').waitFor();
  await three.getByText('Clarification pending').waitFor();
  await three.getByText('2 exhibits').waitFor();
  const seven = matrix.locator('tr', { has: mwangi.getByRole('link', { name: 'Directive 7' }) }).filter({ hasText: ORDER });
  await seven.getByText('v2', { exact: true }).waitFor();
  await seven.getByText('Pending', { exact: true }).waitFor();

  // The docket has every step; the observer sees the order but none of the parties' filings.
  const docket = await wholeDocket(mwangi);
  for (const text of [
    `Order: ${ORDER}`,
    "Third party's letter (Smartmatic International Holding B.V.) on directive 3: Smartmatic declines to provide server images",
    'Objection (ODINGA) on directive 3: Only 1 of 8 servers was opened to us',
    'Compliance report (IEBC) on directive 3: IEBC reports supervised access given',
    `Directive 7 of ${ORDER}: version 2 (varied by a ruling)`,
  ]) {
    assert.ok(docket.includes(text), text);
  }
  // The demo order went through the same steps: its entries and this test's.
  for (const text of ['Request for clarification (IEBC) of directive 3: \u201cforensically imaged\u201d',
    'Directive 3 (IEBC): partly complied', 'Ruling on the request for clarification of directive 7: varied (version 2)']) {
    assert.equal(docket.split(text).length - 1, 2, text);
  }
  const observer = await asUser('observer@lsk.test');
  const observed = await wholeDocket(observer);
  assert.ok(observed.includes(`Order: ${ORDER}`));
  assert.ok(!observed.includes('Compliance report (IEBC)'));
  assert.ok(!observed.includes('Objection (ODINGA)'));
  await open(observer, '/cases/1/compliance');
  await observer.getByTestId('matrix').waitFor();
  assert.equal(await observer.getByText('IEBC reports supervised access given').count(), 0);
  assert.equal(await observer.getByText('Clarification pending').count(), 0);

  // The petitioners never see the court-only security-policy directive of the demo order.
  await open(mwangi, '/cases/1/compliance');
  assert.equal(await mwangi.getByText(/password matrix/).count(), 0);
  await open(gumbo, '/cases/1/compliance');
  await gumbo.getByText(/password matrix/).first().waitFor();
});
