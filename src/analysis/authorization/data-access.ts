import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import type { FunctionLike, Variable } from '../engine/ast';
import { calleeName, contains, isFunctionLike, literalString, propertyName, returnedExpressions, unwrap, unwrapValue, walk } from '../engine/ast';
import { resolveFunction } from '../engine/functions';
import { resolveProjectFunction } from '../cross-file/exports';
import type { FileIndex } from '../engine/file-index';
import { initOf, isConstLike } from '../engine/file-index';
import { pluginStats } from '../engine/stats';
import { nodeMemo } from '../engine/store';
import { objectOf, propertyNamed } from '../engine/objects';
import type { DataLibrary, DataOperation } from '../libraries/databases';
import {
  DRIVER_FILTER_METHODS,
  ID_METHODS,
  KNEX_WHERE_METHODS,
  MONGOOSE_FILTER_METHODS,
  PRISMA_METHODS,
  RECORD_MUTATIONS,
  SQL_METHODS,
  TYPEORM_CRITERIA_METHODS,
  TYPEORM_ID_METHODS,
  WHERE_METHODS,
} from '../libraries/databases';

export type { DataLibrary, DataOperation };

/** A value that picks the resource: the id argument, a filter value, a SQL parameter. */
export interface ResourceKey {
  value: Node;
  /** The filter key or column it is matched against (`_id`, `user_id`), when the code says. */
  key: string | null;
}

/** A call that selects, reads, updates or deletes stored records. */
export interface DataAccess {
  call: TSESTree.CallExpression;
  library: DataLibrary;
  operation: DataOperation;
  /** What is accessed, as the code names it: `Order`, `invoice`, `statements`. Null when unknown. */
  resource: string | null;
  /** The values that identify the record(s). */
  keys: ResourceKey[];
  /** The parts of the call that filter (a `where`, a mongoose filter, SQL text and parameters). */
  filters: Node[];
}

const REPOSITORY_RECEIVER = /repo(?:sitory)?$|^(?:manager|em|entityManager)$/i;
const KNEX_ROOT = /^(?:knex|db|database|trx|sql)$/i;
const SQL_STATEMENT = /^\s*(?:select|update|delete|with)\b/i;
const SQL_WHERE = /\bwhere\b/i;
const SQL_TABLE = /\b(?:from|update|into)\s+["`]?([\w.]+)/i;
/** Same-file service and repository functions: `getOrderById(id)`, `orders.deleteById(id)`. */
const REPOSITORY_VERB = /^(?:get|find|fetch|load|read|retrieve|select|update|edit|modify|patch|save|delete|remove|destroy|archive)/;
const BY_ID_SUFFIX = /By(?:Id|Pk|Uuid|Slug)$/;
const DELETE_VERB = /delete|destroy|remove|archive/i;
const UPDATE_VERB = /update|upsert|replace|edit|modify|patch|save|restore/i;

const MAX_DEPTH = 6;

function operationOf(name: string): DataOperation {
  if (DELETE_VERB.test(name)) return 'delete';
  if (UPDATE_VERB.test(name)) return 'update';
  return 'read';
}

function propertyValue(object: TSESTree.ObjectExpression, name: string): Node | null {
  return propertyNamed(object, name)?.value ?? null;
}

/** The values of a filter object with the key each is matched against, nested operators included. */
function filterKeys(node: Node, index: FileIndex, key: string | null = null, depth = 0): ResourceKey[] {
  if (depth > MAX_DEPTH) return [];
  const object = objectOf(node, index);
  if (!object) {
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.ArrayExpression) {
      return inner.elements.flatMap((element) => (element ? filterKeys(element, index, key, depth + 1) : []));
    }
    return [{ value: node, key }];
  }
  const keys: ResourceKey[] = [];
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      keys.push({ value: property.argument, key: null });
      continue;
    }
    const name = propertyName(property);
    // Operators (`$eq`, `in`, `AND`) keep the key of the field they apply to.
    const fieldKey = name === null || name.startsWith('$') || /^(?:AND|OR|NOT|in|equals)$/.test(name) ? key : name;
    keys.push(...filterKeys(property.value, index, fieldKey, depth + 1));
  }
  return keys;
}

/** The name a receiver gives the model: `Order`, `prisma.invoice` -> `invoice`, `getRepository(Order)` -> `Order`. */
function resourceOf(receiver: Node): string | null {
  const inner = unwrapValue(receiver);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name.replace(/(?:Repository|Repo|Model)$/, '') || inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(inner);
    return name === null ? null : name.replace(/(?:Repository|Repo|Model)$/, '') || name;
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const first = inner.arguments[0];
    if (first && unwrap(first).type === AST_NODE_TYPES.Identifier) return (unwrap(first) as TSESTree.Identifier).name;
    return literalString(first);
  }
  return null;
}

function receiverName(receiver: Node): string {
  const inner = unwrapValue(receiver);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) return propertyName(inner) ?? '';
  if (inner.type === AST_NODE_TYPES.CallExpression) return calleeName(inner) ?? '';
  return '';
}

function isRepositoryLike(receiver: Node): boolean {
  const name = receiverName(receiver);
  return REPOSITORY_RECEIVER.test(name) || name === 'getRepository' || name === 'getCustomRepository';
}

/** `Order`, `db.Order`, `this.orderModel`: a receiver named like a model class. */
function isModelLike(receiver: Node): boolean {
  const name = receiverName(receiver);
  return /^[A-Z]/.test(name) || /Model$/.test(name) || name === 'model';
}

function access(
  call: TSESTree.CallExpression,
  library: DataLibrary,
  operation: DataOperation,
  resource: string | null,
  keys: ResourceKey[],
  filters: Node[],
): DataAccess {
  return { call, library, operation, resource, keys, filters };
}

/** mongoose, Sequelize, Prisma and TypeORM model and repository methods. */
function ormAccess(call: TSESTree.CallExpression, receiver: Node, method: string, index: FileIndex): DataAccess | null {
  const [first, second] = call.arguments;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return null;
  const resource = resourceOf(receiver);
  const operation = operationOf(method);
  const idLibrary = ID_METHODS.get(method);
  if (idLibrary) return access(call, idLibrary, operation, resource, [{ value: first, key: 'id' }], [first]);
  if (TYPEORM_CRITERIA_METHODS.has(method)) return access(call, 'typeorm', operation, resource, filterKeys(first, index), [first]);
  // `manager.findOne(Order, { where })`: the entity class comes first.
  const entityFirst = unwrap(first).type === AST_NODE_TYPES.Identifier && /^[A-Z]/.test((unwrap(first) as TSESTree.Identifier).name) && second;
  const options = entityFirst ? second : first;
  const whereHolder = [objectOf(options, index), objectOf(second, index)].find((holder) => holder && propertyValue(holder, 'where')) ?? null;
  const where = whereHolder ? propertyValue(whereHolder, 'where') : null;
  if (where && WHERE_METHODS.has(method)) {
    const library: DataLibrary = PRISMA_METHODS.has(method) || propertyValue(whereHolder!, 'data') ? 'prisma' : method === 'destroy' || method === 'findByPk' || method === 'findAll' ? 'sequelize' : isRepositoryLike(receiver) ? 'typeorm' : unwrapValue(receiver).type === AST_NODE_TYPES.MemberExpression && !isModelLike(receiver) ? 'prisma' : 'sequelize';
    return access(call, library, operation, entityFirst ? receiverName(first) : resource, filterKeys(where, index), [where]);
  }
  if (isRepositoryLike(receiver) && TYPEORM_ID_METHODS.has(method) && !objectOf(first, index)?.properties.some((p) => p.type === AST_NODE_TYPES.Property && propertyName(p) === 'where')) {
    return access(call, 'typeorm', operation, resource, filterKeys(first, index, 'id'), [first]);
  }
  if (MONGOOSE_FILTER_METHODS.has(method) && isModelLike(receiver) && objectOf(first, index)) {
    return access(call, 'mongoose', operation, resource, filterKeys(first, index), [first]);
  }
  const collection = collectionName(receiver, index);
  if (collection !== undefined && (MONGOOSE_FILTER_METHODS.has(method) || DRIVER_FILTER_METHODS.has(method))) {
    return access(call, 'mongoose', operation, collection, filterKeys(first, index), [first]);
  }
  return null;
}

/**
 * The MongoDB driver's collections: `db.collection('users')`, or a `const` bound to one. The
 * collection's name when the code writes it, null when not; undefined for any other receiver.
 */
function collectionName(receiver: Node, index: FileIndex): string | null | undefined {
  let inner = unwrapValue(receiver);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = index.variableOf(inner);
    const init = variable && isConstLike(variable) ? initOf(variable) : null;
    if (!init) return undefined;
    inner = unwrapValue(init);
  }
  if (inner.type !== AST_NODE_TYPES.CallExpression || calleeName(inner) !== 'collection' || unwrap(inner.callee).type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return literalString(inner.arguments[0]);
}

/** The SQL text a query argument holds: a literal, a template, or a `const` bound to one. */
function sqlText(node: Node | undefined, index: FileIndex): { text: string; node: Node } | null {
  if (!node) return null;
  let inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = index.variableOf(inner);
    const init = variable && isConstLike(variable) ? initOf(variable) : null;
    if (!init) return null;
    inner = init;
  }
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') return { text: inner.value, node: inner };
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) return { text: inner.quasis.map((quasi) => quasi.value.cooked ?? '').join('?'), node: inner };
  return null;
}

/** `pool.query('SELECT … WHERE id = $1', [id])`, `conn.execute(sql, params)`, `{ text, values }`. */
function sqlAccess(call: TSESTree.CallExpression, index: FileIndex): DataAccess | null {
  const [first, second] = call.arguments;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return null;
  const config = objectOf(first, index);
  const textNode = config ? propertyValue(config, 'text') ?? propertyValue(config, 'sql') : first;
  const sql = sqlText(textNode ?? undefined, index);
  if (!sql || !SQL_STATEMENT.test(sql.text) || !SQL_WHERE.test(sql.text)) return null;
  const keys: ResourceKey[] = [];
  if (sql.node.type === AST_NODE_TYPES.TemplateLiteral) {
    for (const expression of sql.node.expressions) keys.push({ value: expression, key: null });
  }
  const params = config ? propertyValue(config, 'values') : second && second.type !== AST_NODE_TYPES.SpreadElement ? second : null;
  const paramsObject = params ? objectOf(params, index) : null;
  const bound = paramsObject ? propertyValue(paramsObject, 'replacements') ?? propertyValue(paramsObject, 'bind') : params;
  if (bound && !isFunctionNode(bound)) keys.push(...filterKeys(bound, index));
  const filters = [sql.node, ...(bound ? [bound] : [])];
  const table = SQL_TABLE.exec(sql.text)?.[1] ?? null;
  const verb = /^\s*(\w+)/.exec(sql.text)?.[1] ?? '';
  return access(call, 'sql', operationOf(verb), table, keys, filters);
}

function isFunctionNode(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.ArrowFunctionExpression || inner.type === AST_NODE_TYPES.FunctionExpression;
}

/** The calls of a query-builder chain, from the root call outwards. */
function chainCalls(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  let outer: TSESTree.CallExpression = call;
  for (;;) {
    const member = outer.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== outer) break;
    const next = member.parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression || next.callee !== member) break;
    outer = next;
  }
  const calls: TSESTree.CallExpression[] = [];
  let current: Node = outer;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    calls.unshift(current);
    const callee = unwrap(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
    current = unwrap(callee.object);
  }
  return calls;
}

/** `db('orders').where(...)`, `knex('t').where('id', id).first()`: the table a knex chain starts from. */
function knexTable(calls: readonly TSESTree.CallExpression[], index: FileIndex): string | null | undefined {
  const root = calls[0];
  if (!root) return undefined;
  const callee = unwrap(root.callee);
  const base = callee.type === AST_NODE_TYPES.MemberExpression ? unwrap(callee.object) : callee;
  if (base.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (!KNEX_ROOT.test(base.name) && index.originOf(base)?.module !== 'knex') return undefined;
  for (const call of calls) {
    const name = calleeName(call);
    const table = literalString(call.arguments[0]);
    if (call === root && callee.type === AST_NODE_TYPES.Identifier && table !== null) return table;
    if ((name === 'from' || name === 'table' || name === 'into') && table !== null) return table;
  }
  return null;
}

function knexWhereKeys(call: TSESTree.CallExpression, index: FileIndex): ResourceKey[] {
  const [first, second, third] = call.arguments;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return [];
  const column = literalString(first);
  if (column === null) return objectOf(first, index) ? filterKeys(first, index) : [];
  const value = third ?? second;
  return value && value.type !== AST_NODE_TYPES.SpreadElement ? [{ value, key: column.replace(/^.*\./, '') }] : [];
}

/** The first `where` of a knex chain stands for the whole chain's filter. */
function knexAccess(call: TSESTree.CallExpression, method: string, index: FileIndex): DataAccess | null {
  if (!KNEX_WHERE_METHODS.has(method)) return null;
  const calls = chainCalls(call);
  const wheres = calls.filter((candidate) => KNEX_WHERE_METHODS.has(calleeName(candidate) ?? ''));
  if (wheres[0] !== call) return null;
  const table = knexTable(calls, index);
  if (table === undefined) return null;
  const names = calls.map((candidate) => calleeName(candidate) ?? '');
  const operation = names.some((name) => name === 'del' || name === 'delete') ? 'delete' : names.includes('update') ? 'update' : 'read';
  const keys = wheres.flatMap((where) => knexWhereKeys(where, index));
  return access(call, 'knex', operation, table, keys, wheres.flatMap((where) => where.arguments));
}

/** `getOrderById(id)`: a function named for fetching or changing a record by id. */
function repositoryAccess(call: TSESTree.CallExpression, name: string, index: FileIndex, includeImported: boolean): DataAccess | null {
  if (!REPOSITORY_VERB.test(name) || !BY_ID_SUFFIX.test(name)) return null;
  if (!includeImported && !resolveFunction(call.callee, index)) return null;
  const keys = valueArguments(call).map((value) => ({ value, key: null }));
  const resource = /^[a-z]+([A-Z]\w*?)By/.exec(name)?.[1] ?? null;
  return access(call, 'repository', operationOf(name), resource, keys, valueArguments(call));
}

/**
 * The data access a call performs, when its shape says so: mongoose, Sequelize, Prisma, TypeORM,
 * knex, `pg`/`mysql2` queries, and `…ById` service functions (same-file unless `includeImported`).
 * Syntax only: models come from other files, so methods and argument shapes decide.
 */
export function dataAccessOf(call: TSESTree.CallExpression, index: FileIndex, { includeImported = false, depth = 0 }: AccessOptions = {}): DataAccess | null {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return repositoryAccess(call, callee.name, index, includeImported) ?? serviceAccess(call, index, depth);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = propertyName(callee);
  if (method === null) return null;
  if (SQL_METHODS.has(method)) {
    const sql = sqlAccess(call, index);
    if (sql) return sql;
  }
  return (
    knexAccess(call, method, index) ??
    ormAccess(call, callee.object, method, index) ??
    repositoryAccess(call, method, index, includeImported) ??
    serviceAccess(call, index, depth)
  );
}

export interface AccessOptions {
  /** Count `…ById` functions imported from other files by their name alone. */
  includeImported?: boolean;
  /** How many project functions deep the search already is. */
  depth?: number;
}

/** How many service and DAO layers a handler's call is followed through. */
const MAX_SERVICE_DEPTH = 3;

/**
 * A call of a project function (same file, or another file of the project) that passes some of
 * its parameters to a data access as id or filter: `allocationsDAO.getByUserIdAndThreshold(userId, …)`
 * whose definition runs `collection.find({ userId: parsedUserId })`. Its keys are the arguments
 * at those parameters.
 */
function serviceAccess(call: TSESTree.CallExpression, index: FileIndex, depth: number): DataAccess | null {
  if (depth >= MAX_SERVICE_DEPTH) return null;
  const defined = resolveProjectFunction(call.callee, index);
  // A recursive call of the function itself is no service call (positions compare within one file only).
  if (!defined || (defined.index === index && contains(defined.fn, call))) return null;
  const reached = parameterAccesses(defined.fn, defined.index, depth + 1);
  if (reached.length === 0) return null;
  const keys: ResourceKey[] = [];
  for (const { param, key } of reached) {
    const argument = call.arguments[param];
    if (argument && argument.type !== AST_NODE_TYPES.SpreadElement) keys.push({ value: argument, key });
  }
  if (keys.length === 0) return null;
  const operations = reached.map((reach) => reach.access.operation);
  const operation = operations.includes('delete') ? 'delete' : operations.includes('update') ? 'update' : 'read';
  return access(call, 'repository', operation, reached[0]!.access.resource, keys, valueArguments(call));
}

/** A parameter of a service or DAO function that reaches a data access as id or filter. */
interface ParameterAccess {
  param: number;
  key: string | null;
  access: DataAccess;
}

/**
 * Per function and depth, which of its parameters pick records in the data accesses it runs.
 * Kept by both, so the answer never depends on which caller asked first; other files' answers
 * are kept with their trees. A cycle of services (a → b → a) sees no accesses while its summary
 * is being made; the depth bound ends it anyway.
 */
const parameterAccesses = nodeMemo(
  'parameter accesses',
  (fn: Node, index: FileIndex, depth: number) => computeParameterAccesses(fn as FunctionLike, index, depth),
  { whileComputing: () => [], counter: pluginStats.summaries },
);

function computeParameterAccesses(fn: FunctionLike, index: FileIndex, depth: number): ParameterAccess[] {
  const found: ParameterAccess[] = [];
  const body = fn.body;
  for (const dataAccess of dataAccessesIn(body, index, { depth })) {
    for (const key of dataAccess.keys) {
      for (const param of parametersIn(key.value, fn, index, 0)) {
        if (!found.some((reach) => reach.param === param)) found.push({ param, key: key.key, access: dataAccess });
      }
    }
  }
  return found;
}

/** How many `const` bindings and local helper calls a value is followed back through to a parameter. */
const MAX_PARAMETER_DEPTH = 4;

/** The positions of `fn`'s parameters an expression derives from, through `const` bindings and local helpers it calls. */
export function parametersIn(root: Node, fn: FunctionLike, index: FileIndex, depth: number): Set<number> {
  const params = new Set<number>();
  if (depth > MAX_PARAMETER_DEPTH) return params;
  walk(root, index.sourceCode.visitorKeys, (node) => {
    if (isFunctionLike(node)) return false;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const helper = resolveFunction(node.callee, index);
      if (helper && helper !== fn && contains(fn, helper)) {
        for (const returned of returnedExpressions(helper, index.sourceCode.visitorKeys)) for (const param of parametersIn(returned, fn, index, depth + 1)) params.add(param);
      }
      return undefined;
    }
    if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = index.variableOf(node);
    const def = variable?.defs[0];
    if (!variable || !def) return undefined;
    if (def.type === 'Parameter' && def.node === fn) {
      const position = fn.params.findIndex((param) => contains(param, def.name));
      if (position >= 0) params.add(position);
    } else if (def.type === 'Variable' && def.node.init && isConstLike(variable) && contains(fn, def.node)) {
      for (const param of parametersIn(def.node.init, fn, index, depth + 1)) params.add(param);
    }
    return undefined;
  });
  return params;
}

/** Every data access inside `root` (a handler body), in source order. */
export function dataAccessesIn(root: Node, index: FileIndex, options: AccessOptions = {}): DataAccess[] {
  const found: DataAccess[] = [];
  // The file index holds the calls already: a slice of it, not a walk of every node below root.
  const calls = index.callsWithin(root);
  if (calls) {
    for (let i = 0; i < calls.length; i++) {
      const dataAccess = dataAccessOf(calls[i]!, index, options);
      if (dataAccess) found.push(dataAccess);
    }
    return found;
  }
  walk(root, index.sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    const dataAccess = dataAccessOf(node, index, options);
    if (dataAccess) found.push(dataAccess);
  });
  return found;
}

/** The calls chained onto a data access (`.where(...)`, `.andWhere(...)`), whose arguments filter too. */
export function chainedCalls(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  return chainCalls(call).filter((candidate) => candidate !== call && !receivesResult(candidate));
}

/**
 * Calls chained onto a query that receive its result or shape what it returns, not more of its
 * filter: `.then(user => …)`, `.catch(…)`, Bluebird's `.spread(…)`, mongoose's `.exec(cb)`.
 */
const PROMISE_METHODS = new Set(['then', 'catch', 'finally', 'spread', 'tap', 'asCallback', 'nodeify', 'done', 'exec', 'toArray', 'lean', 'populate', 'sort', 'limit', 'skip', 'select']);

/** Whether a call chained onto a query takes its result (`.then(cb)`) rather than filtering it. */
export function receivesResult(call: TSESTree.CallExpression): boolean {
  return PROMISE_METHODS.has(calleeName(call) ?? '');
}

/** A call's arguments but its callbacks: `findOrderById(id, (err, order) => …)` filters by `id` alone. */
function valueArguments(call: TSESTree.CallExpression): TSESTree.CallExpressionArgument[] {
  return call.arguments.filter((argument) => argument.type !== AST_NODE_TYPES.SpreadElement && !isFunctionNode(argument));
}

/** What the handler does with what an access loads: a later `post.destroy()` turns a read into a delete. */
export function effectiveOperation(access: DataAccess, index: FileIndex): DataOperation {
  if (access.operation !== 'read') return access.operation;
  let holder: Node = access.call;
  for (;;) {
    const parent: Node | undefined = holder.parent;
    if (!parent) break;
    const continues =
      parent.type === AST_NODE_TYPES.AwaitExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression ||
      (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === holder) ||
      (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === holder);
    if (!continues) break;
    holder = parent;
  }
  const declarator = holder.parent;
  const callback = resultCallback(access.call);
  if (callback) {
    const record = callback.fn.params[callback.position];
    return mutationOf(index.sourceCode.getDeclaredVariables(callback.fn).filter((variable) => variable.defs[0]?.name === record));
  }
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) return 'read';
  return mutationOf(index.sourceCode.getDeclaredVariables(declarator));
}

/**
 * The function that receives what a query loads, and the position of the record among its
 * parameters: `.then(post => …)` chained onto the query (first), or a node-style callback given
 * to it last (`Todo.findById(id, (err, todo) => …)`, second).
 */
function resultCallback(call: TSESTree.CallExpression): { fn: FunctionLike; position: number } | null {
  const last = call.arguments[call.arguments.length - 1];
  if (last && isFunctionLike(unwrap(last))) {
    const fn = unwrap(last) as FunctionLike;
    return fn.params[1]?.type === AST_NODE_TYPES.Identifier ? { fn, position: 1 } : null;
  }
  const then = chainCalls(call).find((candidate) => calleeName(candidate) === 'then');
  const first = then?.arguments[0] ? unwrap(then.arguments[0]) : null;
  if (!isFunctionLike(first)) return null;
  return first.params[0]?.type === AST_NODE_TYPES.Identifier ? { fn: first, position: 0 } : null;
}

function mutationOf(variables: readonly Variable[]): DataOperation {
  for (const variable of variables) {
    for (const reference of variable.references) {
      const member = reference.identifier.parent;
      if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
      const mutation = RECORD_MUTATIONS[propertyName(member) ?? ''];
      if (mutation && member.parent?.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member) return mutation;
    }
  }
  return 'read';
}
