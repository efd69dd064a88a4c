// The findings part of the audit: the plugin's strict config over the whole tree, re-checked with
// the project in view (routers mounted behind defenses in other files, apps handed to other
// modules, `appliedElsewhere` claims), in the text, json, stylish and sarif formats.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit } from './run';

interface JsonMessage {
  ruleId: string;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  projectLevel?: boolean;
}

async function jsonFindings(dir: string): Promise<{ status: number; lines: string[]; messages: JsonMessage[] }> {
  const { status, stdout } = await audit(dir, '--format', 'json');
  const results = JSON.parse(stdout) as { filePath: string; messages: JsonMessage[] }[];
  const root = path.resolve(dir);
  const lines = results.flatMap((result) =>
    result.messages.map(
      (message) =>
        `${path.relative(root, result.filePath)}:${message.line}:${message.column}-${message.endLine}:${message.endColumn} ${message.ruleId}/${message.messageId}${message.projectLevel ? ' (project)' : ''}`,
    ),
  );
  return { status, lines, messages: results.flatMap((result) => result.messages) };
}

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project: file name -> contents. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'express-security-audit-'));
  temporary.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('findings with the whole project in view', () => {
  it('reports the fixture: a refuted appliedElsewhere claim and an authentication from another file are project-level', async () => {
    const { status, lines } = await jsonFindings('tests/fixtures/audit-project');
    expect(status).toBe(1);
    expect(lines).toEqual([
      'routes/register.js:6:3-9:5 express-security/require-rate-limit/missingRateLimit (project)',
      'routes/register.js:8:53-8:61 express-security/require-validation/unvalidatedInput',
      'routes/v1/orders.ts:7:18-7:47 express-security/no-auth-without-authz/missingAuthorization (project)',
    ]);
  });

  it('names, in the text output, what each project-level finding needed and what resolved the others', async () => {
    const { status, stdout } = await audit('tests/fixtures/audit-project');
    expect(status).toBe(1);
    expect(stdout).toContain(
      'routes/v1/orders.ts:7:18 [project-level]  GET /api/v1/orders/:id loads Order by req.params.id with no authorization check',
    );
    expect(stdout).toContain('[project: found with the chain the route gets where it is mounted: authenticate (server.js:14) in the chain of the mounted routes]');
    expect(stdout).toContain(
      '[project: the settings say rateLimit is applied elsewhere, but POST /signup, mounted at server.js:16, has no rate limiter in its whole chain]',
    );
    const resolved = stdout.slice(stdout.indexOf('Resolved with the whole project in view'));
    expect(resolved.split('\n').slice(0, 7)).toEqual([
      'Resolved with the whole project in view (6):',
      '  routes/v1/orders.ts:6:1  express-security/require-rate-limit: answered by apiLimiter (routes/index.js:9) in the chain of the mounted routes',
      '  routes/v1/users.ts:9:1  express-security/require-rate-limit: answered by apiLimiter (routes/index.js:9) in the chain of the mounted routes',
      '  routes/v1/users.ts:13:1  express-security/require-rate-limit: answered by apiLimiter (routes/index.js:9) in the chain of the mounted routes',
      '  routes/v1/users.ts:17:1  express-security/require-rate-limit: answered by apiLimiter (routes/index.js:9) in the chain of the mounted routes',
      '  server.js:8:13  express-security/require-helmet: security headers added by helmet() (security.js:5), which receives the app',
      '  admin/app.js:5:15  express-security/require-helmet: every route of this app is mounted behind security-header middleware in another file',
    ]);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('3 finding(s) (2 project-level) in 10 file(s), 8 route(s).');
  });

  it('groups findings by rule, each group headed by the rule id and its count', async () => {
    const { stdout } = await audit('tests/fixtures/audit-project');
    const headings = stdout.split('\n').filter((line) => line.startsWith('express-security/'));
    expect(headings).toEqual([
      'express-security/no-auth-without-authz (1)',
      'express-security/require-rate-limit (1)',
      'express-security/require-validation (1)',
    ]);
  });

  it('keeps an app handed to a module that adds no headers, marked project-level (CommonJS)', async () => {
    const dir = project({
      'server.js': "const express = require('express');\nconst configureSecurity = require('./security');\nconst app = express();\nconfigureSecurity(app);\napp.get('/', (req, res) => res.send('ok'));\n",
      'security.js': "const cors = require('cors');\nmodule.exports = function configureSecurity(app) {\n  app.use(cors());\n};\n",
    });
    const { status, lines, messages } = await jsonFindings(dir);
    expect(status).toBe(1);
    expect(lines).toEqual(['server.js:3:13-3:22 express-security/require-helmet/missingHelmet (project)']);
    expect(messages[0]!.message).toMatch(/\[project: security\.js receives the app and adds no security headers either\]$/);
  });

  it('resolves a helmet finding when the imported module adds helmet to the app it receives (ESM, TypeScript)', async () => {
    const dir = project({
      'server.ts': "import express from 'express';\nimport { harden } from './harden.js';\nconst app = express();\nharden(app);\napp.get('/', (req, res) => res.send('ok'));\n",
      'harden.ts': "import helmet from 'helmet';\nimport type { Express } from 'express';\nexport function harden(app: Express): void {\n  app.use(helmet());\n}\n",
    });
    const { status, stdout } = await audit(dir);
    expect(status).toBe(0);
    expect(stdout).toContain('server.ts:3:13  express-security/require-helmet: security headers added by helmet() (harden.ts:4), which receives the app');
  });

  it('resolves a rate-limit finding when the router is mounted behind a limiter in another file (ESM)', async () => {
    const dir = project({
      'app.mjs':
        "import express from 'express';\nimport helmet from 'helmet';\nimport rateLimit from 'express-rate-limit';\nimport auth from './auth.mjs';\nconst app = express();\napp.use(helmet());\napp.use('/auth', rateLimit({ limit: 5 }), auth);\n",
      'auth.mjs': "import { Router } from 'express';\nconst router = Router();\nrouter.post('/login', (req, res) => res.sendStatus(204));\nexport default router;\n",
    });
    const { status, stdout } = await audit(dir);
    expect(status).toBe(0);
    expect(stdout).toContain('auth.mjs:3:1  express-security/require-rate-limit: answered by rateLimit(…) (app.mjs:7) in the chain of the mounted routes');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('No findings in 2 file(s), 1 route(s).');
  });

  it('audits the fixed example clean, with the strict config: exit 0, what the project answers listed as resolved', async () => {
    const { status, stdout } = await audit('examples/fixed');
    expect(stdout).toContain('No findings in 4 file(s), 3 route(s).');
    expect(stdout).toContain('routes/orders.ts:10:1  express-security/require-rate-limit: answered by apiLimiter (app.js:26) in the chain of the mounted routes');
    expect(status).toBe(0);
  });

  it('exits 0 and says so on a tree with no findings', async () => {
    const dir = project({ 'index.js': 'module.exports = (a, b) => a + b;\n' });
    const { status, stdout } = await audit(dir);
    expect(status).toBe(0);
    expect(stdout).toBe('No findings in 1 file(s), 0 route(s).\n');
  });

  it('lists a file that does not parse on stderr, audits the rest, and exits 3', async () => {
    const dir = project({ 'broken.js': 'const = ;\n', 'ok.js': 'module.exports = 1;\n' });
    const { status, stderr } = await audit(dir);
    expect(status).toBe(3);
    expect(stderr).toMatch(/could not parse broken\.js: Parsing error/);
  });

  it('notes a project ESLint config that cannot be loaded, and audits without it', async () => {
    const dir = project({ 'eslint.config.mjs': "import missing from 'a-plugin-that-is-not-installed';\nexport default [missing];\n", 'ok.js': 'module.exports = 1;\n' });
    const { status, stderr } = await audit(dir);
    expect(status).toBe(0);
    expect(stderr).toContain('note: eslint.config.mjs could not be loaded');
  });

  it('fails with status 2 and one line when the project settings are invalid', async () => {
    const dir = project({ 'eslint.config.mjs': "export default [{ settings: { 'express-security': { appliedElsewhere: ['firewall'] } } }];\n" });
    const { status, stderr } = await audit(dir);
    expect(status).toBe(2);
    expect(stderr).toBe(
      "express-security: the project's settings['express-security'].appliedElsewhere has an unknown defense 'firewall'; known defenses are headers, rateLimit, validation, authentication, authorization.\n",
    );
  });

  it('shows a progress line on large trees when asked (it is on by default only on a terminal)', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 210; index++) files[`lib/file${index}.js`] = `module.exports = ${index};\n`;
    const dir = project(files);
    const quiet = await audit(dir);
    expect(quiet.stderr).not.toContain('files analysed');
    const { stderr } = await audit(dir, '--progress');
    expect(stderr.startsWith('\r\u001b[Kexpress-security: ')).toBe(true);
    expect(stderr).toMatch(/express-security: \d+ files analysed… lib\/file\d+\.js/);
  });
});

describe('formats', () => {
  it('writes SARIF 2.1.0 with rule metadata, CWE tags, relative locations and the project-level mark', async () => {
    const { status, stdout } = await audit('tests/fixtures/audit-project', '--format', 'sarif');
    expect(status).toBe(1);
    const log = JSON.parse(stdout);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual([
      'express-security/no-auth-without-authz',
      'express-security/require-rate-limit',
      'express-security/require-validation',
    ]);
    expect(run.tool.driver.rules[1].properties.tags).toEqual(['security', 'external/cwe/cwe-307', 'external/cwe/cwe-770']);
    expect(run.tool.driver.rules[1].helpUri).toMatch(/docs\/rules\/require-rate-limit\.md$/);
    const signup = run.results.find((result: { ruleId: string }) => result.ruleId === 'express-security/require-rate-limit');
    expect(signup.ruleIndex).toBe(1);
    expect(signup.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'routes/register.js', uriBaseId: '%SRCROOT%' },
      region: { startLine: 6, startColumn: 3, endLine: 9, endColumn: 5 },
    });
    expect(signup.properties).toEqual({ projectLevel: true });
    expect(run.results).toHaveLength(3);
  });

  it('writes ESLint stylish output', async () => {
    const { status, stdout } = await audit('tests/fixtures/audit-project', '--format', 'stylish');
    expect(status).toBe(1);
    expect(stdout).toMatch(/audit-project\/routes\/register\.js\n\s+6:3\s+error\s+POST \/signup has no rate limiter/);
    expect(stdout).toContain('3 problems (3 errors, 0 warnings)');
  });

  it('prints the route map as JSON with a summary of missing defenses', async () => {
    const { status, stdout } = await audit('examples/vulnerable', '--routes', '--format', 'json');
    expect(status).toBe(0);
    expect(JSON.parse(stdout).summary).toEqual({
      routes: 3,
      missing: { headers: 3, rateLimit: 3, validation: 3, authentication: 1, authorization: 1 },
    });
  });
});
