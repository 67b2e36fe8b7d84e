// A task's work in a real browser: the registrar creates one task with the one-task form
// (an unknown station and one already tasked refused) and schedules it; the petitioners' counsel sends an agent; the officer photographs the
// box for the evidence register, records the sitting with the agent present and submits
// the finding citing the photograph; the agent objects to the sitting and signs; the
// registrar returns the finding once and verifies the second version; the petitioners'
// counsel read the verified finding and dispute it with an objection, and the observer
// reads the public task too.
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

async function open(page, path) {
  await page.goto(`${portal.url}${path}`);
  await hydrated(page);
}

/// A made-up JPEG's worth of bytes: the register keeps whatever file it is given.
const photo = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

test('an officer sits and finds, the agent objects and signs, the registrar returns then verifies', async () => {
  const registrar = await asUser('registrar@court.test');
  // A station of directive 7: its forms are tasked already, which the one-task form says.
  await open(registrar, '/cases/1/tasks');
  const seven = await registrar.locator('#filter-directive option', { hasText: 'Directive 7 (' }).first().getAttribute('value');
  await open(registrar, `/cases/1/tasks?directive=${seven}`);
  const about = await registrar.getByTestId('task-list').locator('td[data-label="About"]').first().textContent();
  const code = about.match(/\d{15}/)[0];
  await open(registrar, '/cases/1/tasks/new');
  await registrar.locator('#one-directive').selectOption(seven);
  await registrar.locator('#one-kind').selectOption('inspect_forms');
  await registrar.locator('#one-scope').selectOption('station');
  await registrar.locator('#one-form-form_34a_book_2').check();
  // The same registration centre's stream 99, which the register does not list.
  await registrar.locator('#one-station').fill(`${code.slice(0, 13)}99`);
  await registrar.getByRole('button', { name: 'Create the task' }).click();
  await registrar.getByText(/is not in the register of/).waitFor();
  await registrar.locator('#one-station').fill(code);
  await registrar.getByRole('button', { name: 'Create the task' }).click();
  await registrar.getByText(/Directive 7 already has a “Inspect forms” task about this/).waitFor();
  // Directive 2 (the KIEMS forms) has none: the task is made there.
  const two = await registrar.locator('#one-directive option', { hasText: 'Directive 2 (' }).first().getAttribute('value');
  await registrar.locator('#one-directive').selectOption(two);
  await registrar.getByRole('button', { name: 'Create the task' }).click();
  await registrar.waitForURL(/\/cases\/1\/tasks\/\d+$/);
  await hydrated(registrar);
  const taskPath = new URL(registrar.url()).pathname;
  await registrar.getByTestId('task-state').filter({ hasText: 'Planned' }).waitFor();
  await registrar.getByLabel("Starts (court's time)").fill('2022-08-31T09:00');
  await registrar.getByLabel("Ends (court's time)").fill('2022-08-31T11:00');
  await registrar.getByLabel('Grace Wanjiru').check();
  await registrar.getByRole('button', { name: 'Save the schedule' }).click();
  await registrar.getByTestId('task-state').filter({ hasText: 'Scheduled' }).waitFor();

  const mwangi = await asUser('mwangi@counsel.test');
  await open(mwangi, taskPath);
  await mwangi.getByLabel("Send your party's agent").selectOption({ label: 'Brian Wekesa' });
  await mwangi.getByRole('button', { name: 'Send the agent' }).click();
  await mwangi.getByTestId('task-agents').getByText('Brian Wekesa (ODINGA)').waitFor();

  // The officer photographs the box for the register, then records the sitting.
  const officer = await asUser('officer1@court.test');
  await open(officer, '/cases/1/evidence/new');
  await officer.getByLabel('Title').fill(`Ballot box of ${code}, opened`);
  await officer.getByLabel('Kind').selectOption({ label: 'Photograph' });
  await officer.getByLabel('Polling station code (if any)').fill(code);
  await officer.getByRole('button', { name: 'Record the item' }).click();
  await officer.waitForURL(/\/cases\/1\/evidence\/\d+$/);
  // The item's page may still be loading its code: wait for its heading, not the form's.
  const heading = await officer.getByRole('heading', { level: 1, name: /EXH-/ }).textContent();
  const exhibit = heading.match(/EXH-[A-Z]+-\d+/)[0];
  await officer.getByLabel('File', { exact: true }).setInputFiles({ name: 'box.jpg', mimeType: 'image/jpeg', buffer: photo });
  await officer.getByRole('button', { name: 'Upload' }).click();
  await officer.getByText('File added.').waitFor();

  await open(officer, taskPath);
  // A sitting that ends before it starts is refused beside the field.
  await officer.getByLabel("Started (court's time)").fill('2022-08-31T11:00');
  await officer.getByLabel("Ended (court's time)").fill('2022-08-31T09:00');
  await officer.locator('#sittings-heading ~ form').getByLabel('Grace Wanjiru').check();
  await officer.getByLabel('Brian Wekesa (ODINGA)').check();
  await officer.locator('#item-label-r1').fill('Ballot box 1 of 1');
  await officer.locator('#item-found-r1').fill('KE 0771234');
  await officer.locator('#item-applied-r1').fill('KE 0779876');
  await officer.getByRole('button', { name: 'Record the sitting' }).click();
  await officer.getByText('The sitting must end after it starts.').waitFor();
  await officer.getByLabel("Started (court's time)").fill('2022-08-31T09:05');
  await officer.getByLabel("Ended (court's time)").fill('2022-08-31T10:50');
  await officer.getByRole('button', { name: 'Record the sitting' }).click();
  await officer.getByTestId('sittings').getByText('KE 0771234').waitFor();
  await officer.getByTestId('task-state').filter({ hasText: 'In progress' }).waitFor();

  await officer.getByLabel('Intact (unused)').check();
  await officer.getByLabel('A blank Form 34A in the box').check();
  await officer.getByLabel('Evidence cited (exhibit codes)').fill(exhibit);
  await officer.getByRole('button', { name: 'Submit the findings' }).click();
  await officer.getByTestId('task-state').filter({ hasText: 'Findings submitted' }).waitFor();
  await officer.getByTestId('finding-latest').getByRole('link', { name: exhibit }).waitFor();
  await officer.getByRole('button', { name: 'Sign', exact: true }).click();
  await officer.getByTestId('finding-signatures').getByText('Grace Wanjiru').waitFor();

  // The agent present objects to the sitting and signs the finding, objecting too.
  const agent = await asUser('agent.wekesa@azimio.test');
  await open(agent, taskPath);
  await agent.locator('#remark-object').check();
  await agent.getByRole('button', { name: 'Add the remark' }).click();
  await agent.getByText('Say what you object to: the remark goes on the record.').waitFor();
  await agent.getByLabel('Remark', { exact: true }).fill('The seal was read before our agents arrived.');
  await agent.getByRole('button', { name: 'Add the remark' }).click();
  await agent.getByTestId('sitting-remarks').getByText('The seal was read before our agents arrived.').waitFor();
  await agent.locator('#sign-object').check();
  await agent.getByLabel('Remark (required to object)').fill('Book 2 looked used to us.');
  await agent.getByRole('button', { name: 'Sign', exact: true }).click();
  await agent.getByTestId('finding-signatures').getByText('Book 2 looked used to us.').waitFor();

  // The registrar returns it once, with a reason; the officer corrects it; it is verified.
  await open(registrar, taskPath);
  await registrar.getByTestId('sitting-remarks').getByText('The seal was read before our agents arrived.').waitFor();
  await registrar.getByLabel('Return the findings for correction').check();
  await registrar.getByRole('button', { name: 'Record the step' }).click();
  await registrar.getByText('Give the reason: it goes in the task\'s history.').waitFor();
  await registrar.getByLabel('Reason').fill('The agent says Book 2 was used: examine it again.');
  await registrar.getByRole('button', { name: 'Record the step' }).click();
  await registrar.getByTestId('task-state').filter({ hasText: 'Returned for correction' }).waitFor();

  await open(officer, taskPath);
  await officer.getByLabel('Used', { exact: true }).check();
  await officer.getByLabel('Evidence cited (exhibit codes)').fill(exhibit);
  await officer.getByRole('button', { name: 'Submit the findings' }).click();
  await officer.getByText('Say what changed since version 1 and why.').waitFor();
  await officer.getByLabel('What changed since version 1, and why').fill('Book 2 re-examined: pages 3 to 5 used.');
  await officer.getByRole('button', { name: 'Submit the findings' }).click();
  await officer.getByTestId('finding-latest').getByText('Version 2').waitFor();

  await open(registrar, taskPath);
  await registrar.getByLabel('Verify the findings').check();
  await registrar.getByRole('button', { name: 'Record the step' }).click();
  await registrar.getByTestId('task-state').filter({ hasText: 'Verified' }).waitFor();

  // The petitioners' counsel read it, earlier version and all; so does the observer.
  await open(mwangi, taskPath);
  assert.equal((await mwangi.getByTestId('finding-book-2').first().textContent()).trim(), 'Used');
  await mwangi.getByText('Earlier versions (1)').waitFor();
  // They dispute it: an objection tied to version 2, refused first without its grounds.
  await mwangi.getByLabel('Title').fill('Book 2 at this station was not examined in our presence');
  await mwangi.getByRole('button', { name: 'File the objection' }).click();
  await mwangi.getByText('The text is required.').waitFor();
  await mwangi.getByLabel('Grounds').fill('Our agent objected at the sitting; the re-examination was done without him.');
  await mwangi.getByRole('button', { name: 'File the objection' }).click();
  await mwangi.waitForURL(/\/cases\/1\/responses\/\d+$/);
  await hydrated(mwangi);
  await mwangi.getByRole('link', { name: /The finding of task T-\d+ \(version 2\)/ }).click();
  await mwangi.waitForURL(`${portal.url}${taskPath}`);
  await mwangi.getByTestId('finding-disputes').getByText('Book 2 at this station was not examined in our presence').waitFor();
  const observer = await asUser('observer@lsk.test');
  await open(observer, taskPath);
  await observer.getByTestId('task-state').filter({ hasText: 'Verified' }).waitFor();
  assert.equal(await observer.getByRole('button', { name: 'Record the step' }).count(), 0);
  assert.equal(await observer.getByRole('button', { name: 'Sign', exact: true }).count(), 0);
});
