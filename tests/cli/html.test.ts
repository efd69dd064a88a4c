// The HTML route map: one self-contained page, opened in headless Chromium (Debian's `chromium`)
// to check that the table renders from the embedded data, and that sorting and the
// missing-defense filter (both readable from the URL hash) work.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from './run';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SKIP_NOTE = `SKIPPED: ${CHROMIUM} is missing; install Debian's chromium package (apt-get install -y chromium)`;
if (!hasChromium) console.warn(`tests/cli/html.test.ts: ${SKIP_NOTE}`);

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
    expect(dom).toContain('<th data-key="path" scope="col" aria-sort="descending">Path</th>');
  });
});
