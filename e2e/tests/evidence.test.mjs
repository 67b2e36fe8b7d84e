// The evidence register in a real browser: a parties-tier Form 34A goes from IEBC's counsel
// to the petitioners' counsel with a matching hash, the observer never sees it, the
// registrar hands it over, the custody log shows each step, and "verify my copy" works.
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

const content = Buffer.concat([
  Buffer.from('%PDF-1.4\n% Form 34A, Masige West Primary School, stream 1\n'),
  Buffer.alloc(300_000, 7),
]);
const sha256 = createHash('sha256').update(content).digest('hex');

async function asUser(email) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, portal.url, email);
  await page.waitForURL(`${portal.url}/cases`);
  return { context, page };
}

test('a Form 34A travels from one side to the other, sealed from the observer, with its custody logged', async () => {
  // IEBC's counsel records the item and adds the scan.
  const gumbo = await asUser('gumbo@counsel.test');
  await gumbo.page.goto(`${portal.url}/cases/1/evidence/new`);
  await hydrated(gumbo.page);
  await gumbo.page.getByLabel('Produced by').selectOption({ label: 'IEBC — Independent Electoral and Boundaries Commission' });
  await gumbo.page.getByLabel('Title').fill('Form 34A, Masige West Primary School, stream 1');
  await gumbo.page.getByLabel('Kind').selectOption({ label: 'Form 34A (Book 1)' });
  // A Kisumu Central code, which the demo's register does not list, then the station's own.
  await gumbo.page.getByLabel('Polling station code (if any)').fill('042 193 0950 002 01');
  await gumbo.page.getByLabel(/^Parties/).check();
  await gumbo.page.getByRole('button', { name: 'Record the item' }).click();
  await gumbo.page.getByText('042193095000201 is not in the register of').waitFor();
  await gumbo.page.getByLabel('Polling station code (if any)').fill('045 261 1040 001 01');
  await gumbo.page.getByRole('button', { name: 'Record the item' }).click();
  await gumbo.page.waitForURL(/\/cases\/1\/evidence\/\d+$/);
  const itemUrl = gumbo.page.url();
  await gumbo.page.getByRole('heading', { name: /EXH-IEBC-004/ }).waitFor();
  await gumbo.page.getByLabel('File', { exact: true }).setInputFiles({ name: 'masige-34a.pdf', mimeType: 'application/pdf', buffer: content });
  await gumbo.page.getByRole('button', { name: 'Upload' }).click();
  await gumbo.page.getByText('File added.').waitFor();
  assert.equal((await gumbo.page.getByTestId('file-sha256').textContent()).trim(), sha256);

  // The petitioners' counsel finds it in the register and downloads the same bytes.
  const mwangi = await asUser('mwangi@counsel.test');
  await mwangi.page.goto(`${portal.url}/cases/1/evidence`);
  await mwangi.page.getByRole('link', { name: 'EXH-IEBC-004' }).click();
  await mwangi.page.getByRole('heading', { name: /Masige West/ }).waitFor();
  const [download] = await Promise.all([
    mwangi.page.waitForEvent('download'),
    mwangi.page.getByRole('link', { name: 'masige-34a.pdf' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'masige-34a.pdf');
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  assert.equal(createHash('sha256').update(Buffer.concat(chunks)).digest('hex'), sha256);

  // The observer does not see it at all: not in the list, not by its address.
  const observer = await asUser('observer@lsk.test');
  await observer.page.goto(`${portal.url}/cases/1/evidence`);
  await observer.page.getByRole('heading', { name: 'Evidence register' }).waitFor();
  assert.equal(await observer.page.getByText('EXH-IEBC-004').count(), 0);
  const hidden = await observer.page.goto(itemUrl);
  assert.equal(hidden.status(), 404);
  assert.equal(await observer.page.getByText('Masige').count(), 0);

  // The registrar hands it over; the custody log shows every step in order.
  const registrar = await asUser('registrar@court.test');
  await registrar.page.goto(itemUrl);
  await hydrated(registrar.page);
  await registrar.page.getByLabel('Handed to').fill('Grace Wanjiru, scrutiny officer');
  await registrar.page.getByLabel('Note').fill('For the Bobasi recount table');
  await registrar.page.getByRole('button', { name: 'Record handover' }).click();
  await registrar.page.getByText('Handover recorded.').waitFor();
  const log = registrar.page.getByTestId('custody-log');
  await log.getByRole('cell', { name: 'Handed over' }).waitFor();
  const events = (await log.locator('tbody tr td:nth-child(2)').allTextContents()).map((e) => e.trim());
  const steps = ['Recorded', 'File added', 'Downloaded', 'Handed over'];
  let at = 0;
  for (const event of events) if (event === steps[at]) at += 1;
  assert.equal(at, steps.length, `custody log: ${events.join(', ')}`);
  await log.getByRole('cell', { name: /to Grace Wanjiru, scrutiny officer/ }).waitFor();

  for (const who of [gumbo, mwangi, observer, registrar]) await who.context.close();
});

test('"verify my copy" says match for the filed bytes and no match for others, without uploading', async () => {
  const { context, page } = await asUser('mwangi@counsel.test');
  await page.goto(`${portal.url}/cases/1/evidence`);
  await page.getByRole('link', { name: 'EXH-IEBC-001' }).click();
  await page.getByRole('heading', { name: /Laini Saba/ }).waitFor();
  await hydrated(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /\.pdf$/ }).click(),
  ]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const filed = Buffer.concat(chunks);

  let uploads = 0;
  page.on('request', (request) => { if (request.method() === 'POST') uploads += 1; });
  await page.getByLabel('Your copy').setInputFiles({ name: 'mine.pdf', mimeType: 'application/pdf', buffer: filed });
  await page.getByTestId('verify-outcome').filter({ hasText: 'Match: your copy is identical' }).waitFor();
  const altered = Buffer.from(filed);
  altered[altered.length - 10] ^= 0xff;
  await page.getByLabel('Your copy').setInputFiles({ name: 'mine.pdf', mimeType: 'application/pdf', buffer: altered });
  await page.getByTestId('verify-outcome').filter({ hasText: 'No match' }).waitFor();
  assert.equal(uploads, 0);
  await context.close();
});
