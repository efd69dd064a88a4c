import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter, type ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import { requireRateLimit } from '../../src/rules/require-rate-limit';
import { CLASSIFY_CJS_APP } from './cross-file-fixtures';

const ruleTester = new RuleTester();

ruleTester.run('require-rate-limit', requireRateLimit, {
  valid: [
    {
      name: 'ESM: app-level limiter registered before the route',
      code: `import express from 'express';
import rateLimit from 'express-rate-limit';
const app = express();
app.use(rateLimit({ windowMs: 60000, limit: 10 }));
app.post('/login', (req, res) => res.end());`,
    },
    {
      name: 'CommonJS: route-level limiter from express-rate-limit',
      filename: 'x.cjs',
      code: `const express = require('express');
const rateLimit = require('express-rate-limit');
const router = express.Router();
const loginLimiter = rateLimit({ limit: 5 });
router.post('/login', loginLimiter, (req, res) => res.end());
module.exports = router;`,
    },
    {
      name: 'mount-level limiter covers the router routes',
      code: `import express from 'express';
import { slowDown } from 'express-slow-down';
const app = express();
const authRouter = express.Router();
authRouter.post('/login', (req, res) => res.end());
app.use('/auth', slowDown({ delayAfter: 5 }), authRouter);`,
    },
    {
      name: 'router-level limiter known by its name',
      filename: 'x.cjs',
      code: `const { Router } = require('express');
const { RateLimiterMemory } = require('rate-limiter-flexible');
const router = Router();
router.use(throttle);
router.post('/signup', (req, res) => res.end());`,
    },
    {
      name: 'express-brute prevent (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const ExpressBrute = require('express-brute');
const bruteforce = new ExpressBrute(store);
const app = express();
app.post('/auth', bruteforce.prevent, (req, res) => res.end());`,
    },
    {
      name: 'rate-limiter-flexible consume inside the handler (ESM)',
      code: `import express from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import bcrypt from 'bcrypt';
const limiter = new RateLimiterMemory({ points: 5, duration: 60 });
const app = express();
app.post('/login', async (req, res) => {
  try { await limiter.consume(req.ip); } catch { return res.status(429).end(); }
  const ok = await bcrypt.compare(req.body.password, hash);
  res.json({ ok });
});`,
    },
    {
      name: 'limiter named in settings',
      code: `import express from 'express';
import { guardRequests } from './guards';
const app = express();
app.post('/login', guardRequests(), (req, res) => res.end());`,
      settings: { 'express-security': { rateLimitMiddleware: ['guardRequests'] } },
    },
    {
      name: 'limiter applied elsewhere, per settings, for a router mounted in another file',
      code: `import { Router } from 'express';
export const router = Router();
router.post('/login', (req, res) => res.end());`,
      settings: { 'express-security': { appliedElsewhere: ['rateLimit'] } },
    },
    {
      name: 'limiter applied elsewhere, per settings: the claim covers the routes of an app made in this file too',
      code: `import express from 'express';
const app = express();
app.post('/login', (req, res) => res.end());`,
      settings: { 'express-security': { appliedElsewhere: ['rateLimit'] } },
    },
    {
      name: 'limiter applied elsewhere, per settings, for an app made in this file (CommonJS)',
      filename: 'app.cjs',
      code: `const express = require('express');
const app = express();
app.post('/login', (req, res) => res.end());`,
      settings: { 'express-security': { appliedElsewhere: ['rateLimit'] } },
    },
    {
      name: 'GET /tokens (a listing) and DELETE /sessions/current (logout) are not sensitive',
      code: `import express from 'express';
const app = express();
app.get('/tokens', (req, res) => res.json([]));
app.delete('/sessions/current', (req, res) => res.end());
app.get('/login', (req, res) => res.render('login'));`,
    },
    {
      name: 'a test file builds an app for supertest',
      filename: 'login.test.ts',
      code: `import express from 'express';
const app = express();
app.post('/login', (req, res) => res.end());`,
    },
    {
      name: 'a logout under /auth and a Stripe checkout session are not credential routes',
      filename: 'x.cjs',
      code: `const express = require('express');
const router = express.Router();
router.post('/auth/logout', (req, res) => res.end());
router.post('/create-checkout-session', (req, res) => res.end());`,
    },
    {
      name: 'words inside unrelated words are not sensitive: /authors, /tokenizer',
      code: `import express from 'express';
const app = express();
app.post('/authors', (req, res) => res.end());
app.post('/tokenizer', (req, res) => res.end());`,
    },
    {
      name: 'one-word paths: GET pages and policies are not submissions, and words that only contain a sensitive one are not sensitive',
      filename: 'x.cjs',
      code: `const express = require('express');
const router = express.Router();
router.get('/forgotpw', (req, res) => res.render('forgotpw'));
router.get('/password-policy', (req, res) => res.json({ minLength: 12 }));
router.get('/tokens', (req, res) => res.json([]));
router.post('/passage', (req, res) => res.end());
router.post('/compass', (req, res) => res.end());
router.post('/checkin', (req, res) => res.end());
router.post('/userlogout', (req, res) => res.end());
module.exports = router;`,
    },
    {
      name: 'TypeScript: a one-word recovery path behind a limiter',
      code: `import express, { type Request, type Response } from 'express';
import rateLimit from 'express-rate-limit';
const router = express.Router();
router.post('/resetpw', rateLimit({ limit: 5 }), (req: Request, res: Response) => res.end());`,
    },
    {
      name: 'a token strategy on an ordinary API route is not a login',
      code: `import express from 'express';
import passport from 'passport';
const app = express();
app.post('/orders', passport.authenticate('jwt', { session: false }), (req, res) => res.end());`,
    },
    {
      name: 'scope sensitive (default): expensive work on an ordinary route is not reported',
      code: `import express from 'express';
import { Product } from './models';
const app = express();
app.get('/products', async (req, res) => res.json(await Product.find()));`,
    },
    {
      name: 'a shadowed bcrypt is not a credential check',
      code: `import express from 'express';
const app = express();
app.post('/items', (req, res) => { const bcrypt = { compare: () => true }; bcrypt.compare(1, 2); res.end(); });`,
    },
    {
      name: 'TypeScript syntax and odd code never throw',
      code: `import express, { type Request, type Response } from 'express';
const app = express();
const paths = ['/a'];
app[method]('/login', (req: Request, res: Response) => res.end());
app.post(...args);
app.post(dynamicPath, handler);
app.post('/items', (req: Request, res: Response) => { res?.json(req.body?.[key] as unknown); });`,
    },
  ],
  invalid: [
    {
      name: 'ESM: POST /login with bcrypt and no limiter',
      code: `import express from 'express';
import bcrypt from 'bcrypt';
const app = express();
app.post('/login', async (req, res) => res.json(await bcrypt.compare(req.body.p, h)));`,
      errors: [{ messageId: 'missingRateLimit', data: { route: 'POST /login' }, line: 4, column: 1, endLine: 4, endColumn: 86 }],
    },
    {
      name: 'CommonJS: signup on an exported router with no limiter',
      filename: 'x.cjs',
      code: `const express = require('express');
const router = express.Router();
router.post('/signup', (req, res) => res.end());
module.exports = router;`,
      errors: [{ messageId: 'missingRateLimit', data: { route: 'POST /signup' }, line: 3, column: 1, endLine: 3, endColumn: 48 }],
    },
    {
      name: 'CommonJS: recovery paths written as one word (/forgotpw, /resetpw, /pwreset, /forgotpassword)',
      filename: 'x.cjs',
      code: `const express = require('express');
const router = express.Router();
router.post('/forgotpw', handlers.forgotPw);
router.post('/resetpw', handlers.resetPwSubmit);
router.post('/pwreset', handlers.reset);
router.post('/forgotpassword', handlers.forgot);
module.exports = router;`,
      errors: [
        { messageId: 'missingRateLimit', data: { route: 'POST /forgotpw' }, line: 3, column: 1, endLine: 3, endColumn: 44 },
        { messageId: 'missingRateLimit', data: { route: 'POST /resetpw' }, line: 4, column: 1, endLine: 4, endColumn: 48 },
        { messageId: 'missingRateLimit', data: { route: 'POST /pwreset' }, line: 5, column: 1, endLine: 5, endColumn: 40 },
        { messageId: 'missingRateLimit', data: { route: 'POST /forgotpassword' }, line: 6, column: 1, endLine: 6, endColumn: 48 },
      ],
    },
    {
      name: 'ESM: camel case, one-time codes and sign-in paths (/resetPassword, /2fa/verify, /otp, /signin, /auth/local, /verifyOtp)',
      code: `import express from 'express';
const app = express();
app.put('/resetPassword', (req, res) => res.end());
app.post('/2fa/verify', (req, res) => res.end());
app.post('/otp', (req, res) => res.end());
app.post('/signin', (req, res) => res.end());
app.post('/auth/local', (req, res) => res.end());
app.post('/verifyOtp', (req, res) => res.end());
app.post('/account/verify2FA', (req, res) => res.end());`,
      errors: [
        { messageId: 'missingRateLimit', data: { route: 'PUT /resetPassword' }, line: 3, column: 1, endLine: 3, endColumn: 51 },
        { messageId: 'missingRateLimit', data: { route: 'POST /2fa/verify' }, line: 4, column: 1, endLine: 4, endColumn: 49 },
        { messageId: 'missingRateLimit', data: { route: 'POST /otp' }, line: 5, column: 1, endLine: 5, endColumn: 42 },
        { messageId: 'missingRateLimit', data: { route: 'POST /signin' }, line: 6, column: 1, endLine: 6, endColumn: 45 },
        { messageId: 'missingRateLimit', data: { route: 'POST /auth/local' }, line: 7, column: 1, endLine: 7, endColumn: 49 },
        { messageId: 'missingRateLimit', data: { route: 'POST /verifyOtp' }, line: 8, column: 1, endLine: 8, endColumn: 48 },
        { messageId: 'missingRateLimit', data: { route: 'POST /account/verify2FA' }, line: 9, column: 1, endLine: 9, endColumn: 56 },
      ],
    },
    {
      name: 'a limiter registered after the route does not count',
      code: `import express from 'express';
import rateLimit from 'express-rate-limit';
const app = express();
app.post('/forgot-password', (req, res) => res.end());
app.use(rateLimit());`,
      errors: [{ messageId: 'missingRateLimit', data: { route: 'POST /forgot-password' }, line: 4, column: 1, endLine: 4, endColumn: 54 }],
    },
    {
      name: 'a limiter on another router does not count; the mount prefix is in the message',
      code: `import express from 'express';
import rateLimit from 'express-rate-limit';
const app = express();
const api = express.Router();
const auth = express.Router();
api.use(rateLimit());
auth.put('/password', (req, res) => res.end());
app.use('/api', api);
app.use('/account', auth);`,
      errors: [{ messageId: 'missingRateLimit', data: { route: 'PUT /account/password' }, line: 7, column: 1, endLine: 7, endColumn: 47 }],
    },
    {
      name: 'passport local strategy on an unnamed path (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const passport = require('passport');
const app = express();
app.post('/', passport.authenticate('local'), (req, res) => res.end());`,
      errors: [{ messageId: 'missingRateLimit', data: { route: 'POST /' }, line: 4, column: 1, endLine: 4, endColumn: 71 }],
    },
    {
      name: 'argon2.verify and a TOTP verify in the handler make a route sensitive whatever its path',
      code: `import express from 'express';
import argon2 from 'argon2';
import { authenticator } from 'otplib';
const app = express();
app.post('/x', async (req, res) => res.json(await argon2.verify(h, req.body.p)));
app.post('/y', (req, res) => res.json(authenticator.check(req.body.code, secret)));`,
      errors: [
        { messageId: 'missingRateLimit', data: { route: 'POST /x' }, line: 5, column: 1, endLine: 5, endColumn: 81 },
        { messageId: 'missingRateLimit', data: { route: 'POST /y' }, line: 6, column: 1, endLine: 6, endColumn: 83 },
      ],
    },
    {
      name: 'app.route chains, Express 5 async handler, a handler referenced by name',
      code: `import express from 'express';
const app = express();
async function register(req, res) { res.status(201).end(); }
app.route('/register').post(register);`,
      errors: [{ messageId: 'missingRateLimit', data: { route: 'POST /register' }, line: 4, column: 1, endLine: 4, endColumn: 38 }],
    },
    {
      name: 'scope all: a database call on an ordinary route',
      code: `import express from 'express';
import { Product } from './models';
const app = express();
app.get('/products', async (req, res) => res.json(await Product.find()));`,
      options: [{ scope: 'all' }],
      errors: [{ messageId: 'missingRateLimitExpensive', data: { route: 'GET /products' }, line: 4, column: 1, endLine: 4, endColumn: 73 }],
    },
    {
      name: 'scope all (CommonJS): file system and child process work',
      filename: 'x.cjs',
      code: `const express = require('express');
const fs = require('fs');
const { execFile } = require('child_process');
const app = express();
app.get('/files', (req, res) => fs.readFile('a', () => res.end()));
app.post('/convert', (req, res) => execFile('convert', [], () => res.end()));`,
      options: [{ scope: 'all' }],
      errors: [
        { messageId: 'missingRateLimitExpensive', data: { route: 'GET /files' }, line: 5, column: 1, endLine: 5, endColumn: 67 },
        { messageId: 'missingRateLimitExpensive', data: { route: 'POST /convert' }, line: 6, column: 1, endLine: 6, endColumn: 77 },
      ],
    },
  ],
});

describe('require-rate-limit options', () => {
  const lint = (options: unknown) => () =>
    new Linter({ configType: 'flat' }).verify('const x = 1;', [
      { plugins: { 'express-security': plugin as unknown as ESLint.Plugin }, rules: { 'express-security/require-rate-limit': ['error', options] } },
    ]);

  it('rejects an unknown option with a schema error that names it', () => {
    expect(lint({ scop: 'all' })).toThrow(/require-rate-limit[\s\S]*Unexpected property "scop"/);
  });

  it('rejects an unknown scope value, naming the value', () => {
    expect(lint({ scope: 'everything' })).toThrow(/Value "everything" should be equal to one of the allowed values/);
  });
});

ruleTester.run('require-rate-limit: middleware classified by its definition', requireRateLimit, {
  valid: [
    {
      name: 'CommonJS: protect(opts) (an authentication name) counts requests per address and answers 429',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const limits = require('./middleware/limits');
const app = express();
app.post('/login', limits.protect({ max: 5 }), (req, res) => res.end());`,
    },
  ],
  invalid: [
    {
      name: 'CommonJS: loginLimiter only checks the session: no limiter',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const limits = require('./middleware/limits');
const app = express();
app.post('/login', limits.loginLimiter, (req, res) => res.end());`,
      errors: [{ messageId: 'missingRateLimit', data: { route: 'POST /login' }, line: 4, column: 1, endLine: 4, endColumn: 65 }],
    },
  ],
});
