import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Middleware, Route } from '../../src/analysis/express';
import { analyze } from './analyze';

const DIR = path.join(__dirname, '../fixtures/classify');

/** `kinds:via (reason @file:line; …)` for each middleware of a route's chain. */
function described(middleware: Middleware): string {
  const kinds = [...middleware.kinds].join('+') || '-';
  const reasons = [...(middleware.reasons?.values() ?? [])].map(
    (reason) => `${reason.text} @${reason.file ? path.relative(DIR, reason.file) : '?'}:${reason.node.loc.start.line}`,
  );
  return `${kinds}:${middleware.via}${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`;
}

function chainOf(route: Route): string[] {
  return route.chain.map(described);
}

describe('middleware classified by its definition', () => {
  it('CommonJS: follows the body across files, whatever the name says', () => {
    const { model } = analyze(
      `const express = require('express');
const security = require('./lib/security');
const { validateToken, validateTransfer } = require('./middleware/tokens');
const session = require('./middleware/session');
const { featurePolicy, secure, securityHeaders } = require('./middleware/headers');
const limits = require('./middleware/limits');
const app = express();
app.use(featurePolicy());
app.use(secure);
app.use(securityHeaders);
app.post('/a', security.isAuthorized(), security.hasRole('admin'), validateToken, validateTransfer, (req, res) => res.end());
app.post('/b', session.validateLogin, session.checkAuth, session.requireLogin, limits.protect({ max: 5 }), limits.loginLimiter, (req, res) => res.end());`,
      { filename: path.join(DIR, 'app.js'), followImports: true },
    );
    const [a, b] = model.routes;
    expect(chainOf(a!)).toEqual([
      'headers:definition (sets Feature-Policy @middleware/headers.js:3)',
      'headers:definition (sets Content-Security-Policy @middleware/headers.js:9)',
      'authentication:definition (checks req.session.user @middleware/headers.js:15)',
      'authentication:definition (calls expressJwt @lib/security.js:7)',
      'authentication+authorization:definition (checks req.user @lib/security.js:11; compares req.user.role @lib/security.js:11)',
      'authentication:definition (calls security.verify: calls jwt.verify @lib/security.js:15)',
      'validation:definition (calls transferSchema.validate @middleware/tokens.js:17)',
    ]);
    expect(chainOf(b!).slice(3)).toEqual([
      'authentication:definition (checks req.session.user @middleware/session.js:3)',
      'authorization:definition (compares req.user.id with req.params.userId @middleware/session.js:16)',
      'authentication:definition (checks req.user @middleware/session.js:22)',
      'rateLimit:definition (answers 429 @middleware/limits.js:8)',
      'authentication:definition (checks req.session.userId @middleware/limits.js:14)',
    ]);
  });

  it('TypeScript ESM: verifiers, expressjwt factories, role checks and schema factories', () => {
    const { model } = analyze(
      `import express from 'express';
import { validateToken, isAuthorized, requireRole, validate } from './lib/guards';
const app = express();
app.post('/a', validateToken, isAuthorized(), requireRole('admin'), validate(schema), (req, res) => res.end());`,
      { filename: path.join(DIR, 'app.ts'), followImports: true },
    );
    expect(chainOf(model.routes[0]!)).toEqual([
      'authentication:definition (calls jwt.verify @lib/guards.ts:11)',
      'authentication:definition (calls expressjwt @lib/guards.ts:19)',
      'authorization:definition (compares req.auth.roles @lib/guards.ts:24)',
      'validation:definition (calls schema.parse @lib/guards.ts:31)',
    ]);
  });

  it('same-file definitions and factories', () => {
    const { model } = analyze(`
      import express from 'express';
      import jwt from 'jsonwebtoken';
      const app = express();
      function validateToken(req, res, next) {
        jwt.verify(req.headers.authorization, process.env.KEY, (err, claims) => {
          if (err) return res.sendStatus(401);
          req.user = claims;
          next();
        });
      }
      const featurePolicy = () => (req, res, next) => { res.header('Permissions-Policy', 'camera=()'); next(); };
      function throttle(req, res, next) { if (!req.user) return res.sendStatus(401); next(); }
      app.get('/x', featurePolicy(), validateToken, throttle, (req, res) => res.json(req.user));
    `);
    expect(chainOf(model.routes[0]!).map((entry) => entry.replace(/ @\?:\d+/g, ''))).toEqual([
      'headers:definition (sets Permissions-Policy)',
      'authentication:definition (calls jwt.verify)',
      'authentication:definition (checks req.user)',
    ]);
  });

  it('uses the name only when the definition shows nothing or cannot be seen', () => {
    const { model } = analyze(`
      import express from 'express';
      import { validateToken } from 'some-auth-package';
      const app = express();
      function requireAdmin(req, res, next) { audit(req); next(); }
      function checkAdmin(req, res, next) { if (!req.user) return res.sendStatus(401); if (!acl.allows(req.user)) return res.sendStatus(403); next(); }
      app.get('/x', validateToken, requireAdmin, checkAdmin, (req, res) => res.end());
    `);
    expect(chainOf(model.routes[0]!).map((entry) => entry.replace(/ @\?:\d+/g, ''))).toEqual([
      'validation:name',
      'authorization:name',
      // The name says authorization and the body shows only a sign-in check: both count.
      'authentication+authorization:definition (checks req.user)',
    ]);
  });

  it('a check that rejects nothing is no gate', () => {
    const { model } = analyze(`
      import express from 'express';
      const app = express();
      function loadUser(req, res, next) { if (req.user) res.locals.name = req.user.name; next(); }
      function loadFlags(req, res, next) { res.locals.admin = req.user.role === 'admin'; next(); }
      app.get('/x', loadUser, loadFlags, (req, res) => res.end());
    `);
    expect(chainOf(model.routes[0]!)).toEqual(['-:none', '-:none']);
  });

  it('is computed once per middleware: forty routes share one answer', () => {
    const { model } = analyze(
      `const express = require('express');
const { validateToken } = require('./middleware/tokens');
const app = express();
app.get('/a', validateToken, (req, res) => res.end());
app.get('/b', validateToken, (req, res) => res.end());`,
      { filename: path.join(DIR, 'app.js'), followImports: true },
    );
    const [a, b] = model.routes;
    expect(a!.chain[0]!.reasons).toBeDefined();
    expect(b!.chain[0]!.reasons).toBe(a!.chain[0]!.reasons);
  });
});

describe('passport', () => {
  it('passport.session() and passport.initialize() are no authentication; authenticate and ensureLoggedIn are', () => {
    const { model } = analyze(`
      import express from 'express';
      import passport from 'passport';
      import { ensureLoggedIn } from 'connect-ensure-login';
      const app = express();
      app.use(passport.initialize());
      app.use(passport.session());
      app.get('/a', (req, res) => res.end());
      app.get('/b', ensureLoggedIn('/login'), (req, res) => res.end());
      app.post('/login', passport.authenticate('local'), (req, res) => res.end());
    `);
    expect(model.routes.map((route) => route.chain.map((middleware) => `${[...middleware.kinds].join('+') || '-'}:${middleware.via}`))).toEqual([
      ['-:module', '-:module'],
      ['-:module', '-:module', 'authentication:module'],
      ['-:module', '-:module', 'authentication:module'],
    ]);
  });

  it('a project middleware that checks req.isAuthenticated() authenticates', () => {
    const { model } = analyze(`
      import express from 'express';
      const app = express();
      function mustSignIn(req, res, next) { if (req.isAuthenticated()) return next(); res.redirect('/login'); }
      app.get('/a', mustSignIn, (req, res) => res.end());
    `);
    expect(chainOf(model.routes[0]!).map((entry) => entry.replace(/ @\?:\d+/g, ''))).toEqual(['authentication:definition (checks req.isAuthenticated())']);
  });
});

describe('guest-only gates', () => {
  it('a middleware that passes on only whoever is not signed in guards nothing, whatever its name says', () => {
    const { model } = analyze(`
      import express from 'express';
      const app = express();
      function isNotAuthenticated(req, res, next) { if (!req.isAuthenticated()) return next(); res.redirect('/learn'); }
      function requireGuest(req, res, next) { if (req.user) return res.redirect('/'); next(); }
      function ensureAuth(req, res, next) { if (req.session.userId == null) return res.redirect('/login'); next(); }
      function isLoggedIn(req, res, next) { if (req.isUnauthenticated()) { return res.redirect('/login'); } return next(); }
      app.get('/login', isNotAuthenticated, requireGuest, (req, res) => res.render('login'));
      app.get('/me', ensureAuth, isLoggedIn, (req, res) => res.json(req.user));
    `);
    expect(model.routes.map((route) => route.chain.map((middleware) => `${[...middleware.kinds].join('+') || '-'}:${middleware.via}`))).toEqual([
      ['-:definition', '-:definition'],
      ['authentication:definition', 'authentication:definition'],
    ]);
  });
});

describe('handler selection', () => {
  it('takes the last argument that behaves as a handler; middleware calls after it are neither handler nor chain', () => {
    const { model } = analyze(
      `const express = require('express');
const guard = require('express-jwt-permissions')();
const { body } = require('express-validator');
const security = require('./lib/security');
const app = express();
function show(req, res) { res.json(req.query); }
function gate(req, res, next) { next(); }
app.get('/a', show, guard.check('admin'));
app.get('/b', security.isAuthorized(), show, body('x').isEmail(), security.hasRole('admin'));
app.get('/c', gate, guard.check('admin'));
app.get('/d', unknownThing, guard.check('admin'));
app.post('/login', passport.authenticate('local', { failureRedirect: '/login' }));`,
      { filename: path.join(DIR, 'app.js'), followImports: true },
    );
    const summary = model.routes.map((route) => ({
      path: route.path,
      handler: route.handler ? (route.handler.fn.type === 'FunctionDeclaration' ? route.handler.fn.id?.name : route.handler.fn.type) : null,
      handlerColumn: route.handlerNode?.loc.start.column,
      chain: route.chain.map((middleware) => [...middleware.kinds].join('+')),
    }));
    expect(summary).toEqual([
      { path: '/a', handler: 'show', handlerColumn: 14, chain: [] },
      { path: '/b', handler: 'show', handlerColumn: 39, chain: ['authentication'] },
      // `gate` passes every request on: the guard after it is what answers, as far as the syntax shows.
      { path: '/c', handler: null, handlerColumn: 20, chain: [''] },
      // What `unknownThing` does cannot be seen: the last argument stays the handler.
      { path: '/d', handler: null, handlerColumn: 28, chain: [''] },
      { path: '/login', handler: null, handlerColumn: 19, chain: [] },
    ]);
  });
});
