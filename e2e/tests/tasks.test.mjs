// Scrutiny tasks in a real browser: the registrar pastes 41 station codes with a malformed
// line and a duplicate, sees both in the preview, fixes them and creates the tasks;
// schedules one inside the directive's window; the petitioners' counsel nominates an agent
// and sends agents until the directive's limit refuses the third; the agent's own board
// shows only the tasks they attend.
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

/// The value of the option of `select` whose text starts with `text`.
async function optionValue(page, select, text) {
  return page.locator(`${select} option`, { hasText: text }).first().getAttribute('value');
}

test('tasks are pasted, previewed, created, scheduled and attended by agents within the limit', async () => {
  const registrar = await asUser('registrar@court.test');
  // The demo's 41 stations of directive 7, as the board lists them.
  await open(registrar, '/cases/1/tasks');
  const seven = await optionValue(registrar, '#filter-directive', 'Directive 7 (');
  await open(registrar, `/cases/1/tasks?directive=${seven}`);
  const about = await registrar.getByTestId('task-list').locator('td[data-label="About"]').allTextContents();
  const codes = about.map((t) => t.match(/^\d{15}/)?.[0]).filter(Boolean);
  assert.equal(codes.length, 41);

  // A paste with a malformed line 3 and line 1 again at the end: the preview names both.
  await open(registrar, '/cases/1/tasks/new');
  const one = await optionValue(registrar, '#tasks-directive', 'Directive 1 (');
  await registrar.locator('#tasks-directive').selectOption(one);
  await registrar.getByLabel('Recount a ballot box').check();
  const spaced = (c) => `${c.slice(0, 3)} ${c.slice(3, 6)} ${c.slice(6, 10)} ${c.slice(10, 13)} ${c.slice(13)}`;
  const lines = codes.map((c, i) => (i % 5 === 0 ? spaced(c) : c));
  const bad = [...lines.slice(0, 2), '0472781475', ...lines.slice(2), lines[0]];
  await registrar.getByLabel('Polling station codes').fill(bad.join('\n'));
  await registrar.getByRole('button', { name: 'Preview the tasks' }).click();
  const preview = registrar.getByTestId('task-preview');
  await preview.getByText('41 of 43 lines are ready as “Recount a ballot box” tasks under directive 1; 2 lines have problems').waitFor();
  await preview.locator('tr.row-problem', { hasText: 'A polling station code is 15 digits' }).waitFor();
  await preview.locator('tr.row-problem', { hasText: 'is also on line 1' }).waitFor();
  assert.equal(await registrar.getByRole('button', { name: /^Create \d+ tasks?$/ }).count(), 0);

  // Fixed, previewed again, and created in one step.
  await registrar.getByLabel('Polling station codes').fill(lines.join('\n'));
  await registrar.getByRole('button', { name: 'Preview the tasks' }).click();
  await preview.getByText('41 of 41 lines are ready').waitFor();
  await registrar.getByRole('button', { name: 'Create 41 tasks' }).click();
  await registrar.waitForURL(/\/cases\/1\/tasks\?directive=\d+/);
  await hydrated(registrar);
  await registrar.getByText('41 tasks', { exact: true }).waitFor();

  // The first is scheduled inside the window, with an officer; outside it is refused.
  const first = registrar.getByTestId('task-list').locator('tr').nth(1).getByRole('link').first();
  const taskPath = await first.getAttribute('href');
  await open(registrar, taskPath);
  await registrar.getByLabel("Starts (court's time)").fill('2022-08-29T09:00');
  await registrar.getByLabel("Ends (court's time)").fill('2022-08-31T11:00');
  await registrar.getByLabel('Grace Wanjiru').check();
  await registrar.getByRole('button', { name: 'Save the schedule' }).click();
  await registrar.getByText(/the slot cannot start before/).waitFor();
  await registrar.getByLabel("Starts (court's time)").fill('2022-08-31T09:00');
  await registrar.getByRole('button', { name: 'Save the schedule' }).click();
  await registrar.getByTestId('task-state').filter({ hasText: 'Scheduled' }).waitFor();
  await registrar.getByTestId('task-history').getByText('Scheduled → Scheduled').waitFor();

  // The petitioners' counsel nominates a third agent, then sends two; the third is refused.
  const mwangi = await asUser('mwangi@counsel.test');
  await open(mwangi, '/cases/1/agents');
  await mwangi.getByLabel('Full name').fill('Otieno Were');
  await mwangi.getByLabel('ID number').fill('31567890');
  await mwangi.getByLabel('Telephone').fill('+254 722 555 666');
  await mwangi.getByRole('button', { name: 'Nominate the agent' }).click();
  await mwangi.getByTestId('agent-list').getByText('Otieno Were').waitFor();
  assert.equal(await mwangi.getByLabel('Full name').inputValue(), '');
  await open(mwangi, taskPath);
  for (const name of ['Brian Wekesa', 'Faith Njeri']) {
    await mwangi.getByLabel("Send your party's agent").selectOption({ label: name });
    await mwangi.getByRole('button', { name: 'Send the agent' }).click();
    await mwangi.getByTestId('task-agents').getByText(`${name} (ODINGA)`).waitFor();
  }
  await mwangi.getByLabel("Send your party's agent").selectOption({ label: 'Otieno Were' });
  await mwangi.getByRole('button', { name: 'Send the agent' }).click();
  await mwangi.getByText('Directive 1 lets each party send 2 agents to a task, and your party has sent 2 to this one already.').waitFor();

  // IEBC's counsel sends theirs to the same task: the limit is per party.
  const gumbo = await asUser('gumbo@counsel.test');
  await open(gumbo, taskPath);
  await gumbo.getByLabel("Send your party's agent").selectOption({ label: 'Hassan Abdi' });
  await gumbo.getByRole('button', { name: 'Send the agent' }).click();
  await gumbo.getByTestId('task-agents').getByText('Hassan Abdi (IEBC)').waitFor();

  // The agent reads the tasks they attend: the demo's first station and this one.
  const agent = await asUser('agent.wekesa@azimio.test');
  await open(agent, '/cases/1/tasks');
  await agent.getByText("The tasks you attend as your party's agent.").waitFor();
  assert.equal(await agent.getByTestId('task-list').locator('tbody tr').count(), 2);
  await open(agent, taskPath);
  await agent.getByTestId('task-agents').getByText('Brian Wekesa (ODINGA)').waitFor();
});

test('a task of a court-only directive is the court\'s and the obliged party\'s, not the observer\'s', async () => {
  const registrar = await asUser('registrar@court.test');
  await open(registrar, '/cases/1/tasks/new');
  const four = await optionValue(registrar, '#one-directive', 'Directive 4 (');
  await registrar.locator('#one-directive').selectOption(four);
  await registrar.locator('#one-kind').selectOption('server_access');
  await registrar.locator('#one-scope').selectOption('server');
  await registrar.locator('#one-server').fill('Password matrix server');
  await registrar.getByRole('button', { name: 'Create the task' }).click();
  await registrar.waitForURL(/\/cases\/1\/tasks\/\d+$/);
  const sealedPath = new URL(registrar.url()).pathname;
  await open(registrar, `/cases/1/tasks?directive=${four}`);
  await registrar.getByTestId('task-list').getByText('Password matrix server').waitFor();

  // IEBC, which the directive obliges, reads it; the observer and the other side get 404.
  const gumbo = await asUser('gumbo@counsel.test');
  await open(gumbo, sealedPath);
  await gumbo.getByText('Password matrix server').first().waitFor();
  for (const email of ['observer@lsk.test', 'mwangi@counsel.test']) {
    const reader = await asUser(email);
    const response = await reader.goto(`${portal.url}${sealedPath}`);
    assert.equal(response.status(), 404, email);
    // Asked for the directive's tasks by its id, the board has none to show them.
    await open(reader, `/cases/1/tasks?directive=${four}`);
    assert.equal(await reader.getByText('Password matrix server').count(), 0, email);
  }
});
