// Starts the release build of the portal on a free port with a fresh, seeded database, and
// opens Debian's Chromium through playwright-core (no downloaded browser).
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const PASSWORD = 'scrutiny-demo-2022';

/// The demo's court accounts sign in with a second factor: the published demo key (the
/// RFC 6238 test key, "12345678901234567890"; server/src/seed.rs).
export const COURT_ACCOUNTS = ['registrar@court.test', 'judge@court.test', 'officer1@court.test', 'officer2@court.test'];
const DEMO_KEY = Buffer.from('12345678901234567890', 'ascii');

/// The code an authenticator holding `key` shows for 30-second `step` (RFC 6238, SHA-1).
export function totp(step, key = DEMO_KEY) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/// The bytes of a base32 key (RFC 4648, as authenticator apps take it; spaces ignored).
export function base32Key(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/\s/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/// A code is good once: each sign-in of an account takes the next step still valid (the
/// current or the next one), waiting for the clock when both are spent.
const spentSteps = new Map();
export async function unusedCode(base, email) {
  for (;;) {
    const now = Date.now() / 1000;
    const current = Math.floor(now / 30);
    const key = `${base} ${email}`;
    const step = spentSteps.has(key) ? Math.max(spentSteps.get(key) + 1, current) : current;
    if (step <= current + 1) {
      spentSteps.set(key, step);
      return totp(step);
    }
    await new Promise((resolve) => setTimeout(resolve, (30 - (now % 30)) * 1000 + 50));
  }
}

export async function startPortal() {
  const bin = process.env.PORTAL_BIN;
  const siteRoot = process.env.LEPTOS_SITE_ROOT;
  if (!bin || !siteRoot) throw new Error('PORTAL_BIN and LEPTOS_SITE_ROOT must name the release build (scripts/test.sh sets them)');
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
  const env = { ...process.env, RUST_LOG: 'warn' };
  delete env.DATABASE_URL; // always the embedded SQLite of this run
  const child = spawn(bin, ['--data-dir', dataDir, '--site-root', siteRoot, '--addr', '127.0.0.1:0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // What browsers reported the content security policy blocked, as the portal logged it:
  // every test then fails, at its end, on a page or form that broke the policy.
  const violations = [];
  let unfinished = '';
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    const lines = (unfinished + chunk).split('\n');
    unfinished = lines.pop();
    violations.push(...lines.filter((line) => line.includes('content security policy violation')));
  });
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`portal did not start: ${seen}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/running at (http:\/\/[^\s]+?)\/?\s/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => reject(new Error(`portal exited with ${code}: ${seen}`)));
  });
  return {
    url,
    violations,
    async stop() {
      // A browser sends its reports as it blocks; a moment lets the last of them arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
      if (violations.length > 0) {
        throw new Error(`the content security policy blocked something:\n${violations.join('\n')}`);
      }
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/// Waits until the wasm has hydrated the page (the app marks <body> when it has).
export async function hydrated(page) {
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
}

export async function signIn(page, base, email, password = PASSWORD) {
  await page.goto(`${base}/login`);
  await hydrated(page);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (COURT_ACCOUNTS.includes(email) && password === PASSWORD) {
    // The second step is a page of the server's own, with no front end to wait for.
    await page.waitForURL((url) => url.pathname === '/login/two-factor');
    await page.getByLabel('Code').fill(await unusedCode(base, email));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }
}

/// The portal's own pages linked from `page`, without query strings or fragments, and
/// without downloads, exports and printable documents (notices, station sheets, reports as
/// filed: not app pages). The walks of every page (phones, front_end) follow these.
export async function appLinks(page) {
  const hrefs = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')));
  return hrefs
    .map((h) => h.split(/[?#]/)[0])
    .filter((h) => !h.includes('/download') && !h.includes('/files/') && !h.includes('/document') && !h.startsWith('/pkg')
      && !h.endsWith('.csv') && !h.endsWith('/sheet') && !/\/reports\/(\d+|draft)$/.test(h));
}
