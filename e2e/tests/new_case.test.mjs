// A case set up from scratch through the pages only, at a phone's width, as a new
// administrator, registrar and counsel would: Kenya's 2017 presidential petition, with a
// court-only directive (the password matrix). IEBC's counsel reports compliance with its
// annex; the registrar records the petitioners' paper letter with its scan and finds the
// directive complied; the petitioners' counsel sees nothing of the court-only directive
// anywhere. Every page walked must fit 390 px without sideways scrolling.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hydrated, launchBrowser, signIn, startPortal } from '../support.mjs';

const PHONE = { width: 390, height: 844 };
const NUMBER = 'Presidential Election Petition 1 of 2017';
const OPEN = 'The 1st respondent shall give the petitioners read-only access to its servers, under the Registrar\u2019s supervision.';
const SECRET = 'The 1st respondent shall give the court a certified copy of the password matrix of its servers.';
const PARTIES = [
  ['Raila Amolo Odinga', 'ODINGA', 'Petitioner'],
  ['Stephen Kalonzo Musyoka', 'MUSYOKA', 'Petitioner'],
  ['Independent Electoral and Boundaries Commission', 'IEBC', 'Respondent'],
  ['Wafula Chebukati', 'CHEBUKATI', 'Respondent'],
  ['Uhuru Muigai Kenyatta', 'KENYATTA', 'Respondent'],
];
const MEMBERS = [
  ['registrar@court.test', 'Registrar', null],
  ['judge@court.test', 'Judge', null],
  ['gumbo@counsel.test', 'Counsel', 'IEBC'],
  ['mwangi@counsel.test', 'Counsel', 'ODINGA'],
  ['observer@lsk.test', 'Observer', null],
];

let portal;
let browser;
const overflows = [];

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

async function asUser(email) {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, portal.url, email);
  await page.waitForURL(`${portal.url}/cases`);
  return page;
}

/// Opens `path`, waits for the wasm, and notes the page if it scrolls sideways.
async function open(page, path) {
  const response = await page.goto(`${portal.url}${path}`);
  await hydrated(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) overflows.push(`${path}: ${overflow} px`);
  return response;
}

test('a new case runs from scratch at phone width, and its sealing holds', async () => {
  // The administrator creates the case, its five parties and its members.
  const admin = await asUser('admin@portal.test');
  await open(admin, '/admin/cases');
  await admin.getByLabel('Case number').fill(NUMBER);
  await admin.getByLabel('Title', { exact: true }).fill('Raila Amolo Odinga & another v Independent Electoral and Boundaries Commission & 2 others');
  await admin.getByLabel('Filing date').fill('2017-08-18');
  await admin.getByRole('button', { name: 'Create case' }).click();
  // Creating a case opens its page, to add its parties and members.
  await admin.waitForURL(/\/admin\/cases\/\d+$/);
  const adminCase = new URL(admin.url()).pathname;
  const caseId = adminCase.split('/').pop();
  await open(admin, adminCase);
  await admin.getByRole('heading', { name: NUMBER }).waitFor();
  for (const [name, short, role] of PARTIES) {
    await admin.locator('#party-name').fill(name);
    await admin.locator('#party-short_name').fill(short);
    await admin.locator('#party-role').selectOption({ label: role });
    await admin.getByRole('button', { name: 'Add party' }).click();
    await admin.getByTestId('party-list').getByRole('cell', { name: short, exact: true }).waitFor();
    // The form is cleared for the next party.
    assert.equal(await admin.locator('#party-name').inputValue(), '');
  }
  for (const [email, role, party] of MEMBERS) {
    await admin.getByLabel('E-mail of the account').fill(email);
    await admin.locator('#member-role').selectOption({ label: role });
    if (party) {
      const name = PARTIES.find((p) => p[1] === party)[0];
      await admin.locator('#member-party').selectOption({ label: `${party} (${name})` });
    }
    await admin.getByRole('button', { name: 'Add member' }).click();
    await admin.getByTestId('member-list').getByRole('cell', { name: email }).waitFor();
  }

  // The registrar records the order: one directive for the parties, one for the court only.
  const registrar = await asUser('registrar@court.test');
  await open(registrar, `/cases/${caseId}/orders`);
  await registrar.getByLabel('Title').fill('Order for scrutiny and inspection');
  await registrar.getByLabel("Made on (court's time)").fill('2017-08-28T16:00');
  await registrar.getByLabel('Bench').fill('Maraga CJ and five others');
  await registrar.getByRole('button', { name: 'Record the draft' }).click();
  await registrar.waitForURL(new RegExp(`/cases/${caseId}/orders/\\d+$`));
  await hydrated(registrar);
  for (const [label, text, courtOnly] of [['1', OPEN, false], ['3', SECRET, true]]) {
    await registrar.getByLabel('Number, as the order gives it').fill(label);
    await registrar.getByLabel('Text', { exact: true }).fill(text);
    await registrar.getByLabel('IEBC — Independent Electoral and Boundaries Commission').check();
    await registrar.getByLabel('Office responsible for IEBC').fill('Chief Executive Officer');
    await registrar.getByLabel("Deadline (court's time)").fill('2017-08-31T17:00');
    if (courtOnly) await registrar.getByLabel(/^Court only/).check();
    await registrar.getByRole('button', { name: 'Add the directive' }).click();
    await registrar.getByRole('link', { name: `Directive ${label}`, exact: true }).waitFor();
    // The form is cleared, its sealing back to the default, for the next directive.
    assert.equal(await registrar.getByLabel('Number, as the order gives it').inputValue(), '');
    assert.equal(await registrar.getByLabel(/^Court only/).isChecked(), false);
  }
  await registrar.getByText('Issue the order…').click();
  await registrar.getByRole('button', { name: 'Issue the order', exact: true }).click();
  await registrar.getByText(/Issued and filed as docket entry \d+/).waitFor();
  const secret = await registrar.getByRole('link', { name: 'Directive 3', exact: true }).first().getAttribute('href');
  const secretId = secret.split('/').pop();
  const open1 = await registrar.getByRole('link', { name: 'Directive 1', exact: true }).first().getAttribute('href');
  await open(registrar, `/cases/${caseId}/orders`);

  // IEBC's counsel reports compliance with the court-only directive: only "Court only" is
  // offered, already chosen, and the annex goes in with the report.
  const gumbo = await asUser('gumbo@counsel.test');
  await open(gumbo, `/cases/${caseId}/responses/new?directive=${secretId}`);
  await gumbo.getByLabel('Compliance report', { exact: true }).check();
  assert.equal(await gumbo.locator('input[name="tier"]').count(), 1);
  assert.equal(await gumbo.getByLabel(/^Court only/).isChecked(), true);
  await gumbo.getByLabel('Title').fill('IEBC delivers the password matrix');
  await gumbo.getByLabel('Text', { exact: true }).fill('The certified copy was delivered to the Registrar under seal.');
  await gumbo.getByLabel(/^File \(/).setInputFiles({ name: 'matrix-cover.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% cover letter\n%%EOF\n') });
  await gumbo.getByRole('button', { name: 'File the response' }).click();
  await gumbo.waitForURL(new RegExp(`/cases/${caseId}/responses/\\d+$`));
  await gumbo.getByRole('heading', { name: 'IEBC delivers the password matrix' }).waitFor();
  const report = new URL(gumbo.url()).pathname;
  await gumbo.getByRole('link', { name: 'EXH-IEBC-001' }).waitFor();
  await open(gumbo, report);

  // The petitioners' letter on the open directive reached the registry on paper.
  await open(registrar, `/cases/${caseId}/responses/new?directive=${open1.split('/').pop()}`);
  const odinga = await registrar.locator('#response-party option', { hasText: 'ODINGA' }).getAttribute('value');
  await registrar.getByLabel("Filed by (for a party's paper filing)").selectOption(odinga);
  await registrar.getByLabel('Objection', { exact: true }).check();
  await registrar.getByLabel('Received at the registry').fill('2017-08-30T10:00');
  await registrar.getByLabel('Title').fill('Access was refused at the gate');
  await registrar.getByLabel('Text', { exact: true }).fill('Our agents were kept out of the server room.');
  await registrar.getByLabel(/^File \(/).setInputFiles({ name: 'odinga-letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% letter\n%%EOF\n') });
  await registrar.getByRole('button', { name: 'File the response' }).click();
  await registrar.waitForURL(new RegExp(`/cases/${caseId}/responses/\\d+$`));
  await registrar.getByText('30 Aug 2017, 10:00').first().waitFor();
  await registrar.getByRole('link', { name: 'EXH-ODINGA-001' }).waitFor();

  // The registrar finds the court-only directive complied, at phone width.
  await open(registrar, secret);
  const row = registrar.getByTestId('obligations').locator('tr[data-party="IEBC"]');
  await row.getByText('Compliance reported').waitFor();
  await row.getByLabel('Finding').selectOption({ label: 'Complied' });
  await row.getByLabel('Reason').fill('The certified copy was received under seal.');
  await row.getByRole('button', { name: 'Record the assessment' }).click();
  await row.locator('.status-complied').waitFor();
  for (const path of ['docket', 'evidence', 'compliance']) await open(registrar, `/cases/${caseId}/${path}`);
  await registrar.getByTestId('matrix').getByText('Complied').waitFor();

  // The petitioners' counsel sees the open directive and their own letter, and nothing of
  // the court-only directive: no text, no report, no exhibit, no count, no notice.
  const mwangi = await asUser('mwangi@counsel.test');
  // The demo case is theirs too, with an EXH-IEBC-001 and a directive 3 they may read: the
  // notices of every case are checked for this case's own words only.
  const ofThisCase = ['password matrix', 'IEBC delivers', 'EXH-IEBC-001', 'matrix-cover', 'Directive 3', '2 directives'];
  for (const [path, words] of [
    [`/cases/${caseId}`, ofThisCase], [`/cases/${caseId}/orders`, ofThisCase], [`/cases/${caseId}/docket`, ofThisCase],
    [`/cases/${caseId}/evidence`, ofThisCase], [`/cases/${caseId}/compliance`, ofThisCase],
    [`/cases/${caseId}/tasks`, ofThisCase], [`/notices?case=${caseId}`, ofThisCase],
    ['/notices', ['IEBC delivers', 'matrix-cover', 'certified copy of the password matrix']],
  ]) {
    await open(mwangi, path);
    const text = await mwangi.locator('body').innerText();
    for (const secretWord of words) {
      assert.ok(!text.includes(secretWord), `${path} shows "${secretWord}" to the petitioners' counsel`);
    }
  }
  await open(mwangi, `/cases/${caseId}/docket`);
  await mwangi.getByTestId('docket').getByText('Objection (ODINGA) on directive 1: Access was refused at the gate (received at the registry)').waitFor();
  assert.equal((await open(mwangi, report)).status(), 404);
  assert.equal((await open(mwangi, secret)).status(), 404);

  // The observer, at the same width, sees the order but no party's filing.
  const observer = await asUser('observer@lsk.test');
  await open(observer, `/cases/${caseId}/docket`);
  await observer.getByTestId('docket').getByText('Order: Order for scrutiny and inspection').waitFor();
  assert.equal(await observer.getByText('Access was refused at the gate').count(), 0);

  assert.deepEqual(overflows, []);
});
