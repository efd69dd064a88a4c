import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Middleware, Route } from '../../src/analysis/express';
import { analyze } from './analyze';

const chainNames = (route: Route): string[] => route.chain.map((middleware: Middleware) => middlewareText(middleware));
function middlewareText(middleware: Middleware): string {
  const node = middleware.node;
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier') return `${node.callee.name}()`;
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier') {
    return `.${node.callee.property.name}()`;
  }
  return node.type;
}
const summary = (route: Route) => `${route.method.toUpperCase()} ${route.fullPath ?? route.path}`;

describe('apps and routers', () => {
  it('finds apps through every import style', () => {
    const styles = [
      "import express from 'express'; const app = express();",
      "import * as express from 'express'; const app = express();",
      "import express = require('express'); const app = express();",
      "const express = require('express'); const app = express();",
      "const e = require('express'); const server = e();",
      "const app = require('express')();",
      "import { default as ex } from 'express'; const app = ex();",
    ];
    for (const code of styles) {
      const { model } = analyze(code);
      expect(model.instances.map((instance) => [instance.kind, instance.origin]), code).toEqual([['app', 'created']]);
    }
  });

  it('finds routers: express.Router(), Router(), new Router()', () => {
    const { model } = analyze(`
      const express = require('express');
      const { Router } = require('express');
      const a = express.Router();
      const b = Router();
      const c = new Router();
    `);
    expect(model.instances.map((instance) => instance.kind)).toEqual(['router', 'router', 'router']);
  });

  it('ignores a shadowed express and other modules', () => {
    const { model } = analyze(`
      import express from 'express';
      function make(express) { return express(); }
      const koa = require('koa')();
    `);
    expect(model.instances).toHaveLength(0);
  });

  it('tracks several apps in one file, and one created inside a function and returned', () => {
    const { model } = analyze(`
      import express from 'express';
      export function createApp() {
        const app = express();
        app.get('/a', (req, res) => res.end());
        return app;
      }
      const admin = express();
      admin.post('/b', (req, res) => res.end());
    `);
    expect(model.instances).toHaveLength(2);
    expect(model.routes.map(summary)).toEqual(['GET /a', 'POST /b']);
    expect(model.instances[0]!.escapes.map((escape) => escape.type)).toEqual(['export']);
  });

  it('treats a parameter used with route methods as an app or router', () => {
    const { model } = analyze(`
      module.exports = function (app) {
        app.get('/health', (req, res) => res.json({ ok: true }));
      };
      export function register(router: Router) {
        router.post('/items', create);
      }
      function notExpress(cache) { cache.get('key'); cache.delete('x'); }
    `);
    expect(model.instances.map((instance) => [instance.kind, instance.origin])).toEqual([
      ['app', 'parameter'],
      ['router', 'parameter'],
    ]);
    expect(model.routes.map(summary)).toEqual(['GET /health', 'POST /items']);
  });

  it('tracks an app held in a class property', () => {
    const { model } = analyze(`
      import express from 'express';
      class Server {
        app = express();
        routes() { this.app.get('/x', (req, res) => res.end()); }
      }
    `);
    expect(model.routes.map(summary)).toEqual(['GET /x']);
  });
});

describe('routes and chains', () => {
  it('registers every verb, route() chains and use', () => {
    const { model } = analyze(`
      import express from 'express';
      const app = express();
      app.use(express.json());
      app.route('/books').get((req, res) => res.end()).post((req, res) => res.end());
      app.put('/a', h); app.patch('/b', h); app.delete('/c', h); app.options('/d', h); app.head('/e', h); app.all('/f', h);
      app.get('port');
      function h(req, res) { res.end(); }
    `);
    expect(model.routes.map(summary)).toEqual([
      'GET /books',
      'POST /books',
      'PUT /a',
      'PATCH /b',
      'DELETE /c',
      'OPTIONS /d',
      'HEAD /e',
      'ALL /f',
    ]);
    expect(model.instances[0]!.uses).toHaveLength(1);
  });

  it('orders the chain: app uses before the route, mount middleware, router uses, route middleware', () => {
    const { model } = analyze(`
      const express = require('express');
      const app = express();
      const router = express.Router();
      app.use(helmet());
      router.use(requireAuth);
      router.get('/orders/:id', [validateId, loadOrder], show);
      app.use('/api', limiter, router);
      app.use(late);
      function show(req, res) {}
    `);
    const [route] = model.routes;
    expect(route!.fullPath).toBe('/api/orders/:id');
    expect(chainNames(route!)).toEqual(['helmet()', 'limiter', 'requireAuth', 'validateId', 'loadOrder']);
    expect(route!.chainComplete).toBe(true);
    expect(route!.handler?.fn.type).toBe('FunctionDeclaration');
  });

  it('leaves out uses registered later or scoped to another path', () => {
    const { model } = analyze(`
      const app = require('express')();
      app.use('/admin', adminOnly);
      app.post('/login', login);
      app.use(limiter);
    `);
    expect(chainNames(model.routes[0]!)).toEqual([]);
  });

  it('marks a router that is never mounted here as an incomplete chain', () => {
    const { model } = analyze(`
      import { Router } from 'express';
      const router = Router();
      router.get('/', (req, res) => res.end());
      export default router;
    `);
    expect(model.routes[0]!.chainComplete).toBe(false);
  });

  it('resolves handlers: inline, declarations, const arrows, wrappers, object and class methods', () => {
    const { model } = analyze(`
      import express from 'express';
      const app = express();
      const controller = { show(req, res) {} };
      class Orders { static list(req, res) {} }
      const create = async (req, res) => {};
      app.get('/1', (req, res) => {});
      app.get('/2', named);
      app.get('/3', create);
      app.get('/4', asyncHandler(async (req, res) => {}));
      app.get('/5', controller.show);
      app.get('/6', Orders.list);
      app.get('/7', imported.show);
      function named(req, res) {}
    `);
    expect(model.routes.map((route) => route.handler?.fn.type ?? null)).toEqual([
      'ArrowFunctionExpression',
      'FunctionDeclaration',
      'ArrowFunctionExpression',
      'ArrowFunctionExpression',
      'FunctionExpression',
      'FunctionExpression',
      null,
    ]);
  });
});

describe('classification', () => {
  it('classifies by module, then settings, then name', () => {
    const { model } = analyze(
      `
      import express from 'express';
      import helmet from 'helmet';
      import rateLimit from 'express-rate-limit';
      import { body } from 'express-validator';
      import passport from 'passport';
      import { expressjwt } from 'express-jwt';
      const app = express();
      const requireJwt = expressjwt({ secret: s, algorithms: ['HS256'] });
      app.post('/x', helmet(), rateLimit(), body('a').isEmail(), passport.authenticate('local'), requireJwt, requireRole('admin'), canEditPost, throttle, h);
    `,
      { settings: { 'express-security': { rateLimitMiddleware: ['throttle'], authorizationMiddleware: ['canEditPost'] } } },
    );
    expect(model.routes[0]!.chain.map((middleware) => [...middleware.kinds].join() + ':' + middleware.via)).toEqual([
      'headers:module',
      'rateLimit:module',
      'validation:module',
      'authentication:module',
      'authentication:module',
      'authorization:name',
      'authorization:settings',
      'rateLimit:settings',
    ]);
  });

  it('rejects an unknown settings key with an error that names it', () => {
    expect(() => analyze('const a = 1;', { settings: { 'express-security': { rateLimiters: ['x'] } } })).toThrow(
      /unknown key 'rateLimiters'/,
    );
  });
});

describe('handlers outside routes', () => {
  it('finds (req, res) functions and RequestHandler-typed declarations without type information', () => {
    const { model } = analyze(`
      import type { RequestHandler } from 'express';
      export const list: RequestHandler = async (request) => {};
      export function show(req, res) {}
      export function helper(a, b) {}
    `);
    expect(model.unroutedHandlers.map((handler) => handler.fn.parent?.type)).toEqual(['VariableDeclarator', 'ExportNamedDeclaration']);
  });

  it('finds them on first use and once per file: every rule reads the same list', () => {
    const { model } = analyze(`
      import express from 'express';
      const app = express();
      app.get('/', (req, res) => res.send('ok'));
      export function show(req, res) { res.json(req.query); }
    `);
    const first = model.unroutedHandlers;
    expect(first.map((handler) => handler.req?.name)).toEqual(['req']);
    expect(first[0]!.fn.type).toBe('FunctionDeclaration');
    expect(model.unroutedHandlers).toBe(first);
  });

  it('with typed linting, recognises parameters whose type is express Request/Response through aliases', () => {
    const fixture = path.resolve(__dirname, '../fixtures/typed');
    const file = path.join(fixture, 'controller.ts');
    const code = readFileSync(file, 'utf8');
    const untyped = analyze(code, { filename: file });
    expect(untyped.model.unroutedHandlers).toHaveLength(0);
    const typed = analyze(code, { filename: file, parserOptions: { project: './tsconfig.json', tsconfigRootDir: fixture } });
    expect(typed.model.unroutedHandlers.map((handler) => handler.req?.name)).toEqual(['incoming']);
  });
});
