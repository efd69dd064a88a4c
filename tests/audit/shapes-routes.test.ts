// The route map on the fixtures of tests/fixtures/shapes/: each shape production apps use, with
// every route at its full mounted path and, for each defense, the middleware that provides it.
import { describe, expect, it } from 'vitest';
import { audit, routeLines } from './run';

describe('route map of the shapes fixtures', () => {
  it("inline-router: require('express').Router(), a destructured Router and an ESM Router import, mounted by require in the app", async () => {
    expect(await routeLines('tests/fixtures/shapes/inline-router')).toEqual([
      'GET /items/:id routes/items.js:4 | headers=helmet()@app.js:5 authentication=- authorization=n/a validation=- rateLimit=-',
      'GET /tags routes/tags.mjs:4 | headers=helmet()@app.js:5 authentication=- authorization=n/a validation=- rateLimit=-',
      'GET /users routes/users.js:4 | headers=helmet()@app.js:5 authentication=requireAuth@routes/users.js:4 authorization=- validation=- rateLimit=-',
      'POST /users/:id routes/users.js:5 | headers=helmet()@app.js:5 authentication=requireAuth@routes/users.js:5 authorization=- validation=- rateLimit=-',
    ]);
  });
});

describe('route map: apps handed to route modules', () => {
  it('param-app: ({ app }), args.app and register({ app, db }) modules get the app of server.js, with its helmet', async () => {
    expect(await routeLines('tests/fixtures/shapes/param-app')).toEqual([
      'GET /admin routes/admin.js:4 | headers=helmet()@server.js:6 authentication=passport.authenticate(…)@routes/admin.js:4 authorization=- validation=- rateLimit=-',
      'GET /posts routes/posts.js:2 | headers=helmet()@server.js:6 authentication=- authorization=n/a validation=- rateLimit=-',
      'POST /posts routes/posts.js:3 | headers=helmet()@server.js:6 authentication=- authorization=n/a validation=- rateLimit=-',
      'GET /users routes/users.js:2 | headers=helmet()@server.js:6 authentication=- authorization=n/a validation=- rateLimit=-',
    ]);
  });
});

describe('route map: route tables and dynamic paths', () => {
  it('route-table: routers of a literal table mounted by forEach and for-of reach the map at their paths, the loop limiter on its rows', async () => {
    expect(await routeLines('tests/fixtures/shapes/route-table')).toEqual([
      'GET /health routes/health.js:4 | headers=helmet()@app.js:9 authentication=- authorization=n/a validation=- rateLimit=rateLimit(…)@app.js:18',
      'GET /orders/:id routes/orders.js:4 | headers=helmet()@app.js:9 authentication=- authorization=n/a validation=- rateLimit=-',
      'GET /users routes/users.js:4 | headers=helmet()@app.js:9 authentication=- authorization=n/a validation=- rateLimit=-',
    ]);
  });

  it('dynamic-path: a computed path is a path, the /login limiter covers /login only', async () => {
    expect(await routeLines('tests/fixtures/shapes/dynamic-path')).toEqual([
      'GET /api/status app.js:15 | headers=helmet()@app.js:9 authentication=- authorization=n/a validation=- rateLimit=-',
      'POST /login app.js:13 | headers=helmet()@app.js:9 authentication=n/a authorization=n/a validation=- rateLimit=limiter@app.js:10',
      'POST /signup app.js:14 | headers=helmet()@app.js:9 authentication=n/a authorization=n/a validation=- rateLimit=-',
    ]);
  });
});

describe('route map: autoloaded folders', () => {
  it('autoload: routers required from a folder in a loop are mounted at the literal path, modules of a folder handed the app get it', async () => {
    expect(await routeLines('tests/fixtures/shapes/autoload')).toEqual([
      'GET /api/projects controllers/projects.js:4 | headers=helmet()@app.js:8 authentication=requireAuth@app.js:12 authorization=- validation=- rateLimit=-',
      'DELETE /api/projects/:id controllers/projects.js:5 | headers=helmet()@app.js:8 authentication=requireAuth@app.js:12 authorization=- validation=- rateLimit=-',
      'GET /api/teams/:id controllers/teams.js:4 | headers=helmet()@app.js:8 authentication=requireAuth@app.js:12 authorization=- validation=- rateLimit=-',
      'GET /health routes/health.js:2 | headers=helmet()@app.js:8 authentication=- authorization=n/a validation=- rateLimit=-',
      'POST /session routes/session.js:2 | headers=helmet()@app.js:8 authentication=n/a authorization=n/a validation=- rateLimit=-',
    ]);
  });
});

describe('route map: wrapped middleware, CommonJS scripts, and why a defense counts', () => {
  it('wrapped: asyncHandler(auth.jwt), wrap(auth.requireAuth) and catchAsync(auth.requireRole) keep their kinds; the wrapped handler is the handler', async () => {
    expect(await routeLines('tests/fixtures/shapes/wrapped')).toEqual([
      'GET /me app.js:10 | headers=helmet()@app.js:9 authentication=auth.jwt@app.js:10 authorization=- validation=- rateLimit=-',
      'GET /open app.js:12 | headers=helmet()@app.js:9 authentication=- authorization=n/a validation=- rateLimit=-',
      'POST /users/:id app.js:11 | headers=helmet()@app.js:9 authentication=auth.requireAuth@app.js:11 authorization=auth.requireRole@app.js:11 validation=- rateLimit=-',
    ]);
  });

  it('script-file: a CommonJS file that uses protected as a name is in the map', async () => {
    expect(await routeLines('tests/fixtures/shapes/script-file')).toEqual([
      'GET /admin app.js:7 | headers=helmet()@app.js:5 authentication=- authorization=n/a validation=- rateLimit=-',
    ]);
  });

  it('says for each defense why the middleware counts: its module, its name, a validation call or a user-scoped lookup in the handler', async () => {
    const { stdout } = await audit('examples/fixed', '--routes', '--format', 'json');
    const reasons = (JSON.parse(stdout) as { routes: { method: string; path: string; defenses: Record<string, { name: string; reason: string }[]> }[] }).routes.flatMap(
      (route) => Object.entries(route.defenses).flatMap(([kind, entries]) => entries.map((entry) => `${route.method} ${route.path} ${kind}: ${entry.name} (${entry.reason})`)),
    );
    expect(reasons).toEqual([
      'GET /api/orders/:id headers: helmet() (module helmet)',
      'GET /api/orders/:id rateLimit: apiLimiter (module express-rate-limit)',
      'GET /api/orders/:id validation: orderParams.safeParse(…) in handler (calls orderParams.safeParse, routes/orders.ts:11)',
      'GET /api/orders/:id authentication: requireAuth (by name)',
      'GET /api/orders/:id authorization: scoped to the user in handler (the handler filters what it loads by the signed-in user, routes/orders.ts:16)',
      'POST /auth/login headers: helmet() (module helmet)',
      'POST /auth/login rateLimit: loginLimiter (module express-rate-limit)',
      'POST /auth/login validation: credentials.safeParse(…) in handler (calls credentials.safeParse, routes/auth.js:13)',
      'GET /tools/preview headers: helmet() (module helmet)',
      'GET /tools/preview rateLimit: apiLimiter (module express-rate-limit)',
      'GET /tools/preview validation: previewQuery.safeParse(…) in handler (calls previewQuery.safeParse, routes/preview.mjs:10)',
    ]);
  });
});
