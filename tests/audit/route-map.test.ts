// The route map: every route of a project across files, with its full mounted path and, for each
// defense, the middleware that provides it. Asserted exactly on examples/ and the multi-file fixture.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit, routeLines } from './run';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project: file name -> contents. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'express-security-routes-'));
  temporary.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('route map', () => {
  it('maps the vulnerable example: routers mounted from app.js, nothing but requireAuth in place', async () => {
    expect(await routeLines('examples/vulnerable')).toEqual([
      'GET /api/orders/:id routes/orders.ts:8 | headers=- authentication=requireAuth@routes/orders.ts:8 authorization=- validation=- rateLimit=-',
      'POST /auth/login routes/auth.js:8 | headers=- authentication=n/a authorization=n/a validation=- rateLimit=-',
      'GET /tools/preview routes/preview.mjs:6 | headers=- authentication=- authorization=n/a validation=- rateLimit=-',
    ]);
  });

  it('maps the fixed example: helmet and the API limiter from app.js reach every router, the login limiter, in-handler validation and the query scoped to the user show, authorization n/a on login and the public tool', async () => {
    expect(await routeLines('examples/fixed')).toEqual([
      'GET /api/orders/:id routes/orders.ts:10 | headers=helmet()@app.js:12 authentication=requireAuth@routes/orders.ts:10 authorization=scoped to the user in handler@routes/orders.ts:16 validation=orderParams.safeParse(…) in handler@routes/orders.ts:11 rateLimit=apiLimiter@app.js:26',
      'POST /auth/login routes/auth.js:12 | headers=helmet()@app.js:12 authentication=n/a authorization=n/a validation=credentials.safeParse(…) in handler@routes/auth.js:13 rateLimit=loginLimiter@routes/auth.js:12',
      'GET /tools/preview routes/preview.mjs:9 | headers=helmet()@app.js:12 authentication=- authorization=n/a validation=previewQuery.safeParse(…) in handler@routes/preview.mjs:10 rateLimit=apiLimiter@app.js:27',
    ]);
  });

  it('maps the fixture: three levels of mounted routers, a sub-app, a route module that receives the app, helmet added by another module', async () => {
    expect(await routeLines('tests/fixtures/audit-project')).toEqual([
      'GET / server.js:13 | headers=helmet()@security.js:5 authentication=- authorization=n/a validation=- rateLimit=-',
      'GET /admin/stats admin/app.js:8 | headers=helmet()@security.js:5 authentication=basicAuth(…)@admin/app.js:7 authorization=- validation=- rateLimit=-',
      'GET /api/health routes/index.js:8 | headers=helmet()@security.js:5 authentication=authenticate@server.js:14 authorization=- validation=- rateLimit=-',
      'GET /api/v1/orders/:id routes/v1/orders.ts:6 | headers=helmet()@security.js:5 authentication=authenticate@server.js:14 authorization=- validation=- rateLimit=apiLimiter@routes/index.js:9',
      'GET /api/v1/users routes/v1/users.ts:9 | headers=helmet()@security.js:5 authentication=authenticate@server.js:14 authorization=- validation=- rateLimit=apiLimiter@routes/index.js:9',
      'POST /api/v1/users routes/v1/users.ts:17 | headers=helmet()@security.js:5 authentication=authenticate@server.js:14 authorization=canManageUsers@routes/v1/users.ts:17 validation=body(…).isEmail()@routes/v1/users.ts:17 rateLimit=apiLimiter@routes/index.js:9',
      'GET /api/v1/users/:id routes/v1/users.ts:13 | headers=helmet()@security.js:5 authentication=authenticate@server.js:14 authorization=canManageUsers@routes/v1/users.ts:13 validation=- rateLimit=apiLimiter@routes/index.js:9',
      'POST /signup routes/register.js:6 | headers=helmet()@security.js:5 authentication=n/a authorization=n/a validation=- rateLimit=-',
    ]);
  });

  it('prints the fixture as an aligned terminal table with a summary of what is missing', async () => {
    const { status, stdout } = await audit('tests/fixtures/audit-project', '--routes');
    expect(status).toBe(0);
    expect(stdout).toBe(
      [
        'METHOD  PATH                LOCATION               HEADERS   AUTHENTICATION  AUTHORIZATION   VALIDATION         RATE LIMIT',
        'GET     /                   server.js:13           helmet()  ✗               n/a             ✗                  ✗',
        'GET     /admin/stats        admin/app.js:8         helmet()  basicAuth(…)    ✗               ✗                  ✗',
        'GET     /api/health         routes/index.js:8      helmet()  authenticate    ✗               ✗                  ✗',
        'GET     /api/v1/orders/:id  routes/v1/orders.ts:6  helmet()  authenticate    ✗               ✗                  apiLimiter',
        'GET     /api/v1/users       routes/v1/users.ts:9   helmet()  authenticate    ✗               ✗                  apiLimiter',
        'POST    /api/v1/users       routes/v1/users.ts:17  helmet()  authenticate    canManageUsers  body(…).isEmail()  apiLimiter',
        'GET     /api/v1/users/:id   routes/v1/users.ts:13  helmet()  authenticate    canManageUsers  ✗                  apiLimiter',
        'POST    /signup             routes/register.js:6   helmet()  n/a             n/a             ✗                  ✗',
        '',
        '✗ = missing, n/a = does not apply. 8 route(s); missing: headers 0, authentication 1, authorization 4, validation 7, rate limit 4.',
        '',
        'Why each middleware counts:',
        '  apiLimiter: rateLimit (module express-rate-limit)',
        '  authenticate: authentication (calls passport.authenticate, lib/auth.js:3)',
        '  basicAuth(…): authentication (module express-basic-auth)',
        '  body(…).isEmail(): validation (module express-validator)',
        '  canManageUsers: authorization (by settings)',
        '  helmet(): headers (module helmet)',
        '',
      ].join('\n'),
    );
  });

  it('shows each middleware with the kind its definition gives it and why, whatever its name says', async () => {
    const { status, stdout } = await audit('tests/fixtures/classify', '--routes');
    expect(status).toBe(0);
    expect(stdout.slice(stdout.indexOf('Why each middleware counts:'))).toBe(
      [
        'Why each middleware counts:',
        '  featurePolicy(): headers (sets Feature-Policy, middleware/headers.js:3)',
        '  limits.protect(…): rateLimit (answers 429, middleware/limits.js:8)',
        '  security.isAuthorized(): authentication (calls expressJwt, lib/security.js:7)',
        '  session.checkAuth: authorization (compares req.user.id with req.params.userId, middleware/session.js:16)',
        '  session.validateLogin: authentication (checks req.session.user, middleware/session.js:3)',
        '  validateToken: authentication (calls security.verify: calls jwt.verify, lib/security.js:15)',
        '  validateTransfer: validation (calls transferSchema.validate, middleware/tokens.js:17)',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await audit('tests/fixtures/classify', '--routes', '--format', 'json')).stdout) as {
      routes: { path: string; defenses: Record<string, { name: string; reason: string }[]> }[];
    };
    const orders = json.routes.find((route) => route.path === '/orders/:id')!;
    expect(orders.defenses.authentication).toEqual([
      { name: 'security.isAuthorized()', file: 'server.js', line: 12, reason: 'calls expressJwt, lib/security.js:7' },
    ]);
    expect(orders.defenses.authorization).toEqual([]);
  });

  it('leaves out what .gitignore and the project ESLint ignores exclude (ignored/, *.generated.js, legacy/)', async () => {
    const lines = await routeLines('tests/fixtures/audit-project');
    expect(lines.filter((line) => /\/debug|\/generated|\/legacy/.test(line))).toEqual([]);
  });

  it('shows the path from the router on, marked unmounted, when no file of the project mounts the router', async () => {
    const lines = await routeLines('tests/fixtures/audit-project/routes/v1');
    expect(lines).toEqual([
      'GET …/orders/:id orders.ts:6 (unmounted) | headers=- authentication=- authorization=- validation=- rateLimit=-',
      'GET …/users users.ts:9 (unmounted) | headers=- authentication=- authorization=- validation=- rateLimit=-',
      'POST …/users users.ts:17 (unmounted) | headers=- authentication=- authorization=canManageUsers@users.ts:17 validation=body(…).isEmail()@users.ts:17 rateLimit=-',
      'GET …/users/:id users.ts:13 (unmounted) | headers=- authentication=- authorization=canManageUsers@users.ts:13 validation=- rateLimit=-',
    ]);
  });

  it('binds an app handed to a named function of a module to that function only, and lists a route reached twice once', async () => {
    const dir = project({
      'server.js': [
        "const express = require('express');",
        "const helmet = require('helmet');",
        "const routes = require('./routes');",
        'const app = express();',
        'app.use(helmet());',
        'routes.mountPublic(app);',
        'routes.mountPublic(app);',
        '',
      ].join('\n'),
      'routes.js': [
        'exports.mountPublic = function mountPublic(app) {',
        "  app.get('/status', (req, res) => res.send('ok'));",
        '};',
        'exports.mountAdmin = (app) => {',
        "  app.delete('/users/:id', (req, res) => res.sendStatus(204));",
        '};',
        '',
      ].join('\n'),
    });
    expect(await routeLines(dir)).toEqual([
      'GET /status routes.js:2 | headers=helmet()@server.js:5 authentication=- authorization=n/a validation=- rateLimit=-',
      'DELETE …/users/:id routes.js:5 (unmounted) | headers=- authentication=- authorization=- validation=- rateLimit=-',
    ]);
  });

  it('shows a mount path that is not a constant as (dynamic), and never throws on odd registrations', async () => {
    const dir = project({
      'app.ts': [
        "import express from 'express';",
        "import api from './api';",
        'const app = express();',
        'const apiPrefix = process.env.PREFIX;',
        'app.use(apiPrefix as string, api);',
        "app[('get')]('/computed', (req, res) => res.end());",
        "app.get(...['/spread', (req: express.Request, res: express.Response) => res.end()]);",
        "app?.post('/optional', (req, res) => res.end());",
        '',
      ].join('\n'),
      'api.ts': "import { Router } from 'express';\nconst router = Router();\nrouter.get('/items', (req, res) => res.json([]));\nexport default router;\n",
    });
    expect(await routeLines(dir)).toEqual([
      'GET /computed app.ts:6 | headers=- authentication=- authorization=n/a validation=- rateLimit=-',
      'POST /optional app.ts:8 | headers=- authentication=- authorization=n/a validation=- rateLimit=-',
      'GET (dynamic)/items api.ts:3 | headers=- authentication=- authorization=n/a validation=- rateLimit=-',
    ]);
  });
});
