// The second half of the 2022 story in a real browser, on a case set up from nothing, as
// the people of the case would carry it: the order recorded and directive 7 varied; the 41
// tasks pasted from the affidavit and a server access task; the petitioners' agent sent;
// the first station sat and found with its photograph in the evidence register, verified
// by the registrar; the registrar previews and files the report (Book 2: 6 none, 26
// intact, 9 used; 1 of the 8 servers); the petitioners' counsel are served, download it,
// and "verify my copy" matches; the judge assesses the server directive complied, citing
// the report; the petitioners' late request is dismissed as out of time. The observer
// reads none of it: the report is for the parties. The petitioners' counsel then walk the
// case's pages at a phone's width.
//
// Forty of the stations are sat and found through the same endpoints the task page's
// forms post to, with the officer's and the registrar's own sessions: each is the first
// station's steps again, and a browser filling 200 forms would test nothing more.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { hydrated, launchBrowser, signIn, startPortal } from '../support.mjs';

const NUMBER = 'Presidential Election Petition E105 of 2022';
const SERVERS = 'The 1st respondent shall give the parties\u2019 agents supervised access to the servers, which shall be forensically imaged to capture a copy of Form 34C.';
const FORMS = 'The 1st respondent shall produce for scrutiny the Forms 32A and the Forms 34A of the polling stations requested by the petitioners.';
const VARIED = 'The 1st respondent shall produce for scrutiny the Forms 32A and the Forms 34A (Book 2) of the 41 polling stations listed in the petitioners\u2019 affidavit.';
const MEMBERS = [
  ['registrar@court.test', 'Registrar', null],
  ['judge@court.test', 'Judge', null],
  ['officer1@court.test', 'Scrutiny officer', null],
  ['gumbo@counsel.test', 'Counsel', 'IEBC'],
  ['mwangi@counsel.test', 'Counsel', 'ODINGA'],
  ['observer@lsk.test', 'Observer', null],
];
/// The other 40 stations' Book 2, in affidavit order: with the first station's "used",
/// the 2022 figures.
const BOOK_2 = [
  ...Array(8).fill('used'), ...Array(6).fill('none'), ...Array(26).fill('intact'),
];

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

/// Posts `form` to a server function as `page`'s person, as the page's own form would.
async function call(page, endpoint, form) {
  const response = await page.request.post(`${portal.url}/api/${endpoint}`, {
    form,
    headers: { origin: portal.url },
  });
  const text = await response.text();
  assert.equal(response.status(), 200, `${endpoint}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function taskDetail(page, caseId, taskId) {
  return call(page, 'tasks/detail', { case_id: caseId, task_id: taskId });
}

/// One station's work through the endpoints: scheduled, sat, found, signed.
async function sitAndFind(registrar, officer, caseId, taskId, officerId, hour, finding) {
  const slot = (h) => `2022-08-31T${String(h).padStart(2, '0')}:00`;
  let detail = await taskDetail(registrar, caseId, taskId);
  await call(registrar, 'tasks/schedule', {
    case_id: caseId, task_id: taskId, revision: detail.task.revision,
    starts: slot(hour), ends: slot(hour + 1), venue: 'Supreme Court annex, Milimani',
    [`officers[${officerId}]`]: 'on',
  });
  detail = await taskDetail(officer, caseId, taskId);
  await call(officer, 'tasks/record_sitting', {
    case_id: caseId, task_id: taskId, revision: detail.task.revision,
    started: `2022-08-31T${String(hour).padStart(2, '0')}:05`, ended: `2022-08-31T${String(hour).padStart(2, '0')}:50`,
    [`officers[${officerId}]`]: 'on',
    'item_label[r1]': 'Ballot box 1 of 1', 'seal_found[r1]': `KE ${1200000 + taskId}`, 'seal_applied[r1]': `KE ${3400000 + taskId}`,
    refused: '', observations: 'Opened and inspected; resealed.',
  });
  detail = await taskDetail(officer, caseId, taskId);
  await call(officer, 'tasks/submit_finding', {
    case_id: caseId, task_id: taskId, revision: detail.task.revision, notes: '', exhibits: '', ...finding,
  });
  await call(officer, 'tasks/sign_finding', { case_id: caseId, task_id: taskId, version: '1', signature: 'agree', remark: '' });
}

async function verify(registrar, caseId, taskId) {
  const detail = await taskDetail(registrar, caseId, taskId);
  await call(registrar, 'tasks/step', {
    case_id: caseId, task_id: taskId, revision: detail.task.revision, step: 'verify', reason: '',
  });
}

async function addDirective(page, label, text) {
  await page.getByLabel('Number, as the order gives it').fill(label);
  await page.getByLabel('Text', { exact: true }).fill(text);
  await page.getByLabel('IEBC — Independent Electoral and Boundaries Commission').check();
  await page.getByLabel('Office responsible for IEBC').fill('Chief Executive Officer');
  await page.getByLabel("Window opens (optional, court's time)").fill('2022-08-30T14:00');
  await page.getByLabel("Deadline (court's time)").fill('2022-09-01T14:00');
  await page.getByLabel('Agents each party may send to a task').fill('2');
  await page.getByRole('button', { name: 'Add the directive' }).click();
  await page.getByRole('link', { name: `Directive ${label}`, exact: true }).waitFor();
}

test('the second half of the 2022 story runs on a new case, each role seeing what it may', async () => {
  // The administrator opens the case, with the 2022 register of polling stations.
  const admin = await asUser('admin@portal.test');
  await open(admin, '/admin/cases');
  await admin.getByLabel('Case number').fill(NUMBER);
  await admin.getByLabel('Title', { exact: true }).fill('Raila Amolo Odinga v Independent Electoral and Boundaries Commission');
  await admin.getByLabel('Filing date').fill('2022-08-22');
  await admin.getByRole('button', { name: 'Create case' }).click();
  await admin.waitForURL(/\/admin\/cases\/\d+$/);
  const adminCase = new URL(admin.url()).pathname;
  const caseId = adminCase.split('/').pop();
  const base = `/cases/${caseId}`;
  await open(admin, adminCase);
  for (const [name, short, role] of [
    ['Raila Amolo Odinga', 'ODINGA', 'Petitioner'],
    ['Independent Electoral and Boundaries Commission', 'IEBC', 'Respondent'],
  ]) {
    await admin.locator('#party-name').fill(name);
    await admin.locator('#party-short_name').fill(short);
    await admin.locator('#party-role').selectOption({ label: role });
    await admin.getByRole('button', { name: 'Add party' }).click();
    await admin.getByTestId('party-list').getByRole('cell', { name: short, exact: true }).waitFor();
  }
  for (const [email, role, party] of MEMBERS) {
    await admin.getByLabel('E-mail of the account').fill(email);
    await admin.locator('#member-role').selectOption({ label: role });
    if (party) {
      const value = await admin.locator('#member-party option', { hasText: `${party} (` }).first().getAttribute('value');
      await admin.locator('#member-party').selectOption(value);
    }
    await admin.getByRole('button', { name: 'Add member' }).click();
    await admin.getByTestId('member-list').getByRole('cell', { name: email }).waitFor();
  }
  const register = await admin.locator('#register-election option', { hasText: 'Kenya general election' }).first().getAttribute('value');
  await admin.locator('#register-election').selectOption(register);
  await admin.getByRole('button', { name: 'Use this register' }).click();
  await admin.getByText(/checked against the register of Kenya general election/).waitFor();

  // The registrar records the order of 30 August and issues it.
  const registrar = await asUser('registrar@court.test');
  await open(registrar, `${base}/orders`);
  await registrar.getByLabel('Title').fill('Order on the application for scrutiny');
  await registrar.getByLabel("Made on (court's time)").fill('2022-08-30T11:00');
  await registrar.getByLabel("Registrar's report due (court's time; optional)").fill('2022-09-01T17:00');
  await registrar.getByLabel('Bench').fill('Koome CJ and six others');
  await registrar.getByRole('button', { name: 'Record the draft' }).click();
  await registrar.waitForURL(new RegExp(`${base}/orders/\\d+$`));
  await hydrated(registrar);
  await addDirective(registrar, '3', SERVERS);
  await addDirective(registrar, '7', FORMS);
  await registrar.getByText('Issue the order…').click();
  await registrar.getByRole('button', { name: 'Issue the order', exact: true }).click();
  await registrar.getByText(/Issued and filed as docket entry \d+/).waitFor();
  const servers = await registrar.getByRole('link', { name: 'Directive 3', exact: true }).first().getAttribute('href');
  const forms = await registrar.getByRole('link', { name: 'Directive 7', exact: true }).first().getAttribute('href');

  // The petitioners ask which stations directive 7 covers; the judge varies it to 41.
  const mwangi = await asUser('mwangi@counsel.test');
  await open(mwangi, forms);
  await mwangi.getByText('Ask the court to clarify this directive').click();
  await mwangi.getByLabel('The words in dispute, quoted from the directive').fill('the polling stations requested by the petitioners');
  await mwangi.getByLabel('Question').fill('Which stations: the 229, the 238 or the 517?');
  await mwangi.getByLabel('Grounds').fill('The parties cannot agree how directive 7 applies.');
  await mwangi.getByLabel('Proposed interpretation').fill('All the stations in the petitioners\u2019 requests.');
  await mwangi.getByRole('button', { name: 'Submit the request' }).click();
  await mwangi.waitForURL(new RegExp(`${base}/clarifications/\\d+$`));
  const judge = await asUser('judge@court.test');
  await open(judge, new URL(mwangi.url()).pathname);
  await judge.getByLabel(/^Varied/).check();
  await judge.getByLabel(/The court's words/).fill('Scrutiny is limited to the Forms 32A and 34A Book 2 of the 41 stations.');
  await judge.getByText("For a variation: the directive's new terms").click();
  await judge.getByLabel('Text', { exact: true }).fill(VARIED);
  await judge.getByRole('button', { name: 'Record the ruling' }).click();
  await judge.getByTestId('clarification-state').filter({ hasText: 'Ruled: varied' }).waitFor();

  // The 41 stations of the affidavit (the demo case's, from the same register), pasted.
  await open(registrar, '/cases/1/tasks');
  const demoSeven = await registrar.locator('#filter-directive option', { hasText: 'Directive 7 (' }).first().getAttribute('value');
  await open(registrar, `/cases/1/tasks?directive=${demoSeven}`);
  const about = await registrar.getByTestId('task-list').locator('td[data-label="About"]').allTextContents();
  const codes = about.map((t) => t.match(/^\d{15}/)?.[0]).filter(Boolean);
  assert.equal(codes.length, 41);
  await open(registrar, `${base}/tasks/new`);
  await registrar.locator('#tasks-directive').selectOption(forms.split('/').pop());
  await registrar.getByLabel('Inspect forms', { exact: true }).check();
  await registrar.locator('#tasks-form-form_34a_book_2').check();
  await registrar.locator('#tasks-form-form_32a').check();
  await registrar.getByLabel('Polling station codes').fill(codes.join('\n'));
  await registrar.getByRole('button', { name: 'Preview the tasks' }).click();
  await registrar.getByTestId('task-preview').getByText('41 of 41 lines are ready').waitFor();
  await registrar.getByRole('button', { name: 'Create 41 tasks' }).click();
  await registrar.waitForURL(new RegExp(`${base}/tasks\\?directive=\\d+`));
  await hydrated(registrar);
  await registrar.getByText('41 tasks', { exact: true }).waitFor();
  const board = await call(registrar, 'tasks/board', { case_id: caseId, directive: forms.split('/').pop() });
  const stations = board.rows.map((r) => r.id).sort((a, b) => a - b);
  assert.equal(stations.length, 41);

  // And the server access of directive 3, one task.
  await open(registrar, `${base}/tasks/new`);
  await registrar.locator('#one-directive').selectOption(servers.split('/').pop());
  await registrar.locator('#one-kind').selectOption('server_access');
  await registrar.locator('#one-scope').selectOption('server');
  await registrar.locator('#one-server').fill('IEBC results transmission servers (eight named in the order)');
  await registrar.getByRole('button', { name: 'Create the task' }).click();
  await registrar.waitForURL(new RegExp(`${base}/tasks/\\d+$`));
  const serverTask = Number(new URL(registrar.url()).pathname.split('/').pop());

  // The first station: scheduled; the petitioners nominate and send their agent.
  const firstPath = `${base}/tasks/${stations[0]}`;
  await open(registrar, firstPath);
  await registrar.getByLabel("Starts (court's time)").fill('2022-08-30T17:00');
  await registrar.getByLabel("Ends (court's time)").fill('2022-08-30T19:00');
  await registrar.getByLabel('Grace Wanjiru').check();
  await registrar.getByRole('button', { name: 'Save the schedule' }).click();
  await registrar.getByTestId('task-state').filter({ hasText: 'Scheduled' }).waitFor();
  await open(mwangi, `${base}/agents`);
  await mwangi.getByLabel('Full name').fill('Otieno Were');
  await mwangi.getByLabel('ID number').fill('31567890');
  await mwangi.getByLabel('Telephone').fill('+254 722 555 666');
  await mwangi.getByRole('button', { name: 'Nominate the agent' }).click();
  await mwangi.getByTestId('agent-list').getByText('Otieno Were').waitFor();
  await open(mwangi, firstPath);
  await mwangi.getByLabel("Send your party's agent").selectOption({ label: 'Otieno Were' });
  await mwangi.getByRole('button', { name: 'Send the agent' }).click();
  await mwangi.getByTestId('task-agents').getByText('Otieno Were (ODINGA)').waitFor();

  // The officer photographs the box, sits with the agent present, and finds Book 2 used
  // and a blank Form 34A among the ballots, citing the photograph.
  const officer = await asUser('officer1@court.test');
  await open(officer, `${base}/evidence/new`);
  await officer.getByLabel('Title').fill(`Ballot box of ${codes[0]}, opened`);
  await officer.getByLabel('Kind').selectOption({ label: 'Photograph' });
  await officer.getByLabel('Polling station code (if any)').fill(codes[0]);
  await officer.getByRole('button', { name: 'Record the item' }).click();
  await officer.waitForURL(new RegExp(`${base}/evidence/\\d+$`));
  // The item's page may still be loading its code: wait for its heading, not the form's.
  const exhibit = (await officer.getByRole('heading', { level: 1, name: /EXH-/ }).textContent()).match(/EXH-[A-Z]+-\d+/)[0];
  await officer.getByLabel('File', { exact: true }).setInputFiles({
    name: 'box.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'),
  });
  await officer.getByRole('button', { name: 'Upload' }).click();
  await officer.getByText('File added.').waitFor();
  await open(officer, firstPath);
  await officer.getByLabel("Started (court's time)").fill('2022-08-30T17:05');
  await officer.getByLabel("Ended (court's time)").fill('2022-08-30T18:50');
  await officer.locator('#sittings-heading ~ form').getByLabel('Grace Wanjiru').check();
  await officer.getByLabel('Otieno Were (ODINGA)').check();
  await officer.locator('#item-label-r1').fill('Ballot box 1 of 1');
  await officer.locator('#item-found-r1').fill('KE 0771234');
  await officer.locator('#item-applied-r1').fill('KE 0779876');
  await officer.getByRole('button', { name: 'Record the sitting' }).click();
  await officer.getByTestId('task-state').filter({ hasText: 'In progress' }).waitFor();
  await officer.getByLabel('Used', { exact: true }).check();
  await officer.locator('#finding-32a-present').check();
  await officer.getByLabel('A blank Form 34A in the box').check();
  await officer.getByLabel('Evidence cited (exhibit codes)').fill(exhibit);
  await officer.getByRole('button', { name: 'Submit the findings' }).click();
  await officer.getByTestId('task-state').filter({ hasText: 'Findings submitted' }).waitFor();
  await officer.getByRole('button', { name: 'Sign', exact: true }).click();
  await officer.getByTestId('finding-signatures').getByText('Grace Wanjiru').waitFor();
  await open(registrar, firstPath);
  await registrar.getByLabel('Verify the findings').check();
  await registrar.getByRole('button', { name: 'Record the step' }).click();
  await registrar.getByTestId('task-state').filter({ hasText: 'Verified' }).waitFor();

  // The other forty stations and the servers, the same steps through the same endpoints.
  const officerId = (await taskDetail(registrar, caseId, stations[1])).officer_choices
    .find((c) => c.label.startsWith('Grace Wanjiru')).value;
  for (const [i, taskId] of stations.slice(1).entries()) {
    await sitAndFind(registrar, officer, caseId, taskId, officerId, 7 + Math.floor(i / 4), { book_2: BOOK_2[i], form_32a: 'present' });
  }
  await sitAndFind(registrar, officer, caseId, serverTask, officerId, 10, {
    servers_named: '8', servers_made_available: '1',
    refused: 'Access to 7 of the 8 servers: declined by Smartmatic International Holding B.V., the third party that holds them.',
  });

  // Not all verified yet: the draft says which are missing and offers no filing.
  await open(registrar, `${base}/reports`);
  await registrar.getByLabel(/^Directive 3 — /).check();
  await registrar.getByLabel(/^Directive 7 — /).check();
  await registrar.getByRole('button', { name: 'Preview the draft' }).click();
  await registrar.waitForURL(new RegExp(`${base}/reports/draft\\?`));
  const missing = await registrar.getByTestId('report-missing').innerText();
  assert.ok(missing.includes(codes[1]), missing);
  assert.equal(await registrar.getByRole('button', { name: 'File this report' }).count(), 0);
  for (const taskId of [...stations.slice(1), serverTask]) await verify(registrar, caseId, taskId);

  // Verified, the draft reads the 2022 figures, and the registrar files it.
  await registrar.reload();
  const bookTwo = registrar.locator('table', { has: registrar.getByText('Intact (unused)') }).locator('tbody tr');
  const rows = [];
  for (const row of await bookTwo.all()) rows.push(await row.locator('td').allTextContents());
  assert.deepEqual(rows, [['None found', '6'], ['Intact (unused)', '26'], ['Used', '9']]);
  await registrar.getByRole('heading', { name: /A blank Form 34A in the box \(1\)/ }).waitFor();
  await registrar.getByText(exhibit).first().waitFor();
  await registrar.getByText(/1 of the 8 servers/).first().waitFor();
  await registrar.getByRole('button', { name: 'File this report' }).click();
  await registrar.waitForURL(new RegExp(`${base}/reports#report-\\d+$`));
  await hydrated(registrar);
  await registrar.getByTestId('filed-reports').getByRole('heading', { name: /Version 1/ }).waitFor();

  // The petitioners' counsel are served: the notice, the report, and their copy matches.
  await open(mwangi, '/notices');
  await mwangi.getByText(/Registrar's report on the scrutiny, version 1 \(directives 3, 7\)/).first().waitFor();
  await open(mwangi, `${base}/reports`);
  const entry = mwangi.getByTestId('filed-reports').locator('li[id^="report-"]').first();
  const shown = (await entry.locator('dd.hash').first().textContent()).trim();
  const [download] = await Promise.all([
    mwangi.waitForEvent('download'),
    entry.getByRole('link', { name: /The report as filed/ }).click(),
  ]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  assert.equal(createHash('sha256').update(bytes).digest('hex'), shown);
  assert.match(bytes.toString(), /<td>Used<\/td><td class="num">9<\/td>/);
  await entry.getByRole('link', { name: /^EXH-CRT-\d+$/ }).click();
  await mwangi.waitForURL(new RegExp(`${base}/evidence/\\d+$`));
  await hydrated(mwangi);
  await mwangi.getByLabel('Your copy').setInputFiles({ name: 'report.html', mimeType: 'text/html', buffer: bytes });
  await mwangi.getByTestId('verify-outcome').filter({ hasText: 'Match: your copy is identical' }).waitFor();

  // The observer reads no report: it is the parties'.
  const observer = await asUser('observer@lsk.test');
  await open(observer, `${base}/reports`);
  await observer.getByText('No report has been filed in this case yet.').waitFor();

  // IEBC reports compliance with the server directive; the judge, from the report's page,
  // finds it complied, citing the report.
  const gumbo = await asUser('gumbo@counsel.test');
  await open(gumbo, `${base}/responses/new?directive=${servers.split('/').pop()}`);
  await gumbo.getByLabel('Compliance report', { exact: true }).check();
  await gumbo.getByLabel('Title').fill('IEBC gave supervised access to its server');
  await gumbo.getByLabel('Text', { exact: true }).fill('Supervised access was given on 31 August 2022 in the presence of the agents.');
  await gumbo.getByRole('button', { name: 'File the response' }).click();
  await gumbo.waitForURL(new RegExp(`${base}/responses/\\d+$`));
  await open(judge, `${base}/reports`);
  const covers = judge.getByTestId('filed-reports').locator('li[id^="report-"]').first().getByRole('link', { name: 'Assess compliance on this report' });
  assert.equal(await covers.count(), 2);
  await covers.first().click();
  await judge.waitForURL(new RegExp(`${base}/directives/${servers.split('/').pop()}\\?report=\\d+`));
  await hydrated(judge);
  const cell = judge.getByTestId('obligations').locator('tr[data-party="IEBC"]');
  await cell.getByText('Compliance reported').waitFor();
  assert.match(await cell.getByLabel("On the Registrar's report").locator('option:checked').textContent(), /^the Registrar's report, version 1, filed /);
  await cell.getByLabel('Finding').selectOption({ label: 'Complied' });
  await cell.getByLabel('Reason').fill('On the Registrar\u2019s report, supervised access was given as the directive required.');
  await cell.getByRole('button', { name: 'Record the assessment' }).click();
  await cell.locator('.status-complied').waitFor();
  await open(mwangi, servers);
  const seen = mwangi.getByTestId('obligations').locator('tr[data-party="IEBC"]');
  await seen.locator('.status-complied').waitFor();
  await seen.getByText('When it was made').click();
  await seen.getByRole('link', { name: /^the Registrar's report, version 1, filed / }).waitFor();

  // The petitioners ask, after the window closed, for all eight servers: dismissed as out
  // of time, on the report.
  await mwangi.getByText('Ask the court to clarify this directive').click();
  await mwangi.getByLabel('The words in dispute, quoted from the directive').fill('supervised access to the servers');
  await mwangi.getByLabel('Question').fill('Does it mean access to all eight of the servers?');
  await mwangi.getByLabel('Grounds').fill('The petitioners\u2019 agents were given access to one of the eight.');
  await mwangi.getByLabel('Proposed interpretation').fill('Supervised access to all eight servers.');
  await mwangi.getByRole('button', { name: 'Submit the request' }).click();
  await mwangi.waitForURL(new RegExp(`${base}/clarifications/\\d+$`));
  const late = new URL(mwangi.url()).pathname;
  await open(judge, late);
  await judge.getByLabel(/^Dismissed$/).check();
  await judge.getByLabel(/^Dismissed as out of time: filed after the deadline of 1 Sep 2022, 14:00 EAT/).check();
  const options = await judge.locator('#rule-report option').allTextContents();
  await judge.locator('#rule-report').selectOption({ label: options.find((o) => o.includes('version 1')) });
  await judge.getByLabel(/The court's words/).fill('The request came after the scrutiny closed at 14:00 on 1 September 2022.');
  await judge.getByRole('button', { name: 'Record the ruling' }).click();
  await judge.getByTestId('out-of-time').filter({ hasText: 'after the deadline of 1 Sep 2022, 14:00 EAT set by directive 3 (version 1)' }).waitFor();
  await open(mwangi, late);
  await mwangi.getByTestId('out-of-time').waitFor();
  await mwangi.getByRole('link', { name: /^the Registrar's report, version 1/ }).waitFor();

  // The observer reads the order and the ruling's outcome, not the parties' filings.
  await open(observer, `${base}/docket`);
  await observer.getByTestId('docket').getByText('Order: Order on the application for scrutiny').waitFor();
  const docket = await observer.getByTestId('docket').innerText();
  assert.ok(!docket.includes("Registrar's report on the scrutiny"), docket);
  assert.ok(!docket.includes('Compliance report (IEBC)'), docket);

  // The petitioners' counsel walk the new case's pages on a phone: nothing scrolls sideways.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const small = await phone.newPage();
  await signIn(small, portal.url, 'mwangi@counsel.test');
  await small.waitForURL(`${portal.url}/cases`);
  const overflows = [];
  for (const path of [base, `${base}/tasks`, firstPath, `${base}/reports`, servers, late, `${base}/docket`, `${base}/compliance`]) {
    await open(small, path);
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) overflows.push(`${path}: ${overflow} px`);
  }
  assert.deepEqual(overflows, []);
});
