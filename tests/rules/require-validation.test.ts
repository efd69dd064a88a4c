import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter, type ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import { requireValidation } from '../../src/rules/require-validation';
import { CLASSIFY_CJS_APP, CLASSIFY_TS_APP, CONSTRUCTOR_ROUTES, ESM_ROUTES, TS_ROUTES, USES_ROUTES, fixturePlace } from './cross-file-fixtures';

const ruleTester = new RuleTester();

ruleTester.run('require-validation', requireValidation, {
  valid: [
    {
      name: 'ESM: zod parse before use',
      code: `import express from 'express';
import { z } from 'zod';
const app = express();
const Body = z.object({ name: z.string() });
app.post('/items', (req, res) => {
  const input = Body.parse(req.body);
  res.json(input);
});`,
    },
    {
      name: 'CommonJS: zod safeParse of the query with an early return',
      filename: 'x.cjs',
      code: `const express = require('express');
const { z } = require('zod');
const app = express();
const Query = z.object({ q: z.string() });
app.get('/search', (req, res) => {
  const parsed = Query.safeParse(req.query);
  if (!parsed.success) return res.status(400).end();
  res.json(parsed.data);
});`,
    },
    {
      name: 'ESM: express-validator chains with validationResult in the handler',
      code: `import express from 'express';
import { body, validationResult } from 'express-validator';
const app = express();
app.post('/contact', body('email').isEmail(), (req, res) => {
  if (!validationResult(req).isEmpty()) return res.status(400).end();
  res.json(req.body.email);
});`,
    },
    {
      name: 'CommonJS: checkSchema with a result-checking middleware from another file',
      filename: 'x.cjs',
      code: `const express = require('express');
const { checkSchema } = require('express-validator');
const { handleValidationErrors } = require('./validate');
const router = express.Router();
router.post('/users', checkSchema({ email: { isEmail: true } }), handleValidationErrors, (req, res) => res.json(req.body));`,
    },
    {
      name: 'CommonJS: celebrate middleware',
      filename: 'x.cjs',
      code: `const express = require('express');
const { celebrate, Joi, Segments } = require('celebrate');
const app = express();
app.post('/n', celebrate({ [Segments.BODY]: Joi.object({ email: Joi.string().email() }) }), (req, res) => res.json(req.body));`,
    },
    {
      name: 'ESM: express-json-validator-middleware and zod-express-middleware',
      code: `import express from 'express';
import { Validator } from 'express-json-validator-middleware';
import { validateRequest } from 'zod-express-middleware';
const { validate } = new Validator();
const app = express();
app.post('/a', validate({ body: schema }), (req, res) => res.json(req.body));
app.post('/b', validateRequest({ body: schema }), (req, res) => res.json(req.body));`,
    },
    {
      name: 'joi validate, Joi.attempt, ajv compiled validator, typia.assert, valibot parse',
      code: `import express from 'express';
import Joi from 'joi';
import Ajv from 'ajv';
import typia from 'typia';
import * as v from 'valibot';
const ajv = new Ajv();
const checkItem = ajv.compile(itemSchema);
const app = express();
app.post('/a', (req, res) => { const { value, error } = schema.validate(req.body); if (error) return res.end(); res.json(value); });
app.post('/b', (req, res) => res.json(Joi.attempt(req.body, schema)));
app.post('/c', (req, res) => { if (!checkItem(req.body)) return res.status(400).end(); res.json(req.body); });
app.post('/d', (req, res) => res.json(typia.assert<Dto>(req.body)));
app.get('/e', (req, res) => res.json(v.parse(QuerySchema, req.query)));`,
    },
    {
      name: 'class-validator: plainToInstance then validate (TypeScript)',
      code: `import express, { type Request, type Response } from 'express';
import { plainToInstance } from 'class-transformer';
import { validateOrReject } from 'class-validator';
const app = express();
app.post('/a', async (req: Request, res: Response) => {
  const dto = plainToInstance(CreateDto, req.body);
  await validateOrReject(dto);
  res.json(dto);
});`,
    },
    {
      name: 'matchedData(req) after express-validator chains',
      code: `import express from 'express';
import { query, matchedData } from 'express-validator';
const app = express();
app.get('/list', query('page').isInt(), (req, res) => res.json(matchedData(req)));`,
    },
    {
      name: 'validation middleware named in settings',
      code: `import express from 'express';
import { checkInput } from './input';
const app = express();
app.post('/a', checkInput('user'), (req, res) => res.json(req.body));`,
      settings: { 'express-security': { validationMiddleware: ['checkInput'] } },
    },
    {
      name: 'headers and cookies are not checked by default; a JSON echo is no use that needs validation',
      code: `import express from 'express';
const app = express();
app.get('/a/:id', (req, res) => res.json({ id: req.params.id, ua: req.get('user-agent'), sid: req.cookies.sid }));`,
    },
    {
      name: 'a controller from another file and an unrouted handler are left alone by default',
      code: `import express from 'express';
import { create } from './controller';
const app = express();
app.post('/a', create);
export function update(req, res) { res.json(req.body); }`,
    },
    {
      name: 'a shadowed req and an unresolvable value are not request data',
      code: `import express from 'express';
const app = express();
app.post('/a', (req, res) => { const f = (req) => req.body; res.json(f(other)); });`,
    },
    {
      name: 'validation applied elsewhere, per settings, for a router mounted in another file',
      code: `import { Router } from 'express';
export const router = Router();
router.post('/a', (req, res) => res.json(req.body));`,
      settings: { 'express-security': { appliedElsewhere: ['validation'] } },
    },
    {
      name: 'validation applied elsewhere, per settings: the claim covers the routes of an app made in this file too',
      code: `import express from 'express';
const app = express();
app.post('/a', async (req, res) => res.json(await Item.create(req.body)));`,
      settings: { 'express-security': { appliedElsewhere: ['validation'] } },
    },
    {
      name: 'validation applied elsewhere, per settings, for an app made in this file (CommonJS)',
      filename: 'app.cjs',
      code: `const express = require('express');
const app = express();
app.post('/a', async (req, res) => res.json(await Item.create(req.body)));`,
      settings: { 'express-security': { appliedElsewhere: ['validation'] } },
    },
    {
      name: 'a test file builds an app for supertest',
      filename: '__tests__/app.ts',
      code: `import express from 'express';
const app = express();
app.post('/echo', (req, res) => res.json(req.body));`,
    },
    {
      name: 'writing into the request is not reading client data (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const router = express.Router();
router.post('/:resource', (req, res, next) => {
  req.body[\`\${req.params.resource}Id\`] = 1;
  delete req.query.token;
  next();
});`,
    },
    {
      name: 'odd code never throws: computed members, spread arguments, optional chaining',
      code: `import express from 'express';
const app = express();
app.post(...routeArgs);
app[verb]('/a', (req, res) => res.json(req?.[source]));
app.get('/b', ({ ...rest }, res) => res.json(rest));`,
    },
  ],
  invalid: [
    {
      name: 'CommonJS: destructuring req.body into a create, reported at the read',
      filename: 'x.cjs',
      code: `const express = require('express');
const router = express.Router();
router.post('/feedback', async (req, res) => {
  const { rating, comment } = req.body;
  res.json(await Feedback.create({ rating, comment }));
});
module.exports = router;`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.rating', use: 'Feedback.create', where: ' in POST /feedback' }, line: 4, column: 31, endLine: 4, endColumn: 39 }],
    },
    {
      name: 'TypeScript: a type assertion is not validation; the whole body handed to a create',
      code: `import { Router, type Request, type Response } from 'express';
const router = Router();
router.post('/events', async (req: Request, res: Response) => {
  const dto = req.body as CreateEventDto;
  res.json(await Event.create(dto));
});
export default router;`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body', use: 'Event.create', where: ' in POST /events' }, line: 4, column: 15, endLine: 4, endColumn: 23 }],
    },
    {
      name: 'ESM: query read into a filter; one report per source, at the first read',
      code: `import express from 'express';
const app = express();
app.get('/listings', async (req, res) => {
  const filter = { city: req.query.city };
  if (req.query.max) filter.price = req.query.max;
  res.json(await Listing.find(filter));
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.query.city', use: 'Listing.find', where: ' in GET /listings' }, line: 4, column: 26, endLine: 4, endColumn: 35 }],
    },
    {
      name: 'express-validator chains with no result check are not validation',
      code: `import express from 'express';
import { body } from 'express-validator';
const app = express();
app.post('/contact', body('email').isEmail(), (req, res) => Contact.create({ email: req.body.email }));`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.email', use: 'Contact.create', where: ' in POST /contact' }, line: 4, column: 85, endLine: 4, endColumn: 93 }],
    },
    {
      name: 'a validation inside a branch does not cover a later use',
      code: `import express from 'express';
const app = express();
app.post('/a', async (req, res) => {
  if (req.body.strict) schema.parse(req.body);
  res.json(await Item.create(req.body));
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body', use: 'Item.create', where: ' in POST /a' }, line: 5, column: 30, endLine: 5, endColumn: 38 }],
    },
    {
      name: 'a handler referenced by name, registered on two routes, is reported once per source',
      code: `import express from 'express';
const app = express();
async function save(req, res) {
  await Draft.upsert({ body: req.body, page: req.query.page });
  res.end();
}
app.post('/a', save);
app.put('/a', save);`,
      errors: [
        { messageId: 'unvalidatedInput', data: { value: 'req.body', use: 'Draft.upsert', where: ' in POST /a' }, line: 4, column: 30, endLine: 4, endColumn: 38 },
        { messageId: 'unvalidatedInput', data: { value: 'req.query.page', use: 'Draft.upsert', where: ' in POST /a' }, line: 4, column: 46, endLine: 4, endColumn: 55 },
      ],
    },
    {
      name: 'params by default, headers and cookies with the option (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const fs = require('fs');
const app = express();
app.get('/a/:name', (req, res) => fs.writeFile(req.params.name, [req.get('x-id'), req.cookies.sid], () => res.end()));`,
      options: [{ sources: ['headers', 'cookies'] }],
      errors: [
        { messageId: 'unvalidatedInput', data: { value: 'req.params.name', use: 'fs.writeFile', where: ' in GET /a/:name' }, line: 4, column: 48, endLine: 4, endColumn: 58 },
        { messageId: 'unvalidatedInput', data: { value: "req.get('x-id')", use: 'fs.writeFile', where: ' in GET /a/:name' }, line: 4, column: 66, endLine: 4, endColumn: 81 },
        { messageId: 'unvalidatedInput', data: { value: 'req.cookies.sid', use: 'fs.writeFile', where: ' in GET /a/:name' }, line: 4, column: 83, endLine: 4, endColumn: 94 },
      ],
    },
    {
      name: 'option checkUnroutedHandlers reports a controller function',
      code: `export async function create(req, res) {
  res.json(await Post.create(req.body));
}`,
      options: [{ checkUnroutedHandlers: true }],
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body', use: 'Post.create', where: '' }, line: 2, column: 30, endLine: 2, endColumn: 38 }],
    },
  ],
});

describe('require-validation options', () => {
  const lint = (options: unknown) => () =>
    new Linter({ configType: 'flat' }).verify('const x = 1;', [
      { plugins: { 'express-security': plugin as unknown as ESLint.Plugin }, rules: { 'express-security/require-validation': ['error', options] } },
    ]);

  it('rejects an unknown option with a schema error that names it', () => {
    expect(lint({ source: ['params'] })).toThrow(/require-validation[\s\S]*Unexpected property "source"/);
  });

  it('rejects an unknown source, naming the value', () => {
    expect(lint({ sources: ['session'] })).toThrow(/Value "session" should be equal to one of the allowed values/);
  });
});

ruleTester.run('require-validation: handlers in other project files', requireValidation, {
  valid: [
    {
      name: 'a constructor-function handler behind validation middleware (CommonJS)',
      filename: CONSTRUCTOR_ROUTES,
      code: `const { celebrate, Joi } = require('celebrate');
const AllocationsHandler = require('./allocations');
module.exports = (app, db) => {
  const allocationsHandler = new AllocationsHandler(db);
  app.get('/allocations/:userId', celebrate({ query: Joi.object({ threshold: Joi.number() }) }), allocationsHandler.displayAllocations);
};`,
    },
    {
      name: 'a handler that reads no body or query',
      filename: CONSTRUCTOR_ROUTES,
      code: `const AllocationsHandler = require('./allocations');
module.exports = (app, db) => {
  app.get('/allocations', new AllocationsHandler(db).displayOwnAllocations);
};`,
    },
    {
      name: 'following imports switched off in the settings (ESM)',
      filename: ESM_ROUTES,
      settings: { 'express-security': { followImports: false } },
      code: `import { Router } from 'express';
import * as orders from './controllers/index.js';
const router = Router();
router.patch('/orders/:id', orders.edit);
export default router;`,
    },
    {
      name: 'with checkUnroutedHandlers the handler file reports it, not the registration',
      filename: ESM_ROUTES,
      options: [{ checkUnroutedHandlers: true }],
      code: `import { Router } from 'express';
import * as orders from './controllers/index.js';
const router = Router();
router.patch('/orders/:id', orders.edit);
export default router;`,
    },
    {
      name: 'a module the project does not have, and a package, are silence',
      filename: ESM_ROUTES,
      code: `import { Router } from 'express';
import { edit } from './controllers/missing.js';
import { handler } from 'some-package';
const router = Router();
router.patch('/orders/:id', edit);
router.post('/other', handler);
export default router;`,
    },
  ],
  invalid: [
    {
      name: 'a handler set as this.x in a constructor function, reported at the registration (CommonJS)',
      filename: CONSTRUCTOR_ROUTES,
      code: `const { ensureLoggedIn } = require('connect-ensure-login');
const AllocationsHandler = require('./allocations');
module.exports = (app, db) => {
  const allocationsHandler = new AllocationsHandler(db);
  app.get('/allocations/:userId', ensureLoggedIn(), allocationsHandler.displayAllocations);
};`,
      errors: [
        {
          messageId: 'unvalidatedInputInHandler',
          data: {
            route: 'GET /allocations/:userId',
            handler: 'allocationsHandler.displayAllocations',
            value: 'req.query.threshold',
            place: fixturePlace('cjs-constructor/allocations.js', 8),
            use: `allocationsDAO.getByUserIdAndThreshold → allocationsCol.find (${fixturePlace('cjs-constructor/allocations-dao.js', 7)})`,
          },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 91,
        },
      ],
    },
    {
      name: 'an ESM export renamed and re-exported through export * (ESM)',
      filename: ESM_ROUTES,
      code: `import { Router } from 'express';
import * as orders from './controllers/index.js';
const router = Router();
router.patch('/orders/:id', orders.edit);
router.patch('/orders/:id/name', orders.edit);
export default router;`,
      errors: [
        {
          messageId: 'unvalidatedInputInHandler',
          data: {
            route: 'PATCH /orders/:id',
            handler: 'orders.edit',
            value: 'req.body.name',
            use: `Order.findByIdAndUpdate (${fixturePlace('esm-exports/controllers/orders.js', 14)})`,
            place: fixturePlace('esm-exports/controllers/orders.js', 14),
          },
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 41,
        },
      ],
    },
    {
      name: 'a handler on two routes is reported on the one whose chain does not validate',
      filename: CONSTRUCTOR_ROUTES,
      code: `const { celebrate, Joi } = require('celebrate');
const AllocationsHandler = require('./allocations');
module.exports = (app, db) => {
  const allocationsHandler = new AllocationsHandler(db);
  app.get('/v1/allocations/:userId', celebrate({ query: Joi.object({ threshold: Joi.number() }) }), allocationsHandler.displayAllocations);
  app.get('/v2/allocations/:userId', allocationsHandler.displayAllocations);
};`,
      errors: [
        {
          messageId: 'unvalidatedInputInHandler',
          data: {
            route: 'GET /v2/allocations/:userId',
            handler: 'allocationsHandler.displayAllocations',
            value: 'req.query.threshold',
            place: fixturePlace('cjs-constructor/allocations.js', 8),
            use: `allocationsDAO.getByUserIdAndThreshold → allocationsCol.find (${fixturePlace('cjs-constructor/allocations-dao.js', 7)})`,
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 76,
        },
      ],
    },
    {
      name: 'a class method of a TypeScript controller instantiated in the route file',
      filename: TS_ROUTES,
      code: `import { Router } from 'express';
import { UserController } from './controllers/user.controller';
const router = Router();
const controller = new UserController();
router.patch('/users/:id', controller.update);
export default router;`,
      errors: [
        {
          messageId: 'unvalidatedInputInHandler',
          data: {
            route: 'PATCH /users/:id',
            handler: 'controller.update',
            value: 'req.body.email',
            use: `userService.updateEmail → User.findByIdAndUpdate (${fixturePlace('ts-class/services/user.service.ts', 5)})`,
            place: fixturePlace('ts-class/controllers/user.controller.ts', 6),
          },
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 46,
        },
      ],
    },
  ],
});

ruleTester.run('require-validation: shapes of real applications in one file', requireValidation, {
  valid: [
    {
      name: 'a check of each field covers those fields and the object that holds them',
      filename: 'x.cjs',
      code: `const express = require('express');
const validator = require('validator');
const app = express();
app.post('/account', (req, res) => {
  const profile = req.body;
  if (validator.isEmail(profile.email) && validator.isAscii(profile.name)) {
    return res.render('account', profile);
  }
  return res.render('account');
});`,
    },
    {
      name: 'request data only compared, directly and through a same-file helper that only compares its parameter',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
const users = [];
let messages = [];
function findUser(auth) {
  return users.find((u) => u.name === auth.name && u.password === auth.password);
}
app.delete('/chat', (req, res) => {
  const user = findUser(req.body.auth || {});
  if (!user) return res.sendStatus(403);
  messages = messages.filter((m) => m.id !== req.body.messageId);
  res.send({ ok: true });
});`,
    },
    {
      name: 'a same-file validator whose definition checks the input',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
function validateSignup(name) {
  return /^[a-z]{3,20}$/.test(name);
}
app.post('/signup', (req, res) => {
  if (!validateSignup(req.body.name)) return res.sendStatus(400);
  res.send('ok');
});`,
    },
  ],
  invalid: [
    {
      name: 'a check of one field does not cover another field of the same source',
      filename: 'x.cjs',
      code: `const express = require('express');
const validator = require('validator');
const User = require('./user');
const app = express();
app.post('/login', (req, res) => {
  if (validator.isEmail(req.body.username)) {
    User.find({ username: req.body.username, password: req.body.password }, (err, users) => res.send(users));
  }
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.password', use: 'User.find', where: ' in POST /login' }, line: 7, column: 56, endLine: 7, endColumn: 64 }],
    },
    {
      name: 'a value compared and also stored is still reported, at its first read',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
app.post('/answers', (req, res) => {
  if (req.body.answer === '') return res.sendStatus(400);
  req.app.locals.answers.push(req.body.answer);
  res.sendStatus(201);
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.answer', use: 'req.app.locals.answers.push', where: ' in POST /answers' }, line: 5, column: 31, endLine: 5, endColumn: 39 }],
    },
    {
      name: 'the query string parsed by hand from req.url, handed to a template with checkTemplateData',
      filename: 'x.cjs',
      code: `const express = require('express');
const url = require('url');
const app = express();
app.get('/products/detail', (req, res) => {
  const params = url.parse(req.url, true).query;
  res.render('product', { id: params.id });
});`,
      options: [{ checkTemplateData: true }],
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.query.id', use: 'res.render', where: ' in GET /products/detail' }, line: 5, column: 18, endLine: 5, endColumn: 48 }],
    },
    {
      name: 'a function named like a validator whose definition only looks the user up',
      filename: 'x.cjs',
      code: `const express = require('express');
const db = require('./models');
const app = express();
function validateLogin(name, password, done) {
  db.User.findOne({ where: { name } }).then((user) => done(null, user && user.password === password));
}
app.post('/login', (req, res) => {
  validateLogin(req.body.name, req.body.password, (err, ok) => res.send(ok));
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.name', use: 'validateLogin → db.User.findOne', where: ' in POST /login' }, line: 8, column: 17, endLine: 8, endColumn: 25 }],
    },
  ],
});

ruleTester.run('require-validation: judged where request data is used', requireValidation, {
  valid: [
    {
      name: 'a token and a password only verified: jwt.verify, bcrypt.compare, a TOTP check, a same-file verifier',
      filename: 'x.cjs',
      code: `const express = require('express');
const jwt = require('jsonwebtoken');
const bcrypt = require('bcrypt');
const app = express();
function checkToken(token) { return jwt.verify(token, process.env.KEY); }
app.post('/login', async (req, res) => {
  const user = await findAccount();
  const ok = await bcrypt.compare(req.body.password, user.hash);
  const claims = checkToken(req.body.token);
  const valid = speakeasy.totp.verify({ secret: user.totp, token: req.body.code });
  res.json({ ok: ok && valid, sub: claims.sub });
});`,
    },
    {
      name: 'values only compared or branched on: ===, switch, a flag',
      code: `import express from 'express';
const app = express();
app.post('/captcha', async (req, res) => {
  if (req.body.answer !== req.session.captcha) return res.sendStatus(403);
  switch (req.query.sort) { case 'new': break; default: break; }
  const verbose = req.query.verbose ? 1 : 0;
  res.json({ verbose, items: await Item.findAll() });
});`,
    },
    {
      name: 'echoed as JSON, logged as an object, a whole source in a log line',
      code: `import express from 'express';
const app = express();
app.post('/echo', (req, res) => {
  console.log(req.body);
  logger.info('query', req.query);
  res.json(req.body);
});`,
    },
    {
      name: 'a field the chain middleware sets, and one the handler sets first, belong to the server',
      code: `import express from 'express';
const app = express();
function appendUserId() {
  return (req, res, next) => { req.body.UserId = req.user.id; next(); };
}
app.post('/feedback', appendUserId(), async (req, res) => {
  req.body.author = req.user.name;
  res.json(await Feedback.create({ UserId: req.body.UserId, author: req.body.author }));
});`,
    },
    {
      name: 'a path parameter as the key of a parameterised lookup (the authorization rule owns it)',
      code: `import express from 'express';
const app = express();
app.get('/items/:id', async (req, res) => {
  const item = await Item.findById(req.params.id);
  const rows = await pool.query('SELECT * FROM t WHERE id = $1', [req.params.id]);
  res.json({ item, rows });
});`,
    },
    {
      name: 'a redirect or a request whose fixed beginning decides where it goes; back to the referrer',
      code: `import express from 'express';
import axios from 'axios';
const app = express();
app.get('/go/:id', async (req, res) => {
  await axios.get('https://api.example.com/items/' + req.query.id);
  if (req.query.back) return res.redirect(req.get('Referrer') || '/');
  res.redirect('/users/' + req.params.id);
});`,
      options: [{ sources: ['headers'] }],
    },
    {
      name: 'coerced to a number, checked by a schema first, hashed, or sent from a confined root',
      code: `import express from 'express';
import crypto from 'node:crypto';
const app = express();
app.post('/files/:name', async (req, res) => {
  const { email } = Signup.parse(req.body);
  await User.create({ email, digest: crypto.createHash('sha256').update(req.body.password).digest('hex') });
  const page = await Item.findAll({ limit: Number(req.query.limit), offset: parseInt(req.query.offset, 10) });
  res.sendFile(req.params.name, { root: '/srv/files' });
});`,
    },
    {
      name: 'data handed to a template is left to checkTemplateData: whether it prints escaped is in the template',
      code: `import express from 'express';
const app = express();
app.get('/search', (req, res) => res.render('search', { q: req.query.q, page: req.params.page }));`,
    },
    {
      name: 'a search index queried and a service pushing: no SQL text, no collection the module keeps',
      code: `import express from 'express';
let runtime;
export function init(api) { runtime = api; }
const app = express();
app.post('/projects/:id/push', async (req, res) => {
  const hits = await searchIndex.query(req.query.q);
  await runtime.projects.push({ id: req.params.id, track: req.query.u });
  res.json(hits);
});`,
    },
    {
      name: 'cross-file: services that only verify, and a field set by middleware of another file (CommonJS)',
      filename: USES_ROUTES,
      code: `const { checkPassword, verifyToken } = require('./auth-service');
const { appendUserId } = require('./middleware');
module.exports = (app) => {
  app.post('/login', async (req, res) => {
    const account = await lookUpAccount();
    res.json({ ok: await checkPassword(req.body.password, account.hash), claims: verifyToken(req.body.token) });
  });
  app.post('/feedback', appendUserId(), async (req, res) => res.json(await Feedback.create({ UserId: req.body.UserId })));
};`,
    },
  ],
  invalid: [
    {
      name: 'mass assignment: Object.assign and lodash merge into a stored record',
      code: `import express from 'express';
import _ from 'lodash';
const app = express();
app.put('/profile', async (req, res) => {
  const user = await currentUser();
  Object.assign(user, req.body);
  _.merge(settings, req.query);
  res.json(user);
});`,
      errors: [
        { messageId: 'unvalidatedInput', data: { value: 'req.body', use: 'Object.assign', where: ' in PUT /profile' }, line: 6, column: 23, endLine: 6, endColumn: 31 },
        { messageId: 'unvalidatedInput', data: { value: 'req.query', use: '_.merge', where: ' in PUT /profile' }, line: 7, column: 21, endLine: 7, endColumn: 30 },
      ],
    },
    {
      name: 'a command, code and a file path built from the request (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const { exec } = require('child_process');
const fs = require('fs/promises');
const app = express();
app.post('/tools', async (req, res) => {
  exec(\`ping -c 1 \${req.body.host}\`);
  res.json({ result: eval(req.query.expr), file: await fs.readFile('/srv/' + req.params.name) });
});`,
      errors: [
        { messageId: 'unvalidatedInput', data: { value: 'req.body.host', use: 'exec', where: ' in POST /tools' }, line: 6, column: 21, endLine: 6, endColumn: 29 },
        { messageId: 'unvalidatedInput', data: { value: 'req.query.expr', use: 'eval', where: ' in POST /tools' }, line: 7, column: 27, endLine: 7, endColumn: 36 },
        { messageId: 'unvalidatedInput', data: { value: 'req.params.name', use: 'fs.readFile', where: ' in POST /tools' }, line: 7, column: 78, endLine: 7, endColumn: 88 },
      ],
    },
    {
      name: 'an open redirect and a template chosen by the client; one report per source',
      code: `import express from 'express';
const app = express();
app.get('/page/:view', (req, res) => {
  if (req.query.next) return res.redirect(req.query.next);
  if (req.query.q) return res.status(200).send(\`<p>\${req.query.q}</p>\`);
  res.render(req.params.view);
});`,
      errors: [
        { messageId: 'unvalidatedInput', data: { value: 'req.query.next', use: 'res.redirect', where: ' in GET /page/:view' }, line: 4, column: 43, endLine: 4, endColumn: 52 },
        { messageId: 'unvalidatedInput', data: { value: 'req.params.view', use: 'res.render', where: ' in GET /page/:view' }, line: 6, column: 14, endLine: 6, endColumn: 24 },
      ],
    },
    {
      name: 'raw HTML built from a query field',
      code: `import express from 'express';
const app = express();
app.get('/hello', (req, res) => res.send('<h1>Hello ' + req.query.name + '</h1>'));`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.query.name', use: 'res.send', where: ' in GET /hello' }, line: 3, column: 57, endLine: 3, endColumn: 66 }],
    },
    {
      name: 'SQL text bound to a name, on a receiver not named as a database',
      code: `import express from 'express';
const app = express();
app.get('/search', async (req, res) => {
  const sql = 'SELECT * FROM items WHERE name = ' + req.query.name;
  res.json(await store.query(sql));
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.query.name', use: 'store.query', where: ' in GET /search' }, line: 4, column: 53, endLine: 4, endColumn: 62 }],
    },
    {
      name: 'a path parameter built into SQL text is a finding',
      code: `import express from 'express';
const app = express();
app.get('/items/:id', async (req, res) => {
  res.json(await db.query("SELECT * FROM items WHERE id = '" + req.params.id + "'"));
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.params.id', use: 'db.query', where: ' in GET /items/:id' }, line: 4, column: 64, endLine: 4, endColumn: 74 }],
    },
    {
      name: 'stored for later: the session, a module-level store, a log line',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
const carts = [];
app.post('/cart', (req, res) => {
  console.log('cart for ' + req.query.user);
  req.session.cart = req.body.cart;
  carts.push(req.params);
  res.end();
});`,
      errors: [
        { messageId: 'unvalidatedInput', data: { value: 'req.query.user', use: 'console.log', where: ' in POST /cart' }, line: 5, column: 29, endLine: 5, endColumn: 38 },
        { messageId: 'unvalidatedInput', data: { value: 'req.body.cart', use: 'req.session.cart', where: ' in POST /cart' }, line: 6, column: 22, endLine: 6, endColumn: 30 },
        { messageId: 'unvalidatedInput', data: { value: 'req.params', use: 'carts.push', where: ' in POST /cart' }, line: 7, column: 14, endLine: 7, endColumn: 24 },
      ],
    },
    {
      name: 'a record built from the body and saved; fields written one by one and saved in a callback',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
app.post('/users', (req, res) => {
  const user = new User(req.body);
  user.save();
  Todo.findOne({}, (err, todo) => {
    todo.content = req.query.content;
    todo.save(() => res.end());
  });
});`,
      errors: [
        { messageId: 'unvalidatedInput', data: { value: 'req.body', use: 'user.save', where: ' in POST /users' }, line: 4, column: 25, endLine: 4, endColumn: 33 },
        { messageId: 'unvalidatedInput', data: { value: 'req.query.content', use: 'todo.save', where: ' in POST /users' }, line: 7, column: 20, endLine: 7, endColumn: 29 },
      ],
    },
    {
      name: 'a field set only in a branch keeps the client value; an outbound request to a client URL',
      code: `import express from 'express';
import axios from 'axios';
const app = express();
app.post('/products', async (req, res) => {
  if (!req.body.id) req.body.id = 0;
  const product = await Product.findOne({ where: { id: req.body.id } });
  res.json(await axios.get(req.query.url));
});`,
      errors: [
        { messageId: 'unvalidatedInput', data: { value: 'req.body.id', use: 'Product.findOne', where: ' in POST /products' }, line: 6, column: 56, endLine: 6, endColumn: 64 },
        { messageId: 'unvalidatedInput', data: { value: 'req.query.url', use: 'axios.get', where: ' in POST /products' }, line: 7, column: 28, endLine: 7, endColumn: 37 },
      ],
    },
    {
      name: 'a same-file service followed to the insert it makes',
      code: `import express from 'express';
const app = express();
function addMemo(memo) {
  return db.collection('memos').insertOne({ memo });
}
app.post('/memos', async (req, res) => res.json(await addMemo(req.body.memo)));`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.memo', use: 'addMemo → db.collection(…).insertOne', where: ' in POST /memos' }, line: 6, column: 63, endLine: 6, endColumn: 71 }],
    },
    {
      name: 'a service that writes its parameters into a local document before the update',
      code: `import express from 'express';
const app = express();
function updateProfile(id, name) {
  const doc = {};
  if (name) doc.name = name;
  return users.updateOne({ _id: id }, { $set: doc });
}
app.post('/profile', async (req, res) => res.json(await updateProfile(req.user.id, req.body.name)));`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.name', use: 'updateProfile → users.updateOne', where: ' in POST /profile' }, line: 8, column: 84, endLine: 8, endColumn: 92 }],
    },
    {
      name: 'cross-file: a DAO constructed in the route file, followed to its insert (CommonJS)',
      filename: USES_ROUTES,
      code: `const { MemosDAO } = require('./memos-dao');
module.exports = (app, db) => {
  const memosDAO = new MemosDAO(db);
  app.post('/memos', (req, res) => memosDAO.insert(req.body.memo, () => res.end()));
};`,
      errors: [
        {
          messageId: 'unvalidatedInput',
          data: { value: 'req.body.memo', use: `memosDAO.insert → memos.insertOne (${fixturePlace('cjs-uses/memos-dao.js', 4)})`, where: ' in POST /memos' },
          line: 4,
          column: 52,
          endLine: 4,
          endColumn: 60,
        },
      ],
    },
  ],
});

ruleTester.run('require-validation: middleware classified by its definition', requireValidation, {
  valid: [
    {
      name: 'CommonJS: validateTransfer runs a schema on the body and rejects what fails it',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const { validateTransfer } = require('./middleware/tokens');
const app = express();
app.post('/transfers', validateTransfer, (req, res) => {
  Transfer.create(req.body).then(() => res.end());
});`,
    },
    {
      name: 'TypeScript: a project factory given a schema validates with it',
      filename: CLASSIFY_TS_APP,
      code: `import express from 'express';
import { validate } from './lib/guards';
const app = express();
app.post('/transfers', validate(transferSchema), (req, res) => {
  Transfer.create(req.body).then(() => res.end());
});`,
    },
  ],
  invalid: [
    {
      name: 'CommonJS: validateToken verifies a JWT: it authenticates and validates nothing',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const { validateToken } = require('./middleware/tokens');
const app = express();
app.post('/orders', validateToken, (req, res) => {
  Order.create(req.body).then(() => res.end());
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body', use: 'Order.create', where: ' in POST /orders' }, line: 5, column: 16, endLine: 5, endColumn: 24 }],
    },
    {
      name: 'TypeScript: validateToken verifies a JWT from a cookie',
      filename: CLASSIFY_TS_APP,
      code: `import express from 'express';
import { validateToken } from './lib/guards';
const app = express();
app.post('/orders', validateToken, (req, res) => {
  Order.create(req.body).then(() => res.end());
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body', use: 'Order.create', where: ' in POST /orders' }, line: 5, column: 16, endLine: 5, endColumn: 24 }],
    },
    {
      name: 'CommonJS: validateLogin checks the session: no validation',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const { validateLogin } = require('./middleware/session');
const app = express();
app.post('/profile', validateLogin, (req, res) => {
  Profile.update(req.body).then(() => res.end());
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body', use: 'Profile.update', where: ' in POST /profile' }, line: 5, column: 18, endLine: 5, endColumn: 26 }],
    },
  ],
});

ruleTester.run('require-validation: classification leftovers', requireValidation, {
  valid: [
    {
      name: 'a same-file checkOrder runs a schema on the body and rejects: validation',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
function checkOrder(req, res, next) {
  const { error } = orderSchema.validate(req.body);
  if (error) return res.status(400).end();
  next();
}
app.post('/orders', checkOrder, (req, res) => {
  Order.create(req.body).then(() => res.end());
});`,
    },
    {
      name: 'a same-file middleware that verifies a JWT and also runs a schema on the body validates',
      filename: 'x.cjs',
      code: `const express = require('express');
const jwt = require('jsonwebtoken');
const app = express();
function validateOrder(req, res, next) {
  try {
    req.user = jwt.verify(req.headers.authorization, process.env.JWT_SECRET);
  } catch (err) {
    return res.status(401).end();
  }
  const { error } = orderSchema.validate(req.body);
  if (error) return res.status(400).end();
  next();
}
app.post('/orders', validateOrder, (req, res) => {
  Order.create(req.body).then(() => res.end());
});`,
    },
  ],
  invalid: [
    {
      name: 'a same-file validateToken verifies a JWT; calling checkHeader(...) on the way validates nothing',
      filename: 'x.cjs',
      code: `const express = require('express');
const jwt = require('jsonwebtoken');
const app = express();
function validateToken(req, res, next) {
  const token = checkHeader(req.headers.authorization);
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET);
    next();
  } catch (err) {
    res.status(401).end();
  }
}
app.post('/orders', validateToken, (req, res) => {
  Order.create(req.body).then(() => res.end());
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body', use: 'Order.create', where: ' in POST /orders' }, line: 14, column: 16, endLine: 14, endColumn: 24 }],
    },
    {
      name: 'a request value compared only inside .then(user => …) is no filter of the query',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
app.post('/login', (req, res) => {
  User.findOne({ email: req.body.email }).then((user) => { if (user.name === req.body.name) res.end(); });
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.email', use: 'User.findOne', where: ' in POST /login' }, line: 4, column: 25, endLine: 4, endColumn: 33 }],
    },
    {
      name: 'Sequelize: db.User.find({ where }).then(cb): only the where value reaches the query',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
app.post('/login', (req, res) => {
  db.User.find({ where: { email: req.body.email } }).then((user) => { if (user.name === req.body.name) res.end(); });
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.email', use: 'db.User.find', where: ' in POST /login' }, line: 4, column: 34, endLine: 4, endColumn: 42 }],
    },
    {
      name: 'mongoose .exec(cb): the callback is no filter',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
app.post('/login', (req, res) => {
  User.findOne({ email: req.body.email }).exec((err, user) => { if (user.name === req.body.name) res.end(); });
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.email', use: 'User.findOne', where: ' in POST /login' }, line: 4, column: 25, endLine: 4, endColumn: 33 }],
    },
  ],
});

ruleTester.run('require-validation: shapes from production code', requireValidation, {
  valid: [
    {
      name: 'text sent after writeHead sets text/plain is no HTML',
      code: `const express = require('express');
const app = express();
app.post('/billing', (req, res) => {
  res.writeHead(404, { 'Content-Type': 'text/plain;charset=UTF-8' });
  return res.end(\`Could not find subscription \${req.body.subscription_id}\`);
});`,
    },
    {
      name: 'text sent in a chain that sets a plain content type is no HTML',
      code: `const express = require('express');
const app = express();
app.get('/echo', (req, res) => {
  res.status(400).type('text').send('bad query ' + req.query.q);
});`,
    },
    {
      name: 'a write method on a service receiver the project does not define is no database write',
      code: `const express = require('express');
const app = express();
app.post('/tasks', async (req, res) => {
  const task = await this.agentTaskService.create(req.params.id, { pushRef: req.body.pushRef });
  await lifecycleService.update({ version: req.body.version });
  res.json(task);
});`,
    },
    {
      name: 'only the field of a destructured parameter that reaches the log counts',
      code: `const express = require('express');
const app = express();
function resolveKey({ keyValue, clientIp }) {
  if (clientIp) console.error(\`request from \${clientIp} rejected\`);
  return keyValue === process.env.KEY;
}
app.post('/admin', (req, res) => {
  res.json({ ok: resolveKey({ keyValue: req.body.key, clientIp: '10.0.0.1' }) });
});`,
    },
  ],
  invalid: [
    {
      name: 'text sent without a plain content type is HTML',
      code: `const express = require('express');
const app = express();
app.post('/billing', (req, res) => {
  return res.end(\`Could not find subscription \${req.body.subscription_id}\`);
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.subscription_id', use: 'res.end', where: ' in POST /billing' }, line: 4, column: 49, endLine: 4, endColumn: 57 }],
    },
    {
      name: 'a plain content type set in another branch does not cover the send',
      code: `const express = require('express');
const app = express();
app.post('/billing', (req, res) => {
  if (req.body.plain) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
  }
  return res.end(\`Could not find subscription \${req.body.subscription_id}\`);
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.subscription_id', use: 'res.end', where: ' in POST /billing' }, line: 7, column: 49, endLine: 7, endColumn: 57 }],
    },
    {
      name: 'the field of a destructured parameter that reaches the log is reported',
      code: `const express = require('express');
const app = express();
function resolveKey({ keyValue, clientIp }) {
  if (clientIp) console.error(\`key \${keyValue} rejected\`);
  return keyValue === process.env.KEY;
}
app.post('/admin', (req, res) => {
  res.json({ ok: resolveKey({ keyValue: req.body.key, clientIp: '10.0.0.1' }) });
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { value: 'req.body.key', use: 'resolveKey → console.error', where: ' in POST /admin' }, line: 8, column: 41, endLine: 8, endColumn: 49 }],
    },
  ],
});
