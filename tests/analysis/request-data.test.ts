import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/analysis/engine/ast';
import type { FileAnalysis, Handler } from '../../src/analysis/express';
import { isCredentialCheckCall, isCredentialStrategyCall, isSensitivePath } from '../../src/analysis/rate-limit/credentials';
import { getRequestData } from '../../src/analysis/request/request-data';
import { routeChainValidates } from '../../src/analysis/request/validation';
import { analyze } from './analyze';

const EXPRESS_ESM = "import express from 'express';\nconst app = express();\n";

/** The first route's handler and its request-data analysis. */
function firstHandler(code: string, filename = 'file.ts'): { analysis: FileAnalysis; handler: Handler } {
  const analysis = analyze(code, { filename });
  const handler = analysis.model.routes[0]?.handler;
  if (!handler) throw new Error('no handler');
  return { analysis, handler };
}

/** The initializer of `const <name> = ...` inside the handler. */
function initOf(handler: Handler, name: string): Node {
  let found: Node | null = null;
  const visit = (node: Node): void => {
    if (found) return;
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.id.name === name && node.init) {
      found = node.init;
      return;
    }
    for (const value of Object.values(node)) {
      if (value && typeof value === 'object' && 'type' in value && value !== node.parent) visit(value as Node);
      if (Array.isArray(value)) for (const item of value) if (item && typeof item === 'object' && 'type' in item) visit(item as Node);
    }
  };
  visit(handler.fn.body);
  if (!found) throw new Error(`no const ${name}`);
  return found;
}

function sourcesOf(code: string, name: string, filename?: string): string[] | null {
  const { analysis, handler } = firstHandler(code, filename);
  const taint = getRequestData(handler, analysis.index).taintOf(initOf(handler, name));
  return taint ? [...taint.sources].sort() : null;
}

describe('request data: what derives from the request', () => {
  it('follows variables, destructuring, renamed and aliased requests', () => {
    const code = `${EXPRESS_ESM}app.post('/a', (request, res) => {
      const r = request;
      const { email, password } = request.body;
      const direct = email;
      const viaAlias = r.query.page;
      const header = r.get('host');
      const headerCall = request.header('x-id');
      const cookie = request.cookies.sid;
      const param = request.params.id;
      const constant = 'fixed';
    });`;
    expect(sourcesOf(code, 'direct')).toEqual(['body']);
    expect(sourcesOf(code, 'viaAlias')).toEqual(['query']);
    expect(sourcesOf(code, 'header')).toEqual(['headers']);
    expect(sourcesOf(code, 'headerCall')).toEqual(['headers']);
    expect(sourcesOf(code, 'cookie')).toEqual(['cookies']);
    expect(sourcesOf(code, 'param')).toEqual(['params']);
    expect(sourcesOf(code, 'constant')).toBeNull();
  });

  it('follows spread, templates, concatenation, new URL, String, object and array literals, await', () => {
    const code = `${EXPRESS_ESM}app.post('/a', async (req, res) => {
      const target = req.query.url;
      const spread = { ...req.body, at: Date.now() };
      const template = \`https://\${target}/x\`;
      const joined = 'https://' + req.query.host;
      const url = new URL(target);
      const text = String(req.params.id);
      const list = [1, req.headers.origin];
      const awaited = await req.body.promise;
    });`;
    expect(sourcesOf(code, 'spread')).toEqual(['body']);
    expect(sourcesOf(code, 'template')).toEqual(['query']);
    expect(sourcesOf(code, 'joined')).toEqual(['query']);
    expect(sourcesOf(code, 'url')).toEqual(['query']);
    expect(sourcesOf(code, 'text')).toEqual(['params']);
    expect(sourcesOf(code, 'list')).toEqual(['headers']);
    expect(sourcesOf(code, 'awaited')).toEqual(['body']);
  });

  it('follows a re-assigned variable and a destructured request parameter (CommonJS)', () => {
    const code = `const express = require('express');
const app = express();
app.post('/a', ({ body: { name }, query }, res) => {
  let value = 'x';
  value = query.q;
  const fromParam = name;
  const latest = value;
});`;
    expect(sourcesOf(code, 'fromParam', 'x.cjs')).toEqual(['body']);
    expect(sourcesOf(code, 'latest', 'x.cjs')).toEqual(['query']);
  });

  it('a shadowed req, `.length` and an unresolvable value carry no request data', () => {
    const code = `${EXPRESS_ESM}app.get('/a', (req, res) => {
      const size = req.body.items.length;
      const unknown = globalThing.value;
      const inner = ((req) => req.body)({ body: 1 });
    });`;
    expect(sourcesOf(code, 'size')).toBeNull();
    expect(sourcesOf(code, 'unknown')).toBeNull();
    expect(sourcesOf(code, 'inner')).toBeNull();
  });

  it('lists direct reads in source order, destructured parameters included', () => {
    const { analysis, handler } = firstHandler(`${EXPRESS_ESM}app.get('/a', ({ query, params }, res) => {
      res.json({ q: query.q, id: params.id });
    });`);
    expect(getRequestData(handler, analysis.index).reads().map((read) => read.source)).toEqual(['query', 'params']);
  });
});

describe('request data: validation and guards', () => {
  const validated = (code: string, filename?: string): boolean[] => {
    const { analysis, handler } = firstHandler(code, filename);
    const data = getRequestData(handler, analysis.index);
    return data.reads().map((read) => data.isValidatedRead(read));
  };

  it('a read a schema receives is validated; reads after a throwing parse are too', () => {
    expect(
      validated(`${EXPRESS_ESM}import { z } from 'zod';
const Body = z.object({ a: z.string() });
app.post('/a', (req, res) => {
  const input = Body.parse(req.body);
  res.json({ again: req.body.a });
});`),
    ).toEqual([true, true]);
  });

  it('a type assertion is not validation', () => {
    expect(
      validated(`${EXPRESS_ESM}interface Dto { a: string }
app.post('/a', (req, res) => {
  const dto = req.body as Dto;
  res.json(dto.a);
});`),
    ).toEqual([false]);
  });

  it('validationResult(req) checks every source; Joi.attempt, ajv.validate and typia.assert validate what they receive (CommonJS)', () => {
    expect(
      validated(
        `const express = require('express');
const { validationResult } = require('express-validator');
const Joi = require('joi');
const app = express();
app.post('/a', (req, res) => {
  if (!validationResult(req).isEmpty()) return res.status(400).end();
  const value = Joi.attempt(req.query, schema);
  res.json(req.body.name);
});`,
        'x.cjs',
      ),
    ).toEqual([true, true]);
  });

  it('parseAsync, validateAsync and superstruct assert validate what they receive', () => {
    expect(
      validated(`${EXPRESS_ESM}import { assert } from 'superstruct';
app.post('/a', async (req, res) => {
  const body = await BodySchema.parseAsync(req.body);
  const query = await QuerySchema.validateAsync(req.query);
  assert(req.params, Params);
  res.json([body, query]);
});`),
    ).toEqual([true, true, true]);
  });

  it('a guard in a branch does not cover a later read; a typeof check that returns does', () => {
    expect(
      validated(`${EXPRESS_ESM}app.post('/a', (req, res) => {
  if (req.query.strict) { schema.parse(req.body); }
  const name = req.body.name;
  res.json(name);
});`),
    ).toEqual([false, true, false]);
    expect(
      validated(`${EXPRESS_ESM}app.post('/a', (req, res) => {
  const { email } = req.body;
  if (typeof email !== 'string') return res.status(400).end();
  res.json(email);
});`),
    ).toEqual([true]);
  });

  it('shape checks that return count for every use they guard; numeric coercions count; a presence check does not', () => {
    expect(
      validated(`${EXPRESS_ESM}const EMAIL = /^[^@]+@[^@]+$/;
const SORTS = ['asc', 'desc'];
app.post('/a', (req, res) => {
  const { email, plan } = req.body;
  if (!EMAIL.test(email) || !isPlan(plan)) return res.status(400).end();
  const { sort } = req.query;
  if (!SORTS.includes(sort)) throw new Error('bad sort');
  res.json({ email, plan, sort, page: parseInt(req.params.page, 10) });
});`),
    ).toEqual([true, true, true]);
    expect(
      validated(`${EXPRESS_ESM}app.post('/a', (req, res) => {
  const { email, password } = req.body;
  if (!email || !password) return res.status(400).end();
  res.json({ email, password });
});`),
    ).toEqual([false]);
  });

  it('every use of a destructured read checked by a validator counts; a same-file validating helper counts one level deep', () => {
    expect(
      validated(`${EXPRESS_ESM}import validator from 'validator';
function checkSignup(input) { return signupSchema.parse(input); }
app.post('/a', (req, res) => {
  const data = checkSignup(req.body);
  const { email } = req.query;
  if (!validator.isEmail(email)) return res.status(400).end();
});`),
    ).toEqual([true, true]);
  });
});

describe('chain validation', () => {
  const routeValidates = (code: string, filename?: string): boolean[] => {
    const analysis = analyze(code, { filename });
    return analysis.model.routes.map((route) => routeChainValidates(route, route.handler, analysis.index));
  };

  it('express-validator chains need validationResult in the handler or a checking middleware after them', () => {
    expect(
      routeValidates(`${EXPRESS_ESM}import { body, validationResult } from 'express-validator';
import { handleErrors } from './errors';
function checkResult(req, res, next) { if (!validationResult(req).isEmpty()) return res.status(400).end(); next(); }
app.post('/a', body('e').isEmail(), (req, res) => { validationResult(req); res.end(); });
app.post('/b', body('e').isEmail(), (req, res) => res.json(req.body));
app.post('/c', body('e').isEmail(), checkResult, (req, res) => res.json(req.body));
app.post('/d', body('e').isEmail(), handleErrors, (req, res) => res.json(req.body));`),
    ).toEqual([true, false, true, true]);
  });

  it('celebrate, a schema-given factory and a same-file validating middleware count (CommonJS)', () => {
    expect(
      routeValidates(
        `const express = require('express');
const { celebrate, Joi } = require('celebrate');
const { validateRequest } = require('zod-express-middleware');
const { use } = require('./lib');
const app = express();
const checkBody = (req, res, next) => { createSchema.parse(req.body); next(); };
app.post('/a', celebrate({ body: Joi.object() }), (req, res) => res.end());
app.post('/b', validateRequest({ body: schema }), (req, res) => res.end());
app.post('/c', use(createUserSchema), (req, res) => res.end());
app.post('/d', checkBody, (req, res) => res.end());
app.post('/e', use(options), (req, res) => res.end());`,
        'x.cjs',
      ),
    ).toEqual([true, true, true, true, false]);
  });
});

describe('credentials and sensitive paths', () => {
  it('matches whole words of path segments, singular or plural', () => {
    expect(isSensitivePath('/login')).toBe(true);
    expect(isSensitivePath('/api/v1/auth/sign-in')).toBe(true);
    expect(isSensitivePath('/users/forgot-password')).toBe(true);
    expect(isSensitivePath('/sessions')).toBe(true);
    expect(isSensitivePath('/2fa/verify')).toBe(true);
    expect(isSensitivePath('/resetPassword')).toBe(true);
    expect(isSensitivePath('/authors')).toBe(false);
    expect(isSensitivePath('/tokenizer')).toBe(false);
    expect(isSensitivePath('/auth/logout')).toBe(false);
    expect(isSensitivePath('/auth/sign-out')).toBe(false);
    expect(isSensitivePath('/create-checkout-session')).toBe(false);
    expect(isSensitivePath('/products/:token')).toBe(false);
    expect(isSensitivePath(null)).toBe(false);
  });

  it('knows credential strategies and credential checks by module, not token strategies', () => {
    const analysis = analyze(`import passport from 'passport';
import bcrypt from 'bcrypt';
import * as argon2 from 'argon2';
import speakeasy from 'speakeasy';
import { scrypt } from 'node:crypto';
const a = passport.authenticate('local');
const b = passport.authenticate('jwt', { session: false });
const c = bcrypt.compare(x, y);
const d = argon2.verify(h, x);
const e = speakeasy.totp.verify({ secret, token });
const f = user.comparePassword(x);
const g = bcrypt.hash(x, 10);
const h = other.compare(x, y);
const i = scrypt(password, salt, 64, done);`);
    const calls = analysis.index.calls;
    expect(calls.map((call) => isCredentialStrategyCall(call, analysis.index))).toEqual([true, false, false, false, false, false, false, false, false]);
    expect(calls.map((call) => isCredentialCheckCall(call, analysis.index))).toEqual([true, false, true, true, true, true, false, false, true]);
  });
});
