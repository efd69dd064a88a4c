// The Express shapes production apps use, as the model sees them in one file: inline routers,
// apps reached as destructured or property parameters, route tables registered in a loop,
// dynamic paths. The route map across files is asserted in tests/cli/shapes-routes.test.ts.
import { describe, expect, it } from 'vitest';
import type { Instance, Route } from '../../src/analysis/express';
import { analyze } from './analyze';

const kinds = (instances: Instance[]) => instances.map((instance) => `${instance.kind}:${instance.origin}`);
const summary = (route: Route) => `${route.method.toUpperCase()} ${route.fullPath ?? route.path ?? '(dynamic)'}`;

describe('inline routers', () => {
  it("finds require('express').Router() and a destructured Router, in CommonJS and ESM", () => {
    const shapes: [string, string][] = [
      ["const router = require('express').Router();", 'file.js'],
      ["const router = require('express').Router({ mergeParams: true });", 'file.js'],
      ["const { Router } = require('express'); const router = Router();", 'file.js'],
      ["const { Router: R } = require('express'); const router = R();", 'file.js'],
      ["const express = require('express'); const { Router } = express; const router = Router();", 'file.js'],
      ["import { Router } from 'express'; const router = Router();", 'file.ts'],
      ["import express, { Router } from 'express'; const router = Router();", 'file.ts'],
      ["import { Router } from 'express'; const router = new Router();", 'file.ts'],
    ];
    for (const [code, filename] of shapes) {
      const { model } = analyze(`${code}\nrouter.get('/x', (req, res) => res.end());\nmodule.exports = router;`, { filename });
      expect(kinds(model.instances), code).toEqual(['router:created']);
      expect(model.routes.map(summary), code).toEqual(['GET /x']);
    }
  });

  it('mounts a router created inline in the mount call', () => {
    const { model } = analyze(`
      const express = require('express');
      const app = express();
      app.use('/api', require('express').Router().get('/ping', (req, res) => res.end()));
    `, { filename: 'file.js' });
    expect(kinds(model.instances)).toEqual(['app:created', 'router:created']);
    expect(model.routes.map(summary)).toEqual(['GET /api/ping']);
  });

  it('does not take a Router of another module, or a shadowed one, as express', () => {
    const { model } = analyze(`
      const { Router } = require('koa-router');
      const r = Router();
      r.get('/x', (ctx) => {});
      function f(Router) { const s = Router(); return s; }
    `, { filename: 'file.js' });
    expect(kinds(model.instances)).toEqual([]);
  });
});

describe('apps reached as parameters', () => {
  it('takes a destructured parameter ({ app }, { app } = {}) and a parameter property (args.app) used with route methods as the app handed in', () => {
    const { model } = analyze(`
      module.exports = function ({ app, db }) { app.get('/users', (req, res) => res.json(db.find())); };
      exports.register = ({ router } = {}) => { router.post('/a', (req, res) => res.end()); };
      exports.posts = (args) => { args.app.get('/posts', (req, res) => res.end()); args.app.post('/posts', (req, res) => res.end()); };
      exports.hook = { onRoutes({ app }) { app.use('/x', (req, res, next) => next()); } };
    `, { filename: 'file.js' });
    expect(kinds(model.instances)).toEqual(['app:parameter', 'router:parameter', 'app:parameter', 'app:parameter']);
    expect(model.routes.map(summary)).toEqual(['GET /users', 'POST /a', 'GET /posts', 'POST /posts']);
    expect(model.routes.every((route) => !route.chainComplete)).toBe(true);
  });

  it('does not take other destructured or property parameters with get/post methods for an app', () => {
    const { model } = analyze(`
      exports.a = ({ cache }) => cache.get('key', 1);
      exports.b = (deps) => deps.store.get('/x', () => 1);
      exports.c = ({ body }, res) => res.json(body.get('x'));
      exports.d = (args) => args['app'].get('/x', () => 1);
    `, { filename: 'file.js' });
    expect(kinds(model.instances)).toEqual([]);
  });

  it('counts an app passed inside an object literal as handed on, with the callee and its module', () => {
    const { model } = analyze(`
      const express = require('express');
      const app = express();
      require('./routes/users')({ app, db: null });
      require('./routes/admin').register({ app });
      new Plugin({ server: app });
    `, { filename: 'file.js' });
    expect(model.instances[0]!.escapes.map((escape) => [escape.type, escape.calleeName, escape.calleeModule])).toEqual([
      ['call', null, './routes/users'],
      ['call', 'register', './routes/admin'],
      ['call', 'Plugin', null],
    ]);
  });
});
