import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter, type ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import { requireValidation } from '../../src/rules/require-validation';
import { CLASSIFY_CJS_APP, CLASSIFY_TS_APP, CONSTRUCTOR_ROUTES, ESM_ROUTES, TS_ROUTES, fixturePlace } from './cross-file-fixtures';

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
      name: 'params, headers and cookies are not checked by default',
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
      name: 'CommonJS: destructuring req.body with no validation',
      filename: 'x.cjs',
      code: `const express = require('express');
const router = express.Router();
router.post('/feedback', async (req, res) => {
  const { rating, comment } = req.body;
  res.json({ rating, comment });
});
module.exports = router;`,
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'POST /feedback', source: 'body' }, line: 4, column: 31, endLine: 4, endColumn: 39 }],
    },
    {
      name: 'TypeScript: a type assertion is not validation',
      code: `import { Router, type Request, type Response } from 'express';
const router = Router();
router.post('/events', async (req: Request, res: Response) => {
  const dto = req.body as CreateEventDto;
  res.json(dto.name);
});
export default router;`,
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'POST /events', source: 'body' }, line: 4, column: 15, endLine: 4, endColumn: 23 }],
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
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'GET /listings', source: 'query' }, line: 4, column: 26, endLine: 4, endColumn: 35 }],
    },
    {
      name: 'express-validator chains with no result check are not validation',
      code: `import express from 'express';
import { body } from 'express-validator';
const app = express();
app.post('/contact', body('email').isEmail(), (req, res) => res.json(req.body.email));`,
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'POST /contact', source: 'body' }, line: 4, column: 70, endLine: 4, endColumn: 78 }],
    },
    {
      name: 'a read before the validation is reported; a validation inside a branch does not cover a later read',
      code: `import express from 'express';
const app = express();
app.post('/a', (req, res) => {
  if (req.body.strict) schema.parse(req.body);
  res.json(req.body);
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'POST /a', source: 'body' }, line: 4, column: 7, endLine: 4, endColumn: 15 }],
    },
    {
      name: 'a handler referenced by name, registered on two routes, is reported once per source',
      code: `import express from 'express';
const app = express();
async function save(req, res) {
  res.json({ body: req.body, page: req.query.page });
}
app.post('/a', save);
app.put('/a', save);`,
      errors: [
        { messageId: 'unvalidatedInput', data: { route: 'POST /a', source: 'body' }, line: 4, column: 20, endLine: 4, endColumn: 28 },
        { messageId: 'unvalidatedInput', data: { route: 'POST /a', source: 'query' }, line: 4, column: 36, endLine: 4, endColumn: 45 },
      ],
    },
    {
      name: 'option sources adds params, headers and cookies (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
app.get('/a/:id', (req, res) => res.json([req.params.id, req.get('x-id'), req.cookies.sid]));`,
      options: [{ sources: ['params', 'headers', 'cookies'] }],
      errors: [
        { messageId: 'unvalidatedInput', data: { route: 'GET /a/:id', source: 'params' }, line: 3, column: 43, endLine: 3, endColumn: 53 },
        { messageId: 'unvalidatedInput', data: { route: 'GET /a/:id', source: 'headers' }, line: 3, column: 58, endLine: 3, endColumn: 73 },
        { messageId: 'unvalidatedInput', data: { route: 'GET /a/:id', source: 'cookies' }, line: 3, column: 75, endLine: 3, endColumn: 86 },
      ],
    },
    {
      name: 'option checkUnroutedHandlers reports a controller function',
      code: `export async function create(req, res) {
  res.json(await Post.create(req.body));
}`,
      options: [{ checkUnroutedHandlers: true }],
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'This handler', source: 'body' }, line: 2, column: 30, endLine: 2, endColumn: 38 }],
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
            source: 'query',
            place: fixturePlace('cjs-constructor/allocations.js', 8),
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
            source: 'body',
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
            source: 'query',
            place: fixturePlace('cjs-constructor/allocations.js', 8),
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
            source: 'body',
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
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'POST /login', source: 'body' }, line: 7, column: 56, endLine: 7, endColumn: 64 }],
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
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'POST /answers', source: 'body' }, line: 5, column: 31, endLine: 5, endColumn: 39 }],
    },
    {
      name: 'the query string parsed by hand from req.url',
      filename: 'x.cjs',
      code: `const express = require('express');
const url = require('url');
const app = express();
app.get('/products/detail', (req, res) => {
  const params = url.parse(req.url, true).query;
  res.render('product', { id: params.id });
});`,
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'GET /products/detail', source: 'query' }, line: 5, column: 18, endLine: 5, endColumn: 48 }],
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
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'POST /login', source: 'body' }, line: 8, column: 17, endLine: 8, endColumn: 25 }],
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
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'POST /orders', source: 'body' }, line: 5, column: 16, endLine: 5, endColumn: 24 }],
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
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'POST /orders', source: 'body' }, line: 5, column: 16, endLine: 5, endColumn: 24 }],
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
      errors: [{ messageId: 'unvalidatedInput', data: { route: 'POST /profile', source: 'body' }, line: 5, column: 18, endLine: 5, endColumn: 26 }],
    },
  ],
});
