// Starts the release build of the portal on a free port with a fresh, seeded database, and
// opens Debian's Chromium through playwright-core (no downloaded browser).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const PASSWORD = 'scrutiny-demo-2022';

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
