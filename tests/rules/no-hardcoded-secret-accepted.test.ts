// no-hardcoded-secret: a literal the server checks a request's credential against is the credential
// itself, however short or word-like (src/analysis/secrets/accepted-credentials.ts).
import { RuleTester } from '@typescript-eslint/rule-tester';
import { noHardcodedSecret } from '../../src/rules/no-hardcoded-secret';

const ruleTester = new RuleTester();

const APP = "const express = require('express');\nconst app = express();\n";

ruleTester.run('no-hardcoded-secret (accepted credentials)', noHardcodedSecret, {
  valid: [
    {
      name: 'the expected key comes from the environment',
      code: `${APP}app.use((req, res, next) => (req.get('x-api-key') === process.env.API_KEY ? next() : res.sendStatus(401)));`,
    },
    {
      name: 'an authorization scheme is no credential',
      code: `${APP}app.use((req, res, next) => { if (req.headers.authorization.split(' ')[0] === 'Bearer') next(); });`,
    },
    {
      name: 'the mask a form sends back for an unchanged password',
      code: `${APP}app.post('/me', (req, res) => { if (req.body.password !== '********') res.locals.changed = true; res.end(); });`,
    },
    {
      name: 'a request field that names no credential (a sort key, a page token)',
      code: `${APP}app.get('/items', (req, res) => { if (req.query.sort === 'asc' || req.query.pageToken === 'first') res.json([]); });`,
    },
    {
      name: 'a comparison outside a handler is not the request',
      code: `${APP}function matches(user) { return user.password === 'letmein'; }\nmodule.exports = matches;`,
    },
    {
      name: 'a list of names that no request credential is looked up in',
      code: `${APP}const roles = ['admin', 'editor'];\napp.get('/r', (req, res) => res.json({ ok: roles.includes(req.query.role) }));`,
    },
    {
      name: 'a list that is changed later is no fixed list of keys',
      code: `${APP}let keys = ['a1'];\nkeys = load();\napp.use((req, res, next) => (keys.includes(req.get('x-api-key')) ? next() : res.end()));`,
    },
    {
      name: 'a test file checks fixtures',
      filename: 'test/auth.test.js',
      code: `${APP}app.post('/login', (req, res) => { if (req.body.password === 'hunter2') res.end(); });`,
    },
  ],
  invalid: [
    {
      name: 'a password compared with the request body',
      code: `${APP}app.post('/login', (req, res) => { if (req.body.password === 'hunter2') res.send('ok'); });`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'password', preview: '[redacted]', fallbackFor: '' }, line: 3, endLine: 3, column: 62, endColumn: 71 }],
    },
    {
      name: 'an API key header compared with !==, the literal on the left',
      code: `${APP}app.use((req, res, next) => { if ('k3y' !== req.headers['x-api-key']) return res.sendStatus(401); next(); });`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'API key', preview: '[redacted]', fallbackFor: '' }, line: 3, endLine: 3, column: 35, endColumn: 40 }],
    },
    {
      name: 'a list of accepted keys the query key is looked up in, reported once on its first element',
      code: `${APP}var apiKeys = ['foo', 'bar', 'baz'];
app.use('/api', function (req, res, next) {
  var key = req.query['api-key'];
  if (apiKeys.indexOf(key) === -1) return next(new Error('invalid api key'));
  next();
});`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'API key', preview: '[redacted]', fallbackFor: '' }, line: 3, endLine: 3, column: 16, endColumn: 21 }],
    },
    {
      name: 'a set of tokens the authorization header is looked up in',
      code: `${APP}const TOKENS = new Set(['t0k3n-one', 't0k3n-two']);
app.use((req, res, next) => (TOKENS.has(req.get('authorization')) ? next() : res.sendStatus(401)));`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'credential', preview: '[redacted]', fallbackFor: '' }, line: 3, endLine: 3, column: 25, endColumn: 36 }],
    },
    {
      name: 'a password destructured from the body, in TypeScript',
      code: `${APP}import type { Request, Response } from 'express';
app.post('/admin', (req: Request, res: Response) => {
  const { password } = req.body as { password: string };
  if (password === 'admin123') res.send('welcome');
});`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'password', preview: '[redacted]', fallbackFor: '' }, line: 6, endLine: 6, column: 20, endColumn: 30 }],
    },
  ],
});
