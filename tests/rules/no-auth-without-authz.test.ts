import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { noAuthWithoutAuthz } from '../../src/rules/no-auth-without-authz';
import { CLASSIFY_CJS_APP, CLASSIFY_TS_APP, CONSTRUCTOR_ROUTES, ESM_ROUTES, TS_ROUTES, fixturePlace } from './cross-file-fixtures';

const ruleTester = new RuleTester();

ruleTester.run('no-auth-without-authz', noAuthWithoutAuthz, {
  valid: [
    {
      name: 'mongoose: a filter that includes the current user (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const { requireAuth } = require('./auth');
const Order = require('./order');
const router = express.Router();
router.get('/orders/:id', requireAuth, async (req, res) => {
  res.json(await Order.findOne({ _id: req.params.id, owner: req.user.id }));
});`,
    },
    {
      name: 'mongoose: a const-bound filter with the user from req.auth (ESM)',
      code: `import { Router } from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import { Order } from './order';
const router = Router();
router.delete('/orders/:id', auth(), async (req, res) => {
  const { sub } = req.auth.payload;
  const filter = { _id: req.params.id, owner: sub };
  await Order.findOneAndDelete(filter);
  res.status(204).end();
});`,
    },
    {
      name: 'Sequelize: where with userId from the session user',
      filename: 'x.cjs',
      code: `const express = require('express');
const { ensureLoggedIn } = require('connect-ensure-login');
const { Post } = require('./models');
const app = express();
app.put('/posts/:postId', ensureLoggedIn(), async (req, res) => {
  await Post.update(req.body, { where: { id: req.params.postId, userId: req.session.userId } });
  res.end();
});`,
    },
    {
      name: 'Prisma: a compound where with res.locals.user (TypeScript)',
      code: `import { Router, type Request, type Response } from 'express';
import { prisma } from './prisma';
import { verifyToken } from './auth';
const router = Router();
router.patch('/notes/:id', verifyToken, async (req: Request<{ id: string }>, res: Response) => {
  const note = await prisma.note.updateMany({ where: { id: req.params.id!, authorId: res.locals.user.id as string }, data: req.body });
  res.json(note);
});`,
    },
    {
      name: 'a comparison of the loaded record with the user, followed by a 403',
      code: `import { Router } from 'express';
import { PrismaClient } from '@prisma/client';
import { requireAuth } from './auth';
const prisma = new PrismaClient();
const router = Router();
router.get('/invoices/:id', requireAuth, async (req, res) => {
  const invoice = await prisma.invoice.findUnique({ where: { id: req.params.id } });
  if (invoice.customerId !== req.user.id) {
    return res.status(403).json({ error: 'Forbidden' });
  }
  res.json(invoice);
});`,
    },
    {
      name: 'an equals() comparison followed by a throw (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const passport = require('passport');
const Doc = require('./doc');
const router = express.Router();
router.get('/docs/:id', passport.authenticate('jwt', { session: false }), async (req, res) => {
  const doc = await Doc.findById(req.params.id);
  if (!doc.owner.equals(req.user._id)) throw new Forbidden();
  res.json(doc);
});`,
    },
    {
      name: 'a CASL ability check in the handler',
      code: `import { Router } from 'express';
import { ForbiddenError } from '@casl/ability';
import { requireAuth } from './auth';
import { Article } from './article';
const router = Router();
router.put('/articles/:id', requireAuth, async (req, res) => {
  const article = await Article.findById(req.params.id);
  ForbiddenError.from(req.ability).throwUnlessCan('update', article);
  res.json(await article.set(req.body).save());
});`,
    },
    {
      name: 'a casbin enforce call (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const { requireAuth } = require('./auth');
const Project = require('./project');
const router = express.Router();
router.get('/projects/:id', requireAuth, async (req, res) => {
  if (!(await enforcer.enforce(req.user.id, req.params.id, 'read'))) return res.sendStatus(403);
  res.json(await Project.findById(req.params.id));
});`,
    },
    {
      name: 'a user-scoped lookup: the subdocument of the current user',
      filename: 'x.cjs',
      code: `const express = require('express');
const { requireAuth } = require('./auth');
const router = express.Router();
router.get('/me/addresses/:id', requireAuth, (req, res) => {
  res.json(req.user.addresses.id(req.params.id));
});`,
    },
    {
      name: 'admin routes behind a role check (ESM)',
      code: `import express from 'express';
import { requireAuth, requireRole } from './auth';
import { User } from './user';
const router = express.Router();
router.delete('/admin/users/:id', requireAuth, requireRole('admin'), async (req, res) => {
  await User.findByIdAndDelete(req.params.id);
  res.status(204).end();
});`,
    },
    {
      name: 'authorization middleware applied with router.use (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const { protect, authorize } = require('./auth');
const User = require('./user');
const router = express.Router();
router.use(protect, authorize('admin'));
router.get('/users/:id', async (req, res) => res.json(await User.findById(req.params.id)));`,
    },
    {
      name: 'an unauthenticated route is not this rule’s business',
      filename: 'x.cjs',
      code: `const { Router } = require('express');
const Recipe = require('./recipe');
const router = Router();
router.get('/recipes/:id', async (req, res) => res.json(await Recipe.findById(req.params.id)));`,
    },
    {
      name: 'the user’s own id as the identifier',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { User } from './user';
const router = Router();
router.get('/me', requireAuth, async (req, res) => res.json(await User.findById(req.user.id)));`,
    },
    {
      name: 'SQL scoped with AND user_id = $2 fed by the user',
      code: `import { Router } from 'express';
import { expressjwt } from 'express-jwt';
import { pool } from './db';
const router = Router();
router.get('/statements/:id', expressjwt({ secret: s, algorithms: ['HS256'] }), async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM statements WHERE id = $1 AND user_id = $2', [req.params.id, req.auth.sub]);
  res.json(rows[0]);
});`,
    },
    {
      name: 'knex scoped by a chained andWhere (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const knex = require('knex')(config);
const { requireAuth } = require('./auth');
const router = express.Router();
router.get('/orders/:id', requireAuth, async (req, res) => {
  res.json(await knex('orders').where('id', req.params.id).andWhere('user_id', req.user.id).first());
});`,
    },
    {
      name: 'authorization middleware named in settings',
      code: `import { Router } from 'express';
import { requireAuth, mayEditPost } from './auth';
import { Post } from './post';
const router = Router();
router.put('/posts/:id', requireAuth, mayEditPost, async (req, res) => res.json(await Post.findByIdAndUpdate(req.params.id, req.body)));`,
      settings: { 'express-security': { authorizationMiddleware: ['mayEditPost'] } },
    },
    {
      name: 'authorization applied elsewhere, per settings',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Post } from './post';
const router = Router();
router.get('/posts/:id', requireAuth, async (req, res) => res.json(await Post.findById(req.params.id)));`,
      settings: { 'express-security': { appliedElsewhere: ['authorization'] } },
    },
    {
      name: 'a same-file middleware that checks ownership before the handler',
      filename: 'x.cjs',
      code: `const express = require('express');
const { requireAuth } = require('./auth');
const Order = require('./order');
const router = express.Router();
async function loadOwnOrder(req, res, next) {
  req.order = await Order.findById(req.params.id);
  if (String(req.order.owner) !== String(req.user.id)) return res.status(404).end();
  next();
}
router.get('/orders/:id', requireAuth, loadOwnOrder, async (req, res) => res.json(await Order.findById(req.params.id)));`,
    },
    {
      name: 'a same-file middleware that compares the record with res.locals.user (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const { requireAuth } = require('./auth');
const Order = require('./order');
const router = express.Router();
async function loadOwnOrder(req, res, next) {
  res.locals.order = await Order.findById(req.params.id);
  if (String(res.locals.order.owner) !== String(res.locals.user.id)) return res.status(404).end();
  next();
}
router.get('/orders/:id', requireAuth, loadOwnOrder, async (req, res) => res.json(await Order.findById(req.params.id)));`,
    },
    {
      name: 'a same-file middleware that reads res.locals.user through const { locals } = res (ESM)',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Order } from './order';
const router = Router();
const loadOwnOrder = async (req, res, next) => {
  const { locals } = res;
  const order = await Order.findById(req.params.id);
  if (String(order.owner) !== String(locals.user.id)) return res.sendStatus(403);
  next();
};
router.get('/orders/:id', requireAuth, loadOwnOrder, async (req, res) => res.json(await Order.findById(req.params.id)));`,
    },
    {
      name: 'a same-file middleware that reads res.locals.user through an alias of the response (TypeScript)',
      code: `import { Router, type NextFunction, type Request, type Response } from 'express';
import { requireAuth } from './auth';
import { Order } from './order';
const router = Router();
async function loadOwnOrder(req: Request, res: Response, next: NextFunction) {
  const response = res;
  const order = await Order.findById(req.params.id);
  if (String(order.owner) !== String(response.locals.user.id)) return res.status(404).end();
  next();
}
router.get('/orders/:id', requireAuth, loadOwnOrder, async (req: Request, res: Response) => res.json(await Order.findById(req.params.id)));`,
    },
    {
      name: 'a same-file middleware that reads the session user through const { session } = req',
      filename: 'x.cjs',
      code: `const express = require('express');
const { requireAuth } = require('./auth');
const Order = require('./order');
const router = express.Router();
async function loadOwnOrder(req, res, next) {
  const { session } = req;
  const order = await Order.findById(req.params.id);
  if (String(order.owner) !== String(session.userId)) return res.status(404).end();
  next();
}
router.get('/orders/:id', requireAuth, loadOwnOrder, async (req, res) => res.json(await Order.findById(req.params.id)));`,
    },
    {
      name: 'a handler that destructures the user from its request parameter and filters by it (ESM)',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Order } from './order';
const router = Router();
router.get('/orders/:id', requireAuth, async ({ params, user }, res) => res.json(await Order.findOne({ _id: params.id, owner: user.id })));`,
    },
    {
      name: 'a same-file middleware that destructures res.locals from its response parameter (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const { requireAuth } = require('./auth');
const Order = require('./order');
const router = express.Router();
async function loadOwnOrder(req, { locals }, next) {
  const order = await Order.findById(req.params.id);
  if (String(order.owner) !== String(locals.user.id)) return next(new Error('not yours'));
  next();
}
router.get('/orders/:id', requireAuth, loadOwnOrder, async (req, res) => res.json(await Order.findById(req.params.id)));`,
    },
    {
      name: 'a handler from another file cannot be seen',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { showOrder } from './controllers';
const router = Router();
router.get('/orders/:id', requireAuth, showOrder);`,
    },
    {
      name: 'a controller that no route of the file registers, without strict',
      filename: 'x.cjs',
      code: `const Order = require('./order');
exports.show = async (req, res) => {
  if (!req.user) return res.sendStatus(401);
  res.json(await Order.findById(req.params.id));
};`,
    },
    {
      name: 'a filter on a field that does not identify a record',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Product } from './product';
const router = Router();
router.get('/products', requireAuth, async (req, res) => res.json(await Product.find({ category: req.query.category })));`,
    },
    {
      name: 'a shadowed binding: the inner id is the user’s own',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Profile } from './profile';
const router = Router();
router.get('/profiles/:id', requireAuth, async (req, res) => {
  const id = req.params.id;
  {
    const id = req.user.id;
    res.json(await Profile.findById(id));
  }
});`,
    },
    {
      name: 'an unresolvable id',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Order } from './order';
import { currentOrderId } from './context';
const router = Router();
router.get('/orders/current', requireAuth, async (req, res) => res.json(await Order.findById(currentOrderId())));`,
    },
    {
      name: 'odd code: computed members, spread arguments, optional chaining never throw',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Order } from './order';
const router = Router();
router.get('/orders/:id', requireAuth, async (req, res) => {
  const method = 'findById';
  const args = [req.params.id];
  const a = await Order[method](...args);
  const b = await Order?.findOne?.({ ...req.query, owner: req.user?.id });
  const c = await Order.findById(...args);
  res.json([a, b, c]);
});`,
    },
    {
      name: 'a role property of the user checked in the handler',
      filename: 'x.cjs',
      code: `const express = require('express');
const { requireAuth } = require('./auth');
const User = require('./user');
const router = express.Router();
router.delete('/users/:id', requireAuth, async (req, res) => {
  if (!req.user.isAdmin) return res.sendStatus(403);
  await User.findByIdAndDelete(req.params.id);
  res.end();
});`,
    },
    {
      name: 'a membership lookup joining the user with the client id, then a refusal',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Membership, Project } from './models';
const router = Router();
router.get('/projects/:id', requireAuth, async (req, res) => {
  const membership = await Membership.findOne({ user: req.user.id, project: req.params.id });
  if (!membership) return res.status(404).end();
  res.json(await Project.findById(req.params.id));
});`,
    },
    {
      name: 'an ownership comparison kept in a const',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Note } from './note';
const router = Router();
router.get('/notes/:id', requireAuth, async (req, res) => {
  const note = await Note.findById(req.params.id);
  const isMine = note.authorId === req.user.id;
  if (!isMine) return res.status(404).end();
  res.json(note);
});`,
    },
    {
      name: 'reading shared reference data (a product) by id on an authenticated route',
      filename: 'x.cjs',
      code: `const express = require('express');
const { protect } = require('./auth');
const Product = require('./product');
const router = express.Router();
router.post('/cart', protect, async (req, res) => {
  const product = await Product.findById(req.body.productId);
  req.user.cart.push({ product: product.id, qty: 1 });
  res.json(await req.user.save());
});`,
    },
    {
      name: 'an ownership comparison whose branch redirects (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const { ensureAuthenticated } = require('./auth');
const Story = require('./story');
const router = express.Router();
router.get('/stories/:id/edit', ensureAuthenticated, async (req, res) => {
  const story = await Story.findOne({ _id: req.params.id }).lean();
  if (story.user != req.user.id) {
    res.redirect('/stories');
  } else {
    res.render('stories/edit', { story });
  }
});`,
    },
    {
      name: 'a where scoped by a user that custom middleware put on req.payload (TypeScript)',
      code: `import express from 'express';
import { prisma } from './prisma';
import { isAuthenticated } from './middlewares';
const router = express.Router();
router.get('/workspaces/:id', isAuthenticated, async (req, res) => {
  res.json(await prisma.workspace.findFirst({ where: { id: req.params.id, members: { some: { userId: (req as any).payload.userId } } } }));
});`,
    },
    {
      name: 'reading the target of a record the user creates: a comment on a post (ESM)',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Comment, Post } from './models';
const router = Router();
router.post('/posts/:postId/comments', requireAuth, async (req, res) => {
  const post = await Post.findById(req.params.postId);
  if (!post) return res.status(404).end();
  res.status(201).json(await Comment.create({ post: post._id, author: req.user.id, text: req.body.text }));
});`,
    },
    {
      name: 'a public page that reads the user only optionally is not authenticated',
      filename: 'x.cjs',
      code: `const express = require('express');
const Post = require('./post');
const router = express.Router();
router.get('/posts/:id', async (req, res) => {
  const post = await Post.findById(req.params.id).lean();
  let mine = false;
  if (req.user) mine = post.author === req.user.id;
  res.json({ ...post, mine, liked: post.likes.includes(req.user?.id), viewer: req.user ? req.user.name : null });
});`,
    },
  ],
  invalid: [
    {
      name: 'a same-file middleware that loads the record into res.locals but never compares it with res.locals.user (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const { requireAuth } = require('./auth');
const Order = require('./order');
const router = express.Router();
async function loadOrder(req, res, next) {
  res.locals.order = await Order.findById(req.params.id);
  if (!res.locals.user) return res.status(401).end();
  next();
}
router.get('/orders/:id', requireAuth, loadOrder, async (req, res) => res.json(await Order.findById(req.params.id)));`,
      errors: [
        {
          messageId: 'missingAuthorization',
          data: { route: 'GET /orders/:id', verb: 'loads', resource: 'Order', source: 'req.params.id', example: '{ _id: id, owner: req.user.id }' },
          line: 10,
          column: 86,
          endLine: 10,
          endColumn: 115,
        },
      ],
    },
    {
      name: 'a same-file middleware that reads res.locals.user through const { locals } = res but compares nothing (ESM)',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { Order } from './order';
const router = Router();
const loadOrder = async (req, res, next) => {
  const { locals } = res;
  locals.order = await Order.findById(req.params.id);
  console.log(locals.user.id);
  next();
};
router.get('/orders/:id', requireAuth, loadOrder, async (req, res) => res.json(await Order.findById(req.params.id)));`,
      errors: [
        {
          messageId: 'missingAuthorization',
          data: { route: 'GET /orders/:id', verb: 'loads', resource: 'Order', source: 'req.params.id', example: '{ _id: id, owner: req.user.id }' },
          line: 11,
          column: 86,
          endLine: 11,
          endColumn: 115,
        },
      ],
    },
    {
      name: 'a handler that destructures the user from its request parameter but does not filter by it (ESM)',
      code: `import { Router } from 'express';
import { Order } from './order';
const router = Router();
router.get('/orders/:id', async ({ params, user }, res) => {
  console.log(user.id);
  res.json(await Order.findById(params.id));
});`,
      errors: [
        {
          messageId: 'missingAuthorization',
          data: { route: 'GET /orders/:id', verb: 'loads', resource: 'Order', source: 'req.params.id', example: '{ _id: id, owner: req.user.id }' },
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 43,
        },
      ],
    },
    {
      name: 'mongoose findById on an authenticated route (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const { requireAuth } = require('./auth');
const Order = require('./order');
const router = express.Router();
router.get('/orders/:id', requireAuth, async (req, res) => {
  const order = await Order.findById(req.params.id).populate('items').lean();
  res.json(order);
});`,
      errors: [
        {
          messageId: 'missingAuthorization',
          data: { route: 'GET /orders/:id', verb: 'loads', resource: 'Order', source: 'req.params.id', example: '{ _id: id, owner: req.user.id }' },
          line: 6,
          column: 23,
          endLine: 6,
          endColumn: 52,
        },
      ],
    },
    {
      name: 'mongoose findByIdAndUpdate behind passport (ESM), the id through destructuring',
      code: `import express from 'express';
import passport from 'passport';
import { Order } from './order';
const app = express();
app.patch('/orders/:id', passport.authenticate('jwt', { session: false }), async (req, res) => {
  const { id } = req.params;
  res.json(await Order.findByIdAndUpdate(id, req.body, { new: true }));
});`,
      errors: [
        { messageId: 'missingAuthorization', line: 7, column: 18, endLine: 7, endColumn: 70 },
      ],
    },
    {
      name: 'Sequelize findByPk on a jwt-protected route (ESM)',
      code: `import { Router } from 'express';
import { expressjwt } from 'express-jwt';
import { Post } from './models';
const router = Router();
const requireJwt = expressjwt({ secret: s, algorithms: ['HS256'] });
router.delete('/posts/:postId', requireJwt, async (req, res) => {
  const post = await Post.findByPk(req.params.postId);
  await post.destroy();
  res.status(204).end();
});`,
      errors: [
        { messageId: 'missingAuthorization', line: 7, column: 22, endLine: 7, endColumn: 54 },
      ],
    },
    {
      name: 'Sequelize destroy with a where on the body id (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const { isAuthenticated } = require('./auth');
const { Comment } = require('./models');
const router = express.Router();
router.post('/comments/delete', isAuthenticated, async (req, res) => {
  await Comment.destroy({ where: { id: req.body.commentId } });
  res.end();
});`,
      errors: [
        { messageId: 'missingAuthorization', line: 6, column: 9, endLine: 6, endColumn: 63 },
      ],
    },
    {
      name: 'Prisma update (TypeScript)',
      code: `import { Router } from 'express';
import type { Request, Response } from 'express';
import { prisma } from './prisma';
import { authenticate } from './authenticate';
const router = Router();
router.patch('/notes/:id', authenticate, async (req: Request, res: Response) => {
  const note = await prisma.note.update({ where: { id: req.params.id }, data: req.body });
  res.json(note);
});`,
      errors: [
        { messageId: 'missingAuthorization', line: 7, column: 22, endLine: 7, endColumn: 90 },
      ],
    },
    {
      name: 'Prisma findUnique (CommonJS) with an authentication check that is not an ownership check',
      filename: 'x.cjs',
      code: `const express = require('express');
const { prisma } = require('./prisma');
const router = express.Router();
router.get('/invoices/:id', async (req, res) => {
  if (!req.user) return res.sendStatus(401);
  res.json(await prisma.invoice.findUnique({ where: { id: Number(req.params.id) } }));
});`,
      errors: [
        { messageId: 'missingAuthorization', line: 6, column: 18, endLine: 6, endColumn: 85 },
      ],
    },
    {
      name: 'TypeORM findOneBy and delete (ESM)',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { dataSource } from './data-source';
import { Ticket } from './ticket';
const router = Router();
const ticketRepository = dataSource.getRepository(Ticket);
router.delete('/tickets/:id', requireAuth, async (req, res) => {
  const ticket = await ticketRepository.findOneBy({ id: req.params.id });
  await ticketRepository.delete(req.params.id);
  res.json(ticket);
});`,
      errors: [
        { messageId: 'missingAuthorization', line: 8, column: 24, endLine: 8, endColumn: 73 },
        { messageId: 'missingAuthorization', line: 9, column: 9, endLine: 9, endColumn: 47 },
      ],
    },
    {
      name: 'knex where by the route id (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const db = require('./db');
const { verifyToken } = require('./auth');
const router = express.Router();
router.get('/orders/:id', verifyToken, async (req, res) => {
  res.json(await db('orders').where({ id: req.params.id }).first());
});`,
      errors: [
        { messageId: 'missingAuthorization', line: 6, column: 18, endLine: 6, endColumn: 59 },
      ],
    },
    {
      name: 'pg query with the id as a parameter, router-level authentication (ESM)',
      code: `import { Router } from 'express';
import { requiresAuth } from 'express-openid-connect';
import { pool } from './db';
const router = Router();
router.use(requiresAuth());
router.get('/statements/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM statements WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});`,
      errors: [
        { messageId: 'missingAuthorization', line: 7, column: 26, endLine: 7, endColumn: 95 },
      ],
    },
    {
      name: 'mysql2 execute with the query id and req.user read in the handler (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const router = express.Router();
router.get('/messages', async (req, res) => {
  const viewer = req.user;
  const [rows] = await conn.execute('SELECT * FROM messages WHERE id = ?', [req.query.messageId]);
  res.json({ viewer: viewer.name, message: rows[0] });
});`,
      errors: [
        {
          messageId: 'missingAuthorization',
          data: { route: 'GET /messages', verb: 'loads', resource: 'messages', source: 'req.query.messageId', example: 'AND user_id = $2 with req.user.id' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 98,
        },
      ],
    },
    {
      name: 'a same-file repository function that fetches by id (ESM)',
      code: `import { Router } from 'express';
import { ensureLoggedIn } from 'connect-ensure-login';
import { db } from './db';
const router = Router();
async function getOrderById(id) {
  return db.collection('orders').findOne({ _id: id });
}
router.get('/orders/:id', ensureLoggedIn(), async (req, res) => res.json(await getOrderById(req.params.id)));`,
      errors: [
        { messageId: 'missingAuthorization', line: 8, column: 80, endLine: 8, endColumn: 107 },
      ],
    },
    {
      name: 'authentication middleware named in settings',
      code: `import { Router } from 'express';
import { gatekeeper } from './gate';
import { Invoice } from './invoice';
const router = Router();
router.get('/invoices/:id', gatekeeper, async (req, res) => res.json(await Invoice.findById(req.params.id)));`,
      settings: { 'express-security': { authenticationMiddleware: ['gatekeeper'] } },
      errors: [
        { messageId: 'missingAuthorization', line: 5, column: 76, endLine: 5, endColumn: 107 },
      ],
    },
    {
      name: 'changing shared reference data with no role check: a product loaded, then saved (ESM)',
      code: `import { Router } from 'express';
import { protect } from './auth';
import { Product } from './product';
const router = Router();
router.put('/products/:id', protect, async (req, res) => {
  const product = await Product.findById(req.params.id);
  product.set(req.body);
  res.json(await product.save());
});`,
      errors: [
        {
          messageId: 'missingAuthorization',
          data: { route: 'PUT /products/:id', verb: 'updates', resource: 'Product', source: 'req.params.id', example: '{ _id: id, owner: req.user.id }' },
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 56,
        },
      ],
    },
    {
      name: 'a path segment that is not called id still names the record',
      code: `import { Router } from 'express';
import { requireAuth } from './auth';
import { User } from './user';
const router = Router();
router.get('/users/:username/settings', requireAuth, async (req, res) => {
  res.json(await User.findOne({ username: req.params.username }).select('settings'));
});`,
      errors: [
        { messageId: 'missingAuthorization', line: 6, column: 18, endLine: 6, endColumn: 65 },
      ],
    },
    {
      name: 'a session login check is authentication, not authorization (CommonJS)',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
const Message = require('./message');
app.get('/messages/:id', async (req, res) => {
  if (!req.session.userId) return res.redirect('/login');
  res.render('message', { message: await Message.findById(req.params.id) });
});`,
      errors: [
        { messageId: 'missingAuthorization', line: 6, column: 42, endLine: 6, endColumn: 73 },
      ],
    },
    {
      name: 'strict: a controller that reads req.user (CommonJS)',
      filename: 'x.cjs',
      options: [{ strict: true }],
      code: `const Order = require('./order');
exports.show = async (req, res) => {
  if (!req.user) return res.sendStatus(401);
  res.json(await Order.findById(req.params.id));
};`,
      errors: [
        { messageId: 'missingAuthorization', line: 4, column: 18, endLine: 4, endColumn: 47 },
      ],
    },
  ],
});

describe('no-auth-without-authz options', () => {
  it('rejects an unknown option with a schema error that names it', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = () =>
      linter.verify(
        'const x = 1;',
        [
          {
            plugins: { 'express-security': { rules: { 'no-auth-without-authz': noAuthWithoutAuthz } } as never },
            rules: { 'express-security/no-auth-without-authz': ['error', { stricct: true }] },
          },
        ],
        'x.js',
      );
    expect(lint).toThrow(/no-auth-without-authz[\s\S]*stricct/);
  });
});

ruleTester.run('no-auth-without-authz: handlers, services and DAOs in other project files', noAuthWithoutAuthz, {
  valid: [
    {
      name: 'the DAO is given the session user, not a client id (CommonJS)',
      filename: CONSTRUCTOR_ROUTES,
      code: `const { ensureLoggedIn } = require('connect-ensure-login');
const AllocationsHandler = require('./allocations');
module.exports = (app, db) => {
  const allocationsHandler = new AllocationsHandler(db);
  app.get('/allocations', ensureLoggedIn(), allocationsHandler.displayOwnAllocations);
};`,
    },
    {
      name: 'authorization middleware in the route file covers the handler of another file',
      filename: CONSTRUCTOR_ROUTES,
      code: `const { ensureLoggedIn } = require('connect-ensure-login');
const guard = require('express-jwt-permissions')();
const AllocationsHandler = require('./allocations');
module.exports = (app, db) => {
  const allocationsHandler = new AllocationsHandler(db);
  app.get('/allocations/:userId', ensureLoggedIn(), guard.check('admin'), allocationsHandler.displayAllocations);
};`,
    },
    {
      name: 'no authentication in the chain, and the handler reads no user: out of scope (ESM)',
      filename: ESM_ROUTES,
      code: `import { Router } from 'express';
import * as orders from './controllers/index.js';
const router = Router();
router.get('/orders/:id', orders.show);
export default router;`,
    },
    {
      name: 'the query in the other file is scoped to the current user',
      filename: ESM_ROUTES,
      code: `import { Router } from 'express';
import passport from 'passport';
import * as orders from './controllers/index.js';
const router = Router();
router.get('/own/:id', passport.authenticate('jwt'), orders.showOwn);
export default router;`,
    },
    {
      name: 'a service whose parameter reaches no data access (TypeScript)',
      filename: TS_ROUTES,
      code: `import { Router } from 'express';
import passport from 'passport';
import { UserController } from './controllers/user.controller';
const router = Router();
const controller = new UserController();
router.get('/hello/:name', passport.authenticate('jwt'), controller.greet);
export default router;`,
    },
    {
      name: 'in strict mode the handler is judged in its own file, not at the registration',
      filename: ESM_ROUTES,
      options: [{ strict: true }],
      code: `import { Router } from 'express';
import passport from 'passport';
import * as orders from './controllers/index.js';
const router = Router();
router.get('/orders/:id', passport.authenticate('jwt'), orders.show);
export default router;`,
    },
  ],
  invalid: [
    {
      name: 'a client id passed through a constructor-built DAO to a MongoDB driver query (CommonJS)',
      filename: CONSTRUCTOR_ROUTES,
      code: `const { ensureLoggedIn } = require('connect-ensure-login');
const AllocationsHandler = require('./allocations');
module.exports = (app, db) => {
  const allocationsHandler = new AllocationsHandler(db);
  app.get('/allocations/:userId', ensureLoggedIn(), allocationsHandler.displayAllocations);
};`,
      errors: [
        {
          messageId: 'missingAuthorizationInHandler',
          data: {
            route: 'GET /allocations/:userId',
            handler: 'allocationsHandler.displayAllocations',
            verb: 'loads',
            resource: 'allocations',
            source: 'req.params.userId',
            place: fixturePlace('cjs-constructor/allocations.js', 9),
            example: 'pass req.user.id and filter by it',
          },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 91,
        },
      ],
    },
    {
      name: 'a handler on two routes is reported on the one whose chain does not authorize',
      filename: CONSTRUCTOR_ROUTES,
      code: `const { ensureLoggedIn } = require('connect-ensure-login');
const guard = require('express-jwt-permissions')();
const AllocationsHandler = require('./allocations');
module.exports = (app, db) => {
  const allocationsHandler = new AllocationsHandler(db);
  app.get('/admin/allocations/:userId', ensureLoggedIn(), guard.check('admin'), allocationsHandler.displayAllocations);
  app.get('/allocations/:userId', ensureLoggedIn(), allocationsHandler.displayAllocations);
};`,
      errors: [
        {
          messageId: 'missingAuthorizationInHandler',
          data: {
            route: 'GET /allocations/:userId',
            handler: 'allocationsHandler.displayAllocations',
            verb: 'loads',
            resource: 'allocations',
            source: 'req.params.userId',
            place: fixturePlace('cjs-constructor/allocations.js', 9),
            example: 'pass req.user.id and filter by it',
          },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 91,
        },
      ],
    },
    {
      name: 'named exports, export * and export { a as b } re-exports, and a handler factory (ESM)',
      filename: ESM_ROUTES,
      code: `import { Router } from 'express';
import passport from 'passport';
import * as orders from './controllers/index.js';
const router = Router();
const auth = passport.authenticate('jwt', { session: false });
router.get('/orders/:id', auth, orders.show);
router.patch('/orders/:id', auth, orders.edit);
router.get('/baskets/:id', auth, orders.retrieveBasket());
export default router;`,
      errors: [
        {
          messageId: 'missingAuthorizationInHandler',
          data: {
            route: 'GET /orders/:id',
            handler: 'orders.show',
            verb: 'loads',
            resource: 'Order',
            source: 'req.params.id',
            place: fixturePlace('esm-exports/controllers/orders.js', 4),
            example: '{ _id: id, owner: req.user.id }',
          },
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 45,
        },
        {
          messageId: 'missingAuthorizationInHandler',
          data: {
            route: 'PATCH /orders/:id',
            handler: 'orders.edit',
            verb: 'updates',
            resource: 'Order',
            source: 'req.params.id',
            place: fixturePlace('esm-exports/controllers/orders.js', 14),
            example: '{ _id: id, owner: req.user.id }',
          },
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 47,
        },
        {
          messageId: 'missingAuthorizationInHandler',
          data: {
            route: 'GET /baskets/:id',
            handler: 'orders.retrieveBasket()',
            verb: 'loads',
            resource: 'Basket',
            source: 'req.params.id',
            place: fixturePlace('esm-exports/controllers/basket.js', 5),
            example: 'where: { id, userId: req.user.id }',
          },
          line: 8,
          column: 1,
          endLine: 8,
          endColumn: 58,
        },
      ],
    },
    {
      name: 'a class method whose service in a third file updates the record by the client id (TypeScript)',
      filename: TS_ROUTES,
      code: `import { Router } from 'express';
import passport from 'passport';
import { UserController } from './controllers/user.controller';
const router = Router();
const controller = new UserController();
router.patch('/users/:id', passport.authenticate('jwt', { session: false }), controller.update);
export default router;`,
      errors: [
        {
          messageId: 'missingAuthorizationInHandler',
          data: {
            route: 'PATCH /users/:id',
            handler: 'controller.update',
            verb: 'updates',
            resource: 'User',
            source: 'req.params.id',
            place: fixturePlace('ts-class/controllers/user.controller.ts', 6),
            example: 'pass req.user.id and filter by it',
          },
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 96,
        },
      ],
    },
  ],
});

ruleTester.run('no-auth-without-authz: shapes of real applications in one file', noAuthWithoutAuthz, {
  valid: [
    {
      name: 'a MongoDB driver query scoped to the current user',
      filename: 'x.cjs',
      code: `const express = require('express');
const { ensureLoggedIn } = require('connect-ensure-login');
const app = express();
app.delete('/notes/:id', ensureLoggedIn(), async (req, res) => {
  await req.app.locals.db.collection('notes').deleteOne({ _id: req.params.id, owner: req.user.id });
  res.sendStatus(204);
});`,
    },
  ],
  invalid: [
    {
      name: 'the user in a .then callback is no filter of the query; the save there makes it an update',
      filename: 'x.cjs',
      code: `const express = require('express');
const { ensureLoggedIn } = require('connect-ensure-login');
const db = require('./models');
const app = express();
app.post('/useredit', ensureLoggedIn(), (req, res) => {
  db.User.find({ where: { id: req.body.id } }).then((user) => {
    user.save().then(() => res.render('useredit', { userId: req.user.id }));
  });
});`,
      errors: [
        {
          messageId: 'missingAuthorization',
          data: { route: 'POST /useredit', verb: 'updates', resource: 'User', source: 'req.body.id', example: 'where: { id, userId: req.user.id }' },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 47,
        },
      ],
    },
    {
      name: 'a MongoDB driver collection bound to a const',
      filename: 'x.cjs',
      code: `const express = require('express');
const { ensureLoggedIn } = require('connect-ensure-login');
const app = express();
app.delete('/notes/:id', ensureLoggedIn(), async (req, res) => {
  const notes = req.app.locals.db.collection('notes');
  await notes.deleteOne({ _id: req.params.id });
  res.sendStatus(204);
});`,
      errors: [
        {
          messageId: 'missingAuthorization',
          data: { route: 'DELETE /notes/:id', verb: 'deletes', resource: 'notes', source: 'req.params.id', example: '{ _id: id, owner: req.user.id }' },
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 48,
        },
      ],
    },
  ],
});

ruleTester.run('no-auth-without-authz: middleware classified by its definition', noAuthWithoutAuthz, {
  valid: [
    {
      name: 'CommonJS: hasRole(role) compares the requester role and rejects',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const security = require('./lib/security');
const app = express();
app.get('/orders/:id', security.isAuthorized(), security.hasRole('admin'), (req, res) => {
  Order.findById(req.params.id).then((order) => res.json(order));
});`,
    },
    {
      name: 'CommonJS: checkAuth (an authentication name) compares the requester id with the path',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const session = require('./middleware/session');
const app = express();
app.get('/users/:userId', session.requireLogin, session.checkAuth, (req, res) => {
  User.findById(req.params.userId).then((user) => res.json(user));
});`,
    },
    {
      name: 'TypeScript: requireRole(role) checks the token roles',
      filename: CLASSIFY_TS_APP,
      code: `import express from 'express';
import { isAuthorized, requireRole } from './lib/guards';
const app = express();
app.get('/orders/:id', isAuthorized(), requireRole('admin'), (req, res) => {
  Order.findById(req.params.id).then((order) => res.json(order));
});`,
    },
  ],
  invalid: [
    {
      name: 'CommonJS: security.isAuthorized() returns expressJwt(...): it authenticates, it does not authorize',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const security = require('./lib/security');
const app = express();
app.get('/orders/:id', security.isAuthorized(), (req, res) => {
  Order.findById(req.params.id).then((order) => res.json(order));
});`,
      errors: [{ messageId: 'missingAuthorization', line: 5, column: 3, endLine: 5, endColumn: 32 }],
    },
    {
      name: 'TypeScript: isAuthorized() returns expressjwt(...)',
      filename: CLASSIFY_TS_APP,
      code: `import express from 'express';
import { isAuthorized } from './lib/guards';
const app = express();
app.get('/orders/:id', isAuthorized(), (req, res) => {
  Order.findById(req.params.id).then((order) => res.json(order));
});`,
      errors: [{ messageId: 'missingAuthorization', line: 5, column: 3, endLine: 5, endColumn: 32 }],
    },
    {
      name: 'CommonJS: the handler before guard.check(...) is the handler, and the guard after it protects nothing',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const guard = require('express-jwt-permissions')();
const security = require('./lib/security');
const app = express();
app.get('/orders/:id', security.isAuthorized(), (req, res) => {
  Order.findById(req.params.id).then((order) => res.json(order));
}, guard.check('admin'));`,
      errors: [{ messageId: 'missingAuthorization', line: 6, column: 3, endLine: 6, endColumn: 32 }],
    },
  ],
});

const THEN_HEAD = `const express = require('express');
const { requireAuth } = require('./auth');
const router = express.Router();
`;

ruleTester.run('no-auth-without-authz: a query\'s .then callback is no filter', noAuthWithoutAuthz, {
  valid: [
    {
      name: 'mongoose: the ownership check inside .then(post => …) refuses others',
      filename: 'x.cjs',
      code: `${THEN_HEAD}router.delete('/posts/:id', requireAuth, (req, res) => {
  Post.findById(req.params.id).then((post) => {
    if (String(post.author) !== req.user.id) return res.sendStatus(403);
    return post.remove().then(() => res.sendStatus(204));
  });
});`,
    },
    {
      name: 'Sequelize: db.User.find({ where }).then(cb) compares the record with the requester inside the callback',
      filename: 'x.cjs',
      code: `${THEN_HEAD}router.get('/users/:id', requireAuth, (req, res) => {
  db.User.find({ where: { id: req.params.id } }).then((user) => {
    if (user.id !== req.user.id) return res.status(403).end();
    res.json(user);
  });
});`,
    },
    {
      name: 'a const bound to a lookup whose .then compares the owner, tested before answering',
      filename: 'x.cjs',
      code: `${THEN_HEAD}router.get('/posts/:id', requireAuth, async (req, res) => {
  const owns = await Post.findOne({ _id: req.params.id }).then((found) => found && String(found.owner) === req.user.id);
  if (!owns) return res.sendStatus(403);
  res.end();
});`,
    },
  ],
  invalid: [
    {
      name: 'Sequelize: the requester named in the .then callback does not scope the query',
      filename: 'x.cjs',
      code: `${THEN_HEAD}router.get('/posts/:id', requireAuth, (req, res) => {
  db.Post.findOne({ where: { id: req.params.id } }).then((post) => res.json({ post, viewer: req.user.id }));
});`,
      errors: [{ messageId: 'missingAuthorization', line: 5, column: 3, endLine: 5, endColumn: 52 }],
    },
    {
      name: 'Bluebird .spread(cb) receives the result like .then',
      filename: 'x.cjs',
      code: `${THEN_HEAD}router.get('/posts/:id', requireAuth, (req, res) => {
  db.Post.findOne({ where: { id: req.params.id } }).spread((post) => res.json({ post, viewer: req.user.id }));
});`,
      errors: [{ messageId: 'missingAuthorization', line: 5, column: 3, endLine: 5, endColumn: 52 }],
    },
    {
      name: 'a …ById service given a node-style callback: the callback is not a filter',
      filename: 'x.cjs',
      code: `${THEN_HEAD}function getOrderById(id, cb) { return Order.findById(id, cb); }
router.get('/orders/:id', requireAuth, (req, res) => {
  getOrderById(req.params.id, (err, order) => res.json({ order, viewer: req.user.id }));
});`,
      errors: [{ messageId: 'missingAuthorization', line: 6, column: 3, endLine: 6, endColumn: 88 }],
    },
    {
      name: 'a const bound to a lookup whose .then only names the requester is no membership lookup',
      filename: 'x.cjs',
      code: `${THEN_HEAD}router.get('/posts/:id', requireAuth, async (req, res) => {
  const post = await Post.findOne({ _id: req.params.id }).then((found) => ({ ...found, viewer: req.user.id }));
  if (!post) return res.sendStatus(404);
  res.json(post);
});`,
      errors: [{ messageId: 'missingAuthorization', line: 5, column: 22, endLine: 5, endColumn: 58 }],
    },
    {
      name: 'the requester named only in a .catch after .then does not join the lookup with the client id',
      filename: 'x.cjs',
      code: `${THEN_HEAD}router.get('/posts/:id', requireAuth, async (req, res) => {
  const post = await Post.findOne({ _id: req.params.id }).then((found) => found).catch(() => ({ viewer: req.user.id }));
  if (!post) return res.sendStatus(404);
  res.json(post);
});`,
      errors: [{ messageId: 'missingAuthorization', line: 5, column: 22, endLine: 5, endColumn: 58 }],
    },
  ],
});
