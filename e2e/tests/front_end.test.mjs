// What a first visit downloads of the front end, page by page: the JavaScript and wasm that
// Chromium, with an empty cache, fetches until the page is hydrated, counted at their gzip
// size (the .gz files the portal serves beside them). Issue 13's budgets, set in
// scripts/common.sh and passed in by scripts/test.sh: the login page and the case overview
// within FIRST_LOAD_BUDGET_KIB, and their wasm within FIRST_LOAD_WASM_BUDGET bytes, every
// other page within ROUTE_BUDGET_KIB. Pages are found
// by following the demo's links, as the registrar and as the administrator, so pages added
// later are weighed too; it prints what each kind of page downloads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { appLinks, hydrated, launchBrowser, signIn, startPortal } from '../support.mjs';

const FIRST_LOAD = Number(process.env.FIRST_LOAD_BUDGET_KIB);
const FIRST_LOAD_WASM = Number(process.env.FIRST_LOAD_WASM_BUDGET);
const ANY_ROUTE = Number(process.env.ROUTE_BUDGET_KIB);

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

/// The session cookies of `email`, signed in through the login page.
async function sessionOf(email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, portal.url, email);
  await page.waitForURL(`${portal.url}/cases`);
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

/// Loads `path` in a new browser context (an empty cache) until it is hydrated: the front
/// end's files it fetched, their gzip size in KiB, and the portal's pages it links to.
async function firstLoad(path, cookies) {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  const page = await context.newPage();
  const files = new Set();
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/pkg/') && /\.(js|wasm)$/.test(pathname)) files.add(pathname.slice('/pkg/'.length));
  });
  const response = await page.goto(`${portal.url}${path}`);
  assert.ok(response && response.ok(), `${path}: ${response?.status()}`);
  await hydrated(page);
  const links = await appLinks(page);
  await context.close();
  const gzipped = (wanted) => [...files].filter(wanted).reduce(
    (sum, file) => sum + statSync(join(process.env.LEPTOS_SITE_ROOT, 'pkg', `${file}.gz`)).size, 0);
  const bytes = gzipped(() => true);
  const wasm = gzipped((file) => file.endsWith('.wasm'));
  return { kib: Math.ceil(bytes / 1024), wasm, wasmKib: Math.ceil(wasm / 1024), files: files.size, links };
}

/// Every kind of page reachable from `start` for the holder of `cookies` (one of each in
/// each case: `/cases/1/tasks/7` stands for every task of case 1), each weighed on a first
/// load.
async function weighAll(start, cookies, weights) {
  const shape = (path) => path.replace(/(?<!\/cases)\/\d+/g, '/N');
  const seen = new Set([...weights.keys()].map(shape));
  const queue = [...start];
  while (queue.length > 0 && seen.size < 80) {
    const path = queue.shift();
    if (seen.has(shape(path))) continue;
    seen.add(shape(path));
    const load = await firstLoad(path, cookies);
    weights.set(path, load);
    queue.push(...load.links);
  }
}

test('each page downloads its own front end, within the budgets', { timeout: 600_000 }, async () => {
  assert.ok(FIRST_LOAD > 0 && FIRST_LOAD_WASM > 0 && ANY_ROUTE > 0,
    'FIRST_LOAD_BUDGET_KIB, FIRST_LOAD_WASM_BUDGET and ROUTE_BUDGET_KIB must be set (scripts/test.sh sets them)');
  const weights = new Map();
  weights.set('/login', await firstLoad('/login', []));
  await weighAll(['/cases/1', '/cases', '/notices'], await sessionOf('registrar@court.test'), weights);
  await weighAll(['/admin'], await sessionOf('admin@portal.test'), weights);

  const rows = [...weights].sort((a, b) => b[1].kib - a[1].kib);
  console.log('page | files | KiB gzipped | of which wasm');
  for (const [path, { kib, wasmKib, files }] of rows) console.log(`${path} | ${files} | ${kib} | ${wasmKib}`);

  for (const path of ['/login', '/cases/1']) {
    const { kib, wasm } = weights.get(path);
    console.log(`${path}: ${wasm} bytes of wasm`);
    assert.ok(kib <= FIRST_LOAD, `${path} downloads ${kib} KiB, over ${FIRST_LOAD} KiB`);
    assert.ok(wasm <= FIRST_LOAD_WASM, `${path} downloads ${wasm} bytes of wasm, over ${FIRST_LOAD_WASM}`);
  }
  const over = rows.filter(([, { kib }]) => kib > ANY_ROUTE).map(([path, { kib }]) => `${path}: ${kib} KiB`);
  assert.deepEqual(over, [], `pages over ${ANY_ROUTE} KiB`);
});
