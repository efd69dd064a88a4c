import { describe, expect, it } from 'vitest';
import { checksAuthorization } from '../../src/analysis/authorization/authorization';
import { unauthorizedAccesses } from '../../src/rules/no-auth-without-authz';
import { readsCurrentUser, userContextOf } from '../../src/analysis/request/current-user';
import type { Route } from '../../src/analysis/express';
import { getRequestData } from '../../src/analysis/request/request-data';
import { analyze } from './analyze';

/** The first route of a file that has a handler, with the file's index. */
function firstRoute(code: string, filename = 'file.ts') {
  const { model, index } = analyze(code, { filename });
  const route = model.routes.find((candidate: Route) => candidate.handler !== null);
  if (!route?.handler) throw new Error('no routed handler in the code');
  return { route, handler: route.handler, index };
}

/** The unauthorized accesses of the file's first route, as call text, operation, resource and source. */
function unauthorized(code: string, filename = 'file.ts') {
  const { route, handler, index } = firstRoute(code, filename);
  return unauthorizedAccesses(handler, route.chain, index).map(({ access, operation, taint }) => ({
    call: index.sourceCode.getText(access.call),
    operation,
    resource: access.resource,
    source: taint.description,
  }));
}

/** What the handler of the file's first route says about the user: reads it, checks permission. */
function handlerFacts(code: string, filename = 'file.ts') {
  const { handler, index } = firstRoute(code, filename);
  const requestData = getRequestData(handler, index);
  const context = userContextOf(handler, requestData, index);
  return { readsUser: readsCurrentUser(handler, context), checks: checksAuthorization(handler.fn.body, context, requestData) };
}

describe('unauthorizedAccesses', () => {
  it('finds a read by a path id behind authentication middleware (CommonJS)', () => {
    expect(
      unauthorized(
        `const express = require('express');
const { requireAuth } = require('./auth');
const Order = require('./order');
const router = express.Router();
router.get('/orders/:id', requireAuth, async (req, res) => {
  res.json(await Order.findById(req.params.id));
});`,
        'x.cjs',
      ),
    ).toEqual([{ call: 'Order.findById(req.params.id)', operation: 'read', resource: 'Order', source: 'req.params.id' }]);
  });

  it('counts a record loaded and then destroyed as a delete (ESM)', () => {
    expect(
      unauthorized(`import { Router } from 'express';
import { requireAuth } from './auth';
import { Post } from './models';
const router = Router();
router.delete('/posts/:id', requireAuth, async (req, res) => {
  const post = await Post.findByPk(req.params.id);
  await post.destroy();
  res.status(204).end();
});`),
    ).toEqual([{ call: 'Post.findByPk(req.params.id)', operation: 'delete', resource: 'Post', source: 'req.params.id' }]);
  });

  it('accepts a query scoped to the current user', () => {
    expect(
      unauthorized(`import { Router } from 'express';
import { requireAuth } from './auth';
import { Order } from './order';
const router = Router();
router.get('/orders/:id', requireAuth, async (req, res) => {
  res.json(await Order.findOne({ _id: req.params.id, owner: req.user.id }));
});`),
    ).toEqual([]);
  });

  it('accepts authorization middleware in the chain', () => {
    expect(
      unauthorized(`import { Router } from 'express';
import { requireAuth, checkOwnership } from './auth';
import { Order } from './order';
const router = Router();
router.get('/orders/:id', requireAuth, checkOwnership, async (req, res) => {
  res.json(await Order.findById(req.params.id));
});`),
    ).toEqual([]);
  });

  it('lets any signed-in user read reference data, but not change it', () => {
    const read = `import { Router } from 'express';
import { requireAuth } from './auth';
import { Product } from './models';
const router = Router();
router.get('/products/:id', requireAuth, async (req, res) => {
  res.json(await Product.findById(req.params.id));
});`;
    const update = `import { Router } from 'express';
import { requireAuth } from './auth';
import { Product } from './models';
const router = Router();
router.put('/products/:id', requireAuth, async (req, res) => {
  res.json(await Product.findByIdAndUpdate(req.params.id, req.body));
});`;
    expect(unauthorized(read)).toEqual([]);
    expect(unauthorized(update)).toEqual([
      { call: 'Product.findByIdAndUpdate(req.params.id, req.body)', operation: 'update', resource: 'Product', source: 'req.params.id' },
    ]);
  });

  it('does not judge a route nobody signs in to', () => {
    expect(
      unauthorized(`import { Router } from 'express';
import { Order } from './order';
const router = Router();
router.get('/orders/:id', async (req, res) => {
  res.json(await Order.findById(req.params.id));
});`),
    ).toEqual([]);
  });
});

describe('readsCurrentUser and checksAuthorization', () => {
  it('sees a comparison with the user followed by a 403 as a check', () => {
    expect(
      handlerFacts(`import { Router } from 'express';
import { Invoice } from './invoice';
const router = Router();
router.get('/invoices/:id', async (req, res) => {
  const invoice = await Invoice.findById(req.params.id);
  if (invoice.customerId !== req.user.id) return res.status(403).end();
  res.json(invoice);
});`),
    ).toEqual({ readsUser: true, checks: true });
  });

  it('sees a comparison that does not refuse as no check', () => {
    expect(
      handlerFacts(`import { Router } from 'express';
import { Invoice } from './invoice';
const router = Router();
router.get('/invoices/:id', async (req, res) => {
  const invoice = await Invoice.findById(req.params.id);
  if (invoice.customerId !== req.user.id) console.log('someone else');
  res.json(invoice);
});`),
    ).toEqual({ readsUser: true, checks: false });
  });

  it('sees a permission call as a check (CommonJS)', () => {
    expect(
      handlerFacts(
        `const express = require('express');
const Doc = require('./doc');
const router = express.Router();
router.get('/docs/:id', async (req, res) => {
  const doc = await Doc.findById(req.params.id);
  if (!req.ability.can('read', doc)) return res.sendStatus(403);
  res.json(doc);
});`,
        'x.cjs',
      ).checks,
    ).toBe(true);
  });

  it('does not take an optional read of the user for authentication', () => {
    expect(
      handlerFacts(`import { Router } from 'express';
import { Page } from './page';
const router = Router();
router.get('/pages/:id', async (req, res) => {
  res.json({ page: await Page.findById(req.params.id), viewer: req.user?.name });
});`),
    ).toEqual({ readsUser: false, checks: false });
  });
});
