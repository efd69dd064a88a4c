// The HTML route map: one self-contained page, opened in headless Chromium (Debian's `chromium`)
// to check that the table renders from the embedded data, and that sorting and the
// missing-defense filter (both readable from the URL hash) work.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from './run';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SKIP_NOTE = `SKIPPED: ${CHROMIUM} is missing; install Debian's chromium package (apt-get install -y chromium)`;
if (!hasChromium) console.warn(`tests/audit/html.test.ts: ${SKIP_NOTE}`);

const run = promisify(execFile);
let workdir = '';
let page = '';

beforeAll(async () => {
  workdir = mkdtempSync(path.join(os.tmpdir(), 'express-security-html-'));
  page = path.join(workdir, 'routes.html');
  const { status, stderr } = await audit('tests/fixtures/audit-project', '--routes', '--html', page);
  if (status !== 0) throw new Error(`audit --html exited with ${status}: ${stderr}`);
});

afterAll(() => {
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

/** The page's DOM after its scripts ran, as headless Chromium serialises it. */
async function dumpDom(hash: string): Promise<string> {
  const profile = mkdtempSync(path.join(workdir, 'profile-'));
  const { stdout } = await run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--dump-dom',
      `${pathToFileURL(page).href}${hash}`,
    ],
    { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

interface RenderedRow {
  method: string;
  path: string;
  hidden: boolean;
}

function renderedRows(dom: string): RenderedRow[] {
  const rows: RenderedRow[] = [];
  for (const match of dom.matchAll(/<tr class="route[^"]*" data-method="([A-Z]+)" data-path="([^"]*)"( hidden="")?>/g)) {
    rows.push({ method: match[1]!, path: match[2]!, hidden: match[3] !== undefined });
  }
  return rows;
}

describe('the HTML page itself', () => {
  it('is self-contained: no external scripts, styles, images or links', () => {
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link\b|<img\b|\burl\(|https?:\/\//);
    expect(html).toContain('<script type="application/json" id="route-data">');
  });

  it('embeds the data so that no route text can close the script element', () => {
    const html = readFileSync(page, 'utf8');
    const data = html.slice(html.indexOf('id="route-data">'), html.indexOf('</script>'));
    expect(data).not.toContain('<');
  });
});

describe.skipIf(!hasChromium)(`the HTML route map in headless Chromium${hasChromium ? '' : ` (${SKIP_NOTE})`}`, () => {
  it('renders every route of the fixture, sorted by path', async () => {
    const dom = await dumpDom('');
    expect(dom).toContain('data-ready="true"');
    expect(dom).toContain('<span id="status">Showing 8 of 8 routes.</span>');
    expect(renderedRows(dom).map((row) => `${row.method} ${row.path}${row.hidden ? ' (hidden)' : ''}`)).toEqual([
      'GET /',
      'GET /admin/stats',
      'GET /api/health',
      'GET /api/v1/orders/:id',
      'GET /api/v1/users',
      'POST /api/v1/users',
      'GET /api/v1/users/:id',
      'POST /signup',
    ]);
    expect(dom).toContain('<td data-kind="rateLimit" class="present" title="apiLimiter at routes/index.js:9 (module express-rate-limit)">apiLimiter</td>');
    expect(dom).toContain('<td data-kind="authorization" class="missing">missing</td>');
  });

  it('filters by a missing defense taken from the URL hash', async () => {
    const dom = await dumpDom('#missing=rateLimit');
    expect(dom).toContain('<span id="status">Showing 4 of 8 routes missing rateLimit.</span>');
    expect(dom).toContain('data-shown="4"');
    const visible = renderedRows(dom).filter((row) => !row.hidden).map((row) => `${row.method} ${row.path}`);
    expect(visible).toEqual(['GET /', 'GET /admin/stats', 'GET /api/health', 'POST /signup']);
    expect(dom).toMatch(/<option value="rateLimit" selected="">|<select id="missing">/);
  });

  it('combines the filter with a text search and a descending sort', async () => {
    const dom = await dumpDom('#missing=authorization&q=api&sort=-path');
    const visible = renderedRows(dom).filter((row) => !row.hidden).map((row) => `${row.method} ${row.path}`);
    expect(visible).toEqual(['GET /api/v1/users', 'GET /api/v1/orders/:id', 'GET /api/health']);
    expect(dom).toContain('<th data-key="path" scope="col" aria-sort="descending"><button type="button">Path</button></th>');
  });

  it('marks a defense that does not apply n/a, not missing, and leaves those routes out of the missing filter', async () => {
    const all = await dumpDom('');
    // GET / has no authentication: a public route, nobody to authorize; POST /signup takes credentials.
    expect(all).toContain(
      '<td data-kind="authorization" class="na" title="Does not apply: a public route (no authentication in its chain): there is no signed-in user to authorize">n/a</td>',
    );
    expect(all).toContain('<td data-kind="authentication" class="na" title="Does not apply: a sign-in, sign-up or recovery route: the client is not signed in yet">n/a</td>');
    const filtered = await dumpDom('#missing=authorization');
    const visible = renderedRows(filtered).filter((row) => !row.hidden).map((row) => `${row.method} ${row.path}`);
    expect(visible).toEqual(['GET /admin/stats', 'GET /api/health', 'GET /api/v1/orders/:id', 'GET /api/v1/users']);
  });
});

describe('the sort headers', () => {
  it('are buttons inside the column headers, reachable by keyboard, each header with its aria-sort', () => {
    const html = readFileSync(page, 'utf8');
    const headers = [...html.matchAll(/<th data-key="(\w+)" scope="col" aria-sort="none"><button type="button">([^<]+)<\/button><\/th>/g)].map((match) => match[1]);
    expect(headers).toEqual(['method', 'path', 'location', 'headers', 'authentication', 'authorization', 'validation', 'rateLimit']);
  });
});

describe('the page of a full audit', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  async function auditPage(...args: string[]): Promise<{ status: number; html: string; target: string }> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'express-security-html-audit-'));
    made.push(dir);
    const target = path.join(dir, 'page.html');
    const { status } = await audit(...args, '--html', target);
    return { status, html: readFileSync(target, 'utf8'), target };
  }

  it('lists the findings, in file and line order, with their messages', async () => {
    const { status, html } = await auditPage('examples/vulnerable');
    expect(status).toBe(1);
    expect(html).toContain('<h2>Findings (10)</h2>');
    const rows = [...html.matchAll(/<tr class="rule-finding" data-rule="([a-z-]+)"><td>[^<]+(?:<span[^>]*>[^<]*<\/span>)?<\/td><td class="location">([^<]+)<\/td>/g)].map((match) => `${match[2]} ${match[1]}`);
    expect(rows).toEqual([
      'app.js:8:13 require-helmet',
      'app.js:13:13 no-hardcoded-secret',
      'routes/auth.js:8:1 require-rate-limit',
      'routes/auth.js:9:31 require-validation',
      'routes/auth.js:14:70 no-hardcoded-secret',
      'routes/orders.ts:8:1 require-rate-limit',
      'routes/orders.ts:9:23 no-auth-without-authz',
      'routes/preview.mjs:6:1 require-rate-limit',
      'routes/preview.mjs:7:26 no-unguarded-fetch',
      'routes/preview.mjs:7:32 require-validation',
    ]);
    expect(html).toContain('<td class="message">POST /auth/login has no rate limiter in its middleware chain; add one before the handler.</td>');
  });

  it('says the findings are not on a --routes page, and lists none on a clean project (examples/fixed exits 0)', async () => {
    const routesOnly = readFileSync(page, 'utf8');
    expect(routesOnly).toContain('<section id="findings"><h2>Findings</h2><p>Not on this page: <code>--routes</code> maps the routes without running the rules.');
    const { status, html } = await auditPage('examples/fixed');
    expect(status).toBe(0);
    expect(html).toContain('<section id="findings"><h2>Findings (0)</h2><p>No findings.</p></section>');
  });

  it('shows helmet weakened, not present, when its options switch the CSP off', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'express-security-html-csp-'));
    made.push(dir);
    writeFileSync(
      path.join(dir, 'app.js'),
      "const express = require('express');\nconst helmet = require('helmet');\n\nconst app = express();\napp.use(helmet({ contentSecurityPolicy: false }));\napp.get('/', (req, res) => res.send('ok'));\n",
    );
    const { html, target } = await auditPage(dir, '--routes');
    const data = JSON.parse(html.slice(html.indexOf('id="route-data">') + 'id="route-data">'.length, html.indexOf('</script>'))) as {
      routes: { defenses: { headers: { name: string; weakened?: string[] }[] } }[];
    };
    expect(data.routes[0]!.defenses.headers).toEqual([{ name: 'helmet(…)', file: 'app.js', line: 5, reason: 'module helmet', weakened: ['contentSecurityPolicy: false'] }]);
    if (!hasChromium) return;
    const previous = page;
    page = target;
    try {
      const dom = await dumpDom('');
      expect(dom).toContain(
        '<td data-kind="headers" class="weak" title="helmet(…) at app.js:5 (module helmet), with contentSecurityPolicy: false">helmet(…) (weakened: contentSecurityPolicy: false)</td>',
      );
    } finally {
      page = previous;
    }
  });
});
