// A file that does not parse was not audited: every format counts it (text, json, stylish,
// sarif, the route map's table, json and HTML page) and the audit exits 3, whatever it found,
// so a CI step cannot pass on a tree it could not read.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit, temporaryProjects } from './run';

const { project, cleanUp } = temporaryProjects('express-security-unparsed-');
afterAll(cleanUp);

/** The case: a folder whose only file fails to parse. */
const ONLY_BROKEN = { 'server.js': "const express = require('express');\nconst app = express(;\n" };
const CLEAN = "const express = require('express');\nconst helmet = require('helmet');\nconst app = express();\napp.use(helmet());\n";

describe('files that could not be parsed', () => {
  it('text: counted in the summary, listed on stderr, exit 3', async () => {
    const dir = project(ONLY_BROKEN);
    const { status, stdout, stderr } = await audit(dir);
    expect(status).toBe(3);
    expect(stdout).toBe('No findings in 1 file(s), 0 route(s).\n1 file(s) could not be parsed, so they were not audited (exit status 3).\n');
    expect(stderr).toMatch(/could not parse server\.js: Parsing error/);
  });

  it('json: a fatal message for the file, as ESLint gives it', async () => {
    const dir = project(ONLY_BROKEN);
    const { status, stdout } = await audit(dir, '--format', 'json');
    expect(status).toBe(3);
    const results = JSON.parse(stdout) as { filePath: string; fatalErrorCount: number; messages: { fatal: boolean; ruleId: null; line: number; column: number; message: string }[] }[];
    expect(results).toHaveLength(1);
    expect(results[0]!.filePath).toBe(path.join(dir, 'server.js'));
    expect(results[0]!.fatalErrorCount).toBe(1);
    expect(results[0]!.messages).toEqual([{ ruleId: null, fatal: true, severity: 2, line: 2, column: 21, message: expect.stringMatching(/^Parsing error/) }]);
  });

  it('stylish: the parsing error is one of the problems', async () => {
    const dir = project(ONLY_BROKEN);
    const { status, stdout } = await audit(dir, '--format', 'stylish');
    expect(status).toBe(3);
    expect(stdout).toMatch(/server\.js\n\s+2:21\s+error\s+Parsing error/);
    expect(stdout).toContain('1 problem (1 error, 0 warnings)');
  });

  it('exits 3 rather than 1 when there are findings too', async () => {
    const dir = project({ ...ONLY_BROKEN, 'open.js': "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\n" });
    const { status, stdout } = await audit(dir);
    expect(status).toBe(3);
    expect(stdout).toContain('1 finding(s) in 2 file(s), 1 route(s).\n1 file(s) could not be parsed');
  });

  it('the route map: table, json and the HTML page say which files are missing from it, exit 3', async () => {
    const dir = project({ ...ONLY_BROKEN, 'ok.js': `${CLEAN}app.get('/', (req, res) => res.send('ok'));\n` });
    const table = await audit(dir, '--routes');
    expect(table.status).toBe(3);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe('1 file(s) could not be parsed, so their routes are not shown: server.js.');
    const json = await audit(dir, '--routes', '--format', 'json');
    expect(json.status).toBe(3);
    expect(JSON.parse(json.stdout).summary.unparsed).toEqual(['server.js']);
    const html = path.join(dir, 'out', 'routes.html');
    await audit(dir, '--routes', '--html', html);
    expect(readFileSync(html, 'utf8')).toContain('<p class="unparsed" role="alert">1 file(s) could not be parsed, so their routes are not shown: server.js.</p>');
  });

  it('a tree that parses exits 0 and says nothing of parsing', async () => {
    const dir = project({ 'ok.js': CLEAN });
    const { status, stdout } = await audit(dir);
    expect(status).toBe(0);
    expect(stdout).not.toContain('parsed');
  });
});
