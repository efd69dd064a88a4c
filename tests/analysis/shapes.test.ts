// The Express shapes production apps use, as the model sees them in one file: inline routers,
// apps reached as destructured or property parameters, route tables registered in a loop,
// dynamic paths. The route map across files is asserted in tests/audit/shapes-routes.test.ts.
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

describe('route tables registered in a loop', () => {
  it('registers one mount per row: forEach with a destructured row, for-of with a row variable, Object.entries', () => {
    const { model } = analyze(`
      const express = require('express');
      const app = express();
      const users = express.Router();
      const orders = express.Router();
      const admin = express.Router();
      users.get('/', (req, res) => res.end());
      orders.get('/:id', (req, res) => res.end());
      admin.get('/stats', (req, res) => res.end());
      const routes = [
        { path: '/users', router: users },
        { path: '/orders', router: orders },
      ];
      routes.forEach(({ path, router }) => app.use(path, router));
      for (const r of [{ path: '/admin', router: admin }]) app.use(\`/v1\${r.path}\`, r.router);
    `, { filename: 'file.js' });
    expect(model.routes.map(summary)).toEqual(['GET /users', 'GET /orders/:id', 'GET /v1/admin/stats']);
  });

  it('registers the rows of Object.entries({ path: router }) with the middleware of the loop', () => {
    const { model } = analyze(`
      const express = require('express');
      const rateLimit = require('express-rate-limit');
      const app = express();
      const a = express.Router();
      a.post('/login', (req, res) => res.end());
      for (const [prefix, router] of Object.entries({ '/auth': a })) app.use(prefix, rateLimit({ max: 5 }), router);
    `, { filename: 'file.js' });
    expect(model.routes.map(summary)).toEqual(['POST /auth/login']);
    expect(model.routes[0]!.chain.map((middleware) => [...middleware.kinds])).toEqual([['rateLimit']]);
  });

  it('leaves a loop over a table it cannot read as one use under an unknown path', () => {
    const { model } = analyze(`
      const express = require('express');
      const app = express();
      const { routes } = require('./routes');
      routes.forEach((r) => app.use(r.path, r.router));
    `, { filename: 'file.js' });
    expect(model.instances[0]!.uses.map((use) => [use.path, use.pathKnown, use.middleware.length])).toEqual([[null, false, 1]]);
  });
});

describe('dynamic paths', () => {
  it('takes a computed first argument of use as a path, not as middleware, and reads templates of constants', () => {
    const { model } = analyze(`
      const express = require('express');
      const rateLimit = require('express-rate-limit');
      const { loginPath } = require('./paths');
      const app = express();
      const limiter = rateLimit({ max: 5 });
      const apiBase = '/api';
      app.use('/login', limiter);
      app.use(loginPath('admin'), limiter);
      app.use(\`\${apiBase}/reset\`, limiter);
      app.use(config.basePath + '/x', limiter);
      app.post('/login', (req, res) => res.end());
      app.post('/signup', (req, res) => res.end());
      app.post(\`\${apiBase}/reset\`, (req, res) => res.end());
      app.get(loginPath('x'), (req, res) => res.end());
    `, { filename: 'file.js' });
    expect(model.instances[0]!.uses.map((use) => [use.path, use.pathKnown, use.middleware.length])).toEqual([
      ['/login', true, 1],
      [null, false, 1],
      ['/api/reset', true, 1],
      [null, false, 1],
    ]);
    expect(model.routes.map((route) => `${summary(route)} ${route.chain.length}`)).toEqual([
      'POST /login 1',
      'POST /signup 0',
      'POST /api/reset 1',
      // A route whose path is not known may be under any of them: every earlier use is credited.
      'GET (dynamic) 4',
    ]);
  });

  it('keeps a middleware named like a path that is imported or a function as middleware', () => {
    const { model } = analyze(`
      const express = require('express');
      const { checkPath } = require('./auth');
      function basePath(req, res, next) { next(); }
      const app = express();
      app.use(checkPath, (req, res, next) => next());
      app.use(basePath, (req, res, next) => next());
      app.use(helmet(), cors());
    `, { filename: 'file.js' });
    expect(model.instances[0]!.uses.map((use) => [use.path, use.middleware.length])).toEqual([
      [null, 2],
      [null, 2],
      [null, 2],
    ]);
  });
});

describe('apps made by a project factory', () => {
  it('takes a binding made by a factory named for an app or router as an app received from elsewhere', () => {
    const { model } = analyze(`
      const apiUtil = require('./util');
      let adminApp;
      exports.init = function (settings) {
        adminApp = apiUtil.createExpressApp(settings);
        adminApp.get('/flows', (req, res) => res.end());
        return adminApp;
      };
      exports.other = async () => {
        const router = await makeRouter();
        router.post('/x', (req, res) => res.end());
      };
    `, { filename: 'file.js' });
    expect(kinds(model.instances)).toEqual(['app:imported', 'router:imported']);
    expect(model.routes.map(summary)).toEqual(['GET /flows', 'POST /x']);
  });

  it('does not take a binding that is given something else as well for one', () => {
    const { model } = analyze(`
      let app = createApp();
      app = wrap(app);
      app.get('/x', () => 1);
      const server = http.createServer(handler);
      server.get('/x', () => 1);
      const cache = makeCache();
      cache.get('/x', () => 1);
    `, { filename: 'file.js' });
    expect(kinds(model.instances)).toEqual([]);
  });
});

describe('browser scripts', () => {
  it("does not take $.get(`${base}${id}`, cb) of an imported jQuery for a route", () => {
    const { model } = analyze(`
      import $ from 'jquery';
      $.get(\`\${makeUrl()}\${id}/x\`, function (prop) { render(prop); });
    `, { filename: 'file.js' });
    expect(kinds(model.instances)).toEqual([]);
  });
});

describe('compiled CommonJS', () => {
  it('finds apps and routers of Babel and tsc output: _interopRequireDefault, __importDefault, (0, x.default)()', () => {
    const { model } = analyze(`
      "use strict";
      var _express = _interopRequireDefault(require("express"));
      const express_1 = __importDefault(require("express"));
      function _interopRequireDefault(e) { return e && e.__esModule ? e : { default: e }; }
      const app = (0, _express.default)();
      const router = _express.default.Router();
      const other = express_1.default.Router();
      router.get('/-/user/:name', function (req, res) { res.end(); });
      other.post('/x', (req, res) => res.end());
      app.use('/api', router);
    `, { filename: 'file.js' });
    expect(kinds(model.instances)).toEqual(['app:created', 'router:created', 'router:created']);
    expect(model.routes.map(summary)).toEqual(['GET /api/-/user/:name', 'POST /x']);
  });
});

describe('apps handed back and mounted', () => {
  it('takes a parameter that mounts a router of this file (route.use(userRouter)) as an app or router, whatever its name', () => {
    const { model } = analyze(`
      const express = require('express');
      module.exports = function (route, auth) {
        const userRouter = express.Router();
        userRouter.get('/-/user/:name', (req, res) => res.end());
        route.use(userRouter);
      };
      exports.other = (route) => route.use(helper);
    `, { filename: 'file.js' });
    expect(kinds(model.instances)).toEqual(['router:created', 'app:parameter']);
    expect(model.instances[0]!.mounts).toHaveLength(1);
  });

  it('takes an app destructured from what a call returns (const { app } = Arena(config)) as received, and a conditional first argument as a path', () => {
    const { model } = analyze(`
      const express = require('express');
      const Arena = require('./app');
      const routes = require('./routes');
      const { app, Queues } = Arena(config);
      app.use(opts.basePath ? opts.basePath : '/', routes);
      app.use(opts.basePath || '/', express.static('public'));
      app.use(flag ? '/a' : '/a', routes);
    `, { filename: 'file.js' });
    expect(kinds(model.instances)).toEqual(['app:imported']);
    expect(model.instances[0]!.uses.map((use) => [use.path, use.pathKnown, use.middleware.length])).toEqual([
      [null, false, 1],
      [null, false, 1],
      ['/a', true, 1],
    ]);
  });
});
