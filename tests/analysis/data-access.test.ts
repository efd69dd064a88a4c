import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import type { DataAccess } from '../../src/analysis/authorization/data-access';
import { dataAccessOf, dataAccessesIn } from '../../src/analysis/authorization/data-access';
import { isCurrentUser, mentionsCurrentUser } from '../../src/analysis/request/current-user';
import { getRequestData } from '../../src/analysis/request/request-data';
import { analyze } from './analyze';

/** The data accesses of a file, summarised as library, operation, resource and key texts. */
function accesses(code: string, filename = 'file.ts', includeImported = false) {
  const { index } = analyze(code, { filename });
  const text = (node: TSESTree.Node) => index.sourceCode.getText(node);
  return dataAccessesIn(index.sourceCode.ast, index, { includeImported }).map((access: DataAccess) => ({
    library: access.library,
    operation: access.operation,
    resource: access.resource,
    keys: access.keys.map((key) => `${key.key ?? '?'}=${text(key.value)}`),
  }));
}

describe('dataAccessOf: mongoose', () => {
  it('reads the id argument of findById and its update/delete forms', () => {
    expect(
      accesses(`
        const Order = require('./order');
        Order.findById(id).lean();
        Order.findByIdAndUpdate(id, { status: 'x' });
        Order.findByIdAndDelete(orderId);`, 'x.cjs'),
    ).toEqual([
      { library: 'mongoose', operation: 'read', resource: 'Order', keys: ['id=id'] },
      { library: 'mongoose', operation: 'update', resource: 'Order', keys: ['id=id'] },
      { library: 'mongoose', operation: 'delete', resource: 'Order', keys: ['id=orderId'] },
    ]);
  });

  it('reads filter objects, nested operators and const-bound filters', () => {
    expect(
      accesses(`
        import { Order } from './order';
        const filter = { _id: id, owner: me };
        Order.findOne({ _id: { $eq: id } });
        Order.deleteOne(filter);`),
    ).toEqual([
      { library: 'mongoose', operation: 'read', resource: 'Order', keys: ['_id=id'] },
      { library: 'mongoose', operation: 'delete', resource: 'Order', keys: ['_id=id', 'owner=me'] },
    ]);
  });

  it('does not take Array.prototype.find or Map.delete for a query', () => {
    expect(accesses(`items.find((item) => item.id === id); cache.delete(id); list.findOne({ id });`)).toEqual([]);
  });
});

describe('dataAccessOf: Sequelize, Prisma, TypeORM', () => {
  it('reads findByPk, and update/destroy with a where option', () => {
    expect(
      accesses(`
        Post.findByPk(postId);
        Post.update({ title }, { where: { id: postId } });
        Post.destroy({ where: { id: postId } });`),
    ).toEqual([
      { library: 'sequelize', operation: 'read', resource: 'Post', keys: ['id=postId'] },
      { library: 'sequelize', operation: 'update', resource: 'Post', keys: ['id=postId'] },
      { library: 'sequelize', operation: 'delete', resource: 'Post', keys: ['id=postId'] },
    ]);
  });

  it('reads Prisma model delegates with where', () => {
    expect(
      accesses(`
        prisma.invoice.findUnique({ where: { id } });
        prisma.note.update({ where: { id: noteId }, data: { title } });
        prisma.note.delete({ where: { id: noteId } });`),
    ).toEqual([
      { library: 'prisma', operation: 'read', resource: 'invoice', keys: ['id=id'] },
      { library: 'prisma', operation: 'update', resource: 'note', keys: ['id=noteId'] },
      { library: 'prisma', operation: 'delete', resource: 'note', keys: ['id=noteId'] },
    ]);
  });

  it('reads TypeORM findOneBy, find options and repository.delete(id)', () => {
    expect(
      accesses(`
        orderRepository.findOneBy({ id });
        dataSource.getRepository(Order).findOne({ where: { id } });
        orderRepository.delete(id);`),
    ).toEqual([
      { library: 'typeorm', operation: 'read', resource: 'order', keys: ['id=id'] },
      { library: 'typeorm', operation: 'read', resource: 'Order', keys: ['id=id'] },
      { library: 'typeorm', operation: 'delete', resource: 'order', keys: ['id=id'] },
    ]);
  });
});

describe('dataAccessOf: knex and SQL', () => {
  it('reads a knex chain once, with the keys of every where', () => {
    expect(
      accesses(`
        const knex = require('knex')(config);
        knex('orders').where({ id }).andWhere('user_id', uid).first();
        db('orders').where('id', '=', id).del();`, 'x.cjs'),
    ).toEqual([
      { library: 'knex', operation: 'read', resource: 'orders', keys: ['id=id', 'user_id=uid'] },
      { library: 'knex', operation: 'delete', resource: 'orders', keys: ['id=id'] },
    ]);
  });

  it('reads pg and mysql2 queries with parameters, a config object and interpolation', () => {
    expect(
      accesses(`
        pool.query('SELECT * FROM statements WHERE id = $1', [id]);
        conn.execute({ text: 'DELETE FROM notes WHERE id = ?', values: [noteId] });
        client.query(\`UPDATE orders SET x = 1 WHERE id = \${id}\`);
        pool.query('INSERT INTO notes (title) VALUES ($1)', [title]);`),
    ).toEqual([
      { library: 'sql', operation: 'read', resource: 'statements', keys: ['?=id'] },
      { library: 'sql', operation: 'delete', resource: 'notes', keys: ['?=noteId'] },
      { library: 'sql', operation: 'update', resource: 'orders', keys: ['?=id'] },
    ]);
  });
});

describe('dataAccessOf: repository functions', () => {
  it('reads same-file …ById functions and methods, not imported ones unless asked', () => {
    const code = `
      import { loadInvoiceById } from './invoices';
      async function getOrderById(id) { return db.get(id); }
      const orders = { deleteById(id) { return id; } };
      getOrderById(a);
      orders.deleteById(b);
      loadInvoiceById(c);
      getOrder(d);`;
    expect(accesses(code)).toEqual([
      { library: 'repository', operation: 'read', resource: 'Order', keys: ['?=a'] },
      { library: 'repository', operation: 'delete', resource: null, keys: ['?=b'] },
    ]);
    expect(accesses(code, 'file.ts', true).map((access) => access.keys)).toEqual([['?=a'], ['?=b'], ['?=c']]);
  });

  it('never throws on odd calls', () => {
    const { index } = analyze(`Order[method](...args); (0, fn)(); x?.findById?.(); new Order.findById(id);`);
    for (const call of index.calls) {
      if (call.type === 'CallExpression') expect(() => dataAccessOf(call, index)).not.toThrow();
    }
  });
});

describe('current user', () => {
  it('recognises req.user, req.auth, session and res.locals users, through const bindings', () => {
    const { model, index } = analyze(`
      import express from 'express';
      const app = express();
      app.get('/x', (req, res) => {
        const { id: userId } = req.user;
        const { user } = req;
        const mine = req.params.id;
        use(req.user.id, req.auth.sub, req.session.userId, res.locals.user._id, userId, user, mine, req.session.cart);
      });`);
    const handler = model.routes[0]!.handler!;
    const requestData = getRequestData(handler, index);
    const context = {
      index,
      isRequest: (node: TSESTree.Node) => requestData.isRequest(node),
      isResponse: (node: TSESTree.Node) => node.type === 'Identifier' && index.variableOf(node) === handler.res,
    };
    const call = index.calls.find((candidate) => candidate.callee.type === 'Identifier' && candidate.callee.name === 'use')!;
    expect(call.arguments.map((argument) => isCurrentUser(argument, context))).toEqual([true, true, true, true, true, true, false, false]);
    expect(mentionsCurrentUser(call, context)).toBe(true);
  });
});
