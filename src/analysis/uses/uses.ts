import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node, Variable } from '../engine/ast';
import { calleeName, contains, isFunctionLike, literalString, propertyName, unwrap, walk, countStartingBefore } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import { isConstLike } from '../engine/file-index';
import { resolveFunction } from '../engine/functions';
import { nodeMemo } from '../engine/store';
import { dataAccessOf, parametersIn } from '../authorization/data-access';
import { resolveProjectFunction } from '../cross-file/exports';
import type { GuardSettings } from '../outbound/outbound';
import { outboundRequests } from '../outbound/outbound';
import { fieldAssignmentOf } from '../request/request-data';

/** What a value is handed to, in the terms of the harm that validation prevents. */
export type UseKind = 'database' | 'sql' | 'file' | 'redirect' | 'render' | 'html' | 'code' | 'command' | 'request' | 'merge' | 'store' | 'log' | 'xml';

/** A place where a value is put to a use that needs it validated first. */
export interface SensitiveUse {
  kind: UseKind;
  /** The use as the code spells it: `User.create`, `res.redirect`, `exec`, `req.session.cart`. */
  name: string;
  node: Node;
  /** The index of the file that holds it (another project file for a use inside a service). */
  index: FileIndex;
}

/** A use, and the expressions of the analysed function that reach it. */
export interface UseSite {
  use: SensitiveUse;
  values: Node[];
  /** Only text counts (a log line, raw HTML): a whole parsed object is printed as data. */
  textOnly: boolean;
  /** The project function the values are handed to on the way, when the use is inside it. */
  via: string | null;
}

const MAX_NAME = 40;
/** How many project functions (services, DAOs) a value is followed into. */
const MAX_SUMMARY_DEPTH = 3;

const FILE_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);
const COMMAND_MODULES = new Set(['child_process', 'execa', 'shelljs', 'cross-spawn']);
const CODE_MODULES = new Set(['vm', 'vm2', 'node-serialize', 'serialize-to-js', 'funcster', 'safe-eval', 'static-eval', 'notevil']);
const TEMPLATE_MODULES = new Set(['ejs', 'pug', 'jade', 'handlebars', 'nunjucks', 'mustache', 'dustjs-linkedin', 'dot', 'lodash.template', 'hogan.js']);
const MERGE_MODULES = new Set(['deepmerge', 'merge', 'merge-deep', 'deep-extend', 'extend', 'mixin-deep', 'defaults-deep', 'lodash.merge', 'lodash.mergewith', 'lodash.defaultsdeep', 'lodash.set', 'dot-prop', 'object-path']);
const XML_MODULES = new Set(['libxmljs', 'libxmljs2']);
const LODASH_MODULES = new Set(['lodash', 'underscore', 'lodash-es']);
/** lodash and jQuery-style helpers that copy a value's keys into a target. */
const MERGE_METHODS = new Set(['merge', 'mergeWith', 'extend', 'assign', 'assignIn', 'defaults', 'defaultsDeep', 'set', 'setWith', 'zipObjectDeep']);
const CODE_METHODS = new Set(['eval', 'runInContext', 'runInNewContext', 'runInThisContext', 'compileFunction', 'unserialize', 'deserialize']);
const TEMPLATE_METHODS = new Set(['render', 'renderString', 'compile', 'template', 'renderFile']);
/** Methods that write what they are given into a store: ORM creates and saves, driver inserts. */
const WRITE_METHODS = new Set([
  'create',
  'createMany',
  'bulkCreate',
  'build',
  'insert',
  'insertOne',
  'insertMany',
  'save',
  'upsert',
  'findOrCreate',
  'update',
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findByIdAndUpdate',
  'bulkWrite',
]);
/** Methods whose receiver is the record they store: `user.save()` after `user.role = req.body.role`. */
const SAVE_METHODS = new Set(['save', 'update']);
/** Raw query methods: SQL text (and its parameters) goes to the database as given. */
const SQL_METHODS = new Set(['query', 'execute', 'raw', 'whereRaw', 'orderByRaw', 'havingRaw', 'joinRaw', '$queryRawUnsafe', '$executeRawUnsafe', 'exec']);
/** sqlite3's statement methods and pg-promise's query methods, on a receiver named as a database. */
const DATABASE_METHODS = new Set(['get', 'all', 'run', 'each', 'prepare', 'one', 'many', 'any', 'none', 'oneOrNone', 'manyOrNone', 'result', 'multi']);
const DATABASE_RECEIVER = /^(?:db|database|sqlite|conn|connection|pool|client|knex|sequelize|prisma)$/i;
/** Receivers named for a layer of code, not a store: `this.taskService.create(…)` is judged by its body when the project defines it, else not taken for a write. */
const SERVICE_RECEIVER = /(?:service|controller|manager|handler|helper|lifecycle|emitter|scheduler|mailer|notifier)$/i;
/** Hashes and ciphers take data with `update`: a digest of it, not a stored record. */
const DIGEST_FACTORIES = /^create(?:Hash|Hmac|Cipher|Cipheriv|Decipher|Decipheriv|Sign|Verify)$/;
const RESPONSE_CHAIN = new Set(['status', 'type', 'set', 'header', 'cookie', 'clearCookie', 'append', 'vary', 'contentType', 'links']);
const RESPONSE_TEXT = new Set(['send', 'write', 'end']);
const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'http', 'notice']);
const LOG_RECEIVER = /^(?:console|logger|log|winston|pino|bunyan|log4js)$/i;
const STORE_METHODS = new Set(['push', 'unshift', 'set', 'add', 'splice']);
const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

/** How a function's code tells its response object from other values. */
export interface UseContext {
  index: FileIndex;
  settings: GuardSettings;
  /** Whether a variable is the function's response object. */
  isResponseVariable: (variable: Variable) => boolean;
  /** The function whose body is searched: stores are writes to values that outlive it. */
  fn: FunctionLike;
}

/** The source text of a callee, shortened: `db.collection('x').find` reads as `db.collection(…).find`. */
function nameOf(node: Node, index: FileIndex): string {
  const text = index.sourceCode.getText(node).replace(/\s+/g, '').replace(/\((?:[^()]|\([^()]*\))*\)/g, '(…)');
  return text.length > MAX_NAME ? `${text.slice(0, MAX_NAME)}…` : text;
}

function isResponse(node: Node, context: UseContext): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = context.index.variableOf(inner);
    return variable !== null && context.isResponseVariable(variable);
  }
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(inner.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && RESPONSE_CHAIN.has(propertyName(callee) ?? '') && isResponse(callee.object, context);
}

/** The arguments that carry data: callbacks are code the call runs, not data it is given. */
function dataArguments(call: TSESTree.CallExpression | TSESTree.NewExpression, from = 0): Node[] {
  return call.arguments.slice(from).filter((argument) => !isFunctionLike(argument));
}

function moduleOf(node: Node, index: FileIndex): string | null {
  const module = index.originOf(node)?.module ?? null;
  return module?.startsWith('node:') ? module.slice('node:'.length) : module;
}

/** The module a method's receiver (or a destructured function) comes from. */
function calleeModule(callee: Node, index: FileIndex): string | null {
  return moduleOf(callee, index) ?? (callee.type === AST_NODE_TYPES.MemberExpression ? moduleOf(callee.object, index) : null);
}

/** Whether a receiver chain goes through `crypto.createHash(...)` and the like. */
function isDigest(receiver: Node): boolean {
  for (let current = unwrap(receiver); ; ) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      if (DIGEST_FACTORIES.test(calleeName(current) ?? '')) return true;
      current = unwrap(current.callee);
    } else if (current.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object);
    else return false;
  }
}

/** What a member chain is rooted in: `app.locals` (the app's own store), the variable it starts from, or null. */
function storeRoot(node: Node): 'app.locals' | TSESTree.Identifier | null {
  let root = unwrap(node);
  while (root.type === AST_NODE_TYPES.MemberExpression) {
    if (isAppLocals(root)) return 'app.locals';
    root = unwrap(root.object);
  }
  return root.type === AST_NODE_TYPES.Identifier ? root : null;
}

/** A value of the module or an enclosing function: what is written into it outlives the request. */
function isLongLived(node: Node, context: UseContext): boolean {
  const root = storeRoot(node);
  if (root === null || root === 'app.locals') return root !== null;
  const variable = context.index.variableOf(root);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable') return false;
  return !contains(context.fn, def.node);
}

/** `app.locals`, `req.app.locals`: the application's own store, shared by every request. */
function isAppLocals(member: TSESTree.MemberExpression): boolean {
  if (propertyName(member) !== 'locals') return false;
  const owner = unwrap(member.object);
  return (owner.type === AST_NODE_TYPES.Identifier && owner.name === 'app') || (owner.type === AST_NODE_TYPES.MemberExpression && propertyName(owner) === 'app');
}

/** `req.session.cart = …`: the session keeps it for later requests. */
function isSessionField(member: TSESTree.MemberExpression): boolean {
  const object = unwrap(member.object);
  return object.type === AST_NODE_TYPES.MemberExpression && propertyName(object) === 'session';
}

/** A use found, named after `named` (its callee or target): named only once found, since most calls are none. */
function site(kind: UseKind, named: Node, node: Node, values: Node[], context: UseContext, textOnly = false): UseSite {
  return { use: { kind, name: nameOf(named, context.index), node, index: context.index }, values, textOnly, via: null };
}

/** `xml.parseXml(text, { noent: true })`: entities expanded, so the document can read files. */
function expandsEntities(call: TSESTree.CallExpression): boolean {
  return call.arguments.some(
    (argument) =>
      argument.type === AST_NODE_TYPES.ObjectExpression &&
      argument.properties.some((property) => property.type === AST_NODE_TYPES.Property && propertyName(property) === 'noent' && unwrap(property.value).type === AST_NODE_TYPES.Literal && (property.value as TSESTree.Literal).value === true),
  );
}

/** The use a call of a global or of a method makes of its arguments, when it needs them validated. */
function callUse(call: TSESTree.CallExpression | TSESTree.NewExpression, context: UseContext): UseSite | null {
  const { index } = context;
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    if ((callee.name === 'eval' || callee.name === 'Function') && index.isGlobal(callee, callee.name)) return site('code', callee, call, dataArguments(call), context);
    if (TIMER_FUNCTIONS.has(callee.name) && call.arguments[0] && !isFunctionLike(call.arguments[0])) return site('code', callee, call, [call.arguments[0]], context);
  }
  const module = calleeModule(callee, index);
  if (module !== null) {
    if (FILE_MODULES.has(module)) return site('file', callee, call, dataArguments(call), context);
    if (COMMAND_MODULES.has(module)) return site('command', callee, call, dataArguments(call), context);
    if (CODE_MODULES.has(module)) return site('code', callee, call, dataArguments(call), context);
    if (TEMPLATE_MODULES.has(module) && TEMPLATE_METHODS.has(calleeName(call) ?? '')) return site('code', callee, call, call.arguments.slice(0, 1), context);
    if (MERGE_MODULES.has(module)) return site('merge', callee, call, dataArguments(call, 1), context);
    if (XML_MODULES.has(module) && call.type === AST_NODE_TYPES.CallExpression && expandsEntities(call)) return site('xml', callee, call, call.arguments.slice(0, 1), context);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = propertyName(callee);
  if (method === null) return null;
  const receiver = unwrap(callee.object);
  if (isResponse(receiver, context)) return responseUse(call, method, callee, context);
  if (method === 'assign' && receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'Object') {
    const target = call.arguments[0] ? unwrap(call.arguments[0]) : null;
    const fresh = target?.type === AST_NODE_TYPES.ObjectExpression && target.properties.length === 0;
    return fresh ? null : site('merge', callee, call, dataArguments(call, 1), context);
  }
  if (MERGE_METHODS.has(method) && (LODASH_MODULES.has(module ?? '') || (receiver.type === AST_NODE_TYPES.Identifier && /^(?:_|lodash|\$|jQuery)$/.test(receiver.name)))) {
    return site('merge', callee, call, dataArguments(call, 1), context);
  }
  if (CODE_METHODS.has(method) || (method === 'evaluate' && receiver.type === AST_NODE_TYPES.Identifier && /math/i.test(receiver.name))) {
    return site('code', callee, call, dataArguments(call).slice(0, 1), context);
  }
  if (LOG_METHODS.has(method) && receiver.type === AST_NODE_TYPES.Identifier && LOG_RECEIVER.test(receiver.name)) return site('log', callee, call, dataArguments(call), context, true);
  if (STORE_METHODS.has(method) && isLongLived(receiver, context) && isCollection(receiver, context.index)) return site('store', callee, call, dataArguments(call), context);
  if (call.type === AST_NODE_TYPES.CallExpression) return databaseUse(call, method, receiver, callee, context);
  return null;
}

function responseUse(call: TSESTree.CallExpression | TSESTree.NewExpression, method: string, callee: Node, context: UseContext): UseSite | null {
  if (method === 'redirect' || method === 'location') return site('redirect', callee, call, dataArguments(call).slice(-1), context);
  if (method === 'render') return site('render', callee, call, dataArguments(call), context);
  // With a `root` option, send refuses paths that leave it: the file is confined already.
  if (method === 'sendFile' || method === 'download') return hasRootOption(call) ? null : site('file', callee, call, dataArguments(call).slice(0, 1), context);
  if (RESPONSE_TEXT.has(method)) return sendsPlainText(call, context) ? null : site('html', callee, call, dataArguments(call).slice(0, 1), context, true);
  if ((method === 'setHeader' || method === 'set' || method === 'header') && /^location$/i.test(literalString(call.arguments[0]) ?? '')) {
    return site('redirect', callee, call, call.arguments.slice(1, 2), context);
  }
  return null;
}

/** A content type no browser draws as a page: `text/plain`, JSON, CSV (and Express's short names for them). */
const PLAIN_TYPE = /^(?:text\/plain|text\/csv|application\/json|text|txt|json|csv)(?:\s*;.*)?$/i;

/** The content type a call on the response sets, when it is a literal: `res.type('text')`, `res.writeHead(404, { 'Content-Type': … })`. */
function contentTypeSet(call: TSESTree.CallExpression): string | null {
  const method = calleeName(call);
  const [first, second] = call.arguments;
  if (method === 'type' || method === 'contentType') return literalString(first) ?? null;
  if ((method === 'set' || method === 'setHeader' || method === 'header') && /^content-type$/i.test(literalString(first) ?? '')) return literalString(second) ?? null;
  if (method === 'writeHead') {
    const headers = call.arguments.find((argument) => argument.type === AST_NODE_TYPES.ObjectExpression);
    if (headers?.type !== AST_NODE_TYPES.ObjectExpression) return null;
    for (const property of headers.properties) {
      if (property.type === AST_NODE_TYPES.Property && /^content-type$/i.test(propertyName(property) ?? '')) return literalString(property.value) ?? null;
    }
  }
  return null;
}

/**
 * Whether the text a response sends goes out as plain text or data: a non-HTML content type set
 * in its own chain (`res.type('text').send(…)`) or by a call on the response before it, in a block
 * that holds the send (`res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end(…)`).
 */
function sendsPlainText(call: TSESTree.CallExpression | TSESTree.NewExpression, context: UseContext): boolean {
  for (let receiver = unwrap(call.callee); receiver.type === AST_NODE_TYPES.MemberExpression; ) {
    const object = unwrap(receiver.object);
    if (object.type !== AST_NODE_TYPES.CallExpression) break;
    if (PLAIN_TYPE.test(contentTypeSet(object) ?? '')) return true;
    receiver = unwrap(object.callee);
  }
  let plain = false;
  walk(context.fn.body, context.index.sourceCode.visitorKeys, (node) => {
    if (plain || node.range[0] >= call.range[0]) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression || node.parent?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
    const callee = unwrap(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !isResponse(callee.object, context)) return undefined;
    if (PLAIN_TYPE.test(contentTypeSet(node) ?? '') && node.parent.parent && contains(node.parent.parent, call)) plain = true;
    return undefined;
  });
  return plain;
}

function hasRootOption(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return call.arguments.some((argument) => argument.type === AST_NODE_TYPES.ObjectExpression && argument.properties.some((property) => property.type === AST_NODE_TYPES.Property && propertyName(property) === 'root'));
}

function databaseUse(call: TSESTree.CallExpression, method: string, receiver: Node, callee: Node, context: UseContext): UseSite | null {
  // `regex.exec(text)`, `searchIndex.query(term)` are no SQL: a database's receiver, or a statement's text, says it is.
  if (SQL_METHODS.has(method) && call.arguments[0] && (isDatabaseName(receiver) || looksLikeStatement(call.arguments[0], context.index))) {
    return site('sql', callee, call, dataArguments(call), context);
  }
  if (DATABASE_METHODS.has(method) && isDatabaseName(receiver)) return site('sql', callee, call, dataArguments(call), context);
  if (WRITE_METHODS.has(method) && !isDigest(receiver) && !isServiceName(receiver)) {
    const values = dataArguments(call);
    if (SAVE_METHODS.has(method) && values.length === 0) values.push(receiver);
    return site('database', callee, call, values, context);
  }
  const access = dataAccessOf(call, context.index);
  if (access && access.library !== 'repository') return site('database', callee, call, dataArguments(call), context);
  return null;
}

const SQL_TEXT = /^\s*(?:select|insert|update|delete|replace|with|create|drop|alter|call|exec)\b/i;

/** The literal text a statement begins with: a string, a template's head, a concatenation's first part, or a `const` bound to one. */
function statementHead(node: Node, index: FileIndex, depth = 0): string | null {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) return inner.quasis[0]?.value.cooked ?? null;
  if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+') return depth > 4 ? null : statementHead(inner.left, index, depth + 1);
  if (inner.type === AST_NODE_TYPES.Identifier && depth <= 4) {
    const variable = index.variableOf(inner);
    const def = variable?.defs[0];
    return def?.type === 'Variable' && def.node.init ? statementHead(def.node.init, index, depth + 1) : null;
  }
  return literalString(inner);
}

function looksLikeStatement(node: Node, index: FileIndex): boolean {
  return SQL_TEXT.test(statementHead(node, index) ?? '');
}

/**
 * A collection the module keeps: an array, object, `Map` or `Set` it creates (`const carts = []`),
 * or an export of another module (`db.pets`); a service object set later (`runtimeAPI.projects.push()`
 * is a git push) is not.
 */
function isCollection(receiver: Node, index: FileIndex): boolean {
  const root = storeRoot(receiver);
  if (root === null || root === 'app.locals') return root !== null;
  const variable = index.variableOf(root);
  const def = variable?.defs[0];
  const init = def?.type === 'Variable' && def.node.init ? unwrap(def.node.init) : null;
  if (!init) return false;
  if (init.type === AST_NODE_TYPES.ArrayExpression || init.type === AST_NODE_TYPES.ObjectExpression) return true;
  if (init.type === AST_NODE_TYPES.NewExpression) return /^(?:Map|Set|Array|WeakMap)$/.test(calleeName(init) ?? '');
  return init.type === AST_NODE_TYPES.CallExpression && calleeName(init) === 'require';
}

function isServiceName(receiver: Node): boolean {
  const inner = unwrap(receiver);
  const name = inner.type === AST_NODE_TYPES.Identifier ? inner.name : inner.type === AST_NODE_TYPES.MemberExpression ? propertyName(inner) : null;
  return name !== null && SERVICE_RECEIVER.test(name);
}

function isDatabaseName(receiver: Node): boolean {
  const inner = unwrap(receiver);
  if (inner.type === AST_NODE_TYPES.Identifier) return DATABASE_RECEIVER.test(inner.name);
  return inner.type === AST_NODE_TYPES.MemberExpression && DATABASE_RECEIVER.test(propertyName(inner) ?? '');
}

/** `req.session.user = …`, `users[id] = …` on a module's store: kept beyond this request. */
function assignmentUse(assignment: TSESTree.AssignmentExpression, context: UseContext): UseSite | null {
  const target = assignment.left;
  if (target.type !== AST_NODE_TYPES.MemberExpression) return null;
  if (isSessionField(target) || isLongLived(target.object, context)) return site('store', target, assignment, [assignment.right], context);
  return null;
}

/** Whether a value is a use's own: the uses of outbound requests are the URL parts outbound analysis found. */
function outboundSites(context: UseContext): Map<Node, UseSite> {
  const sites = new Map<Node, UseSite>();
  // The file's requests are in source order: the function's are one run of them, found by bisection,
  // so a file of n handlers and n requests costs n searches, not n scans of every request.
  const requests = outboundRequests(context.index, context.settings);
  const [start, end] = context.fn.range;
  for (let at = countStartingBefore(requests, start, (request) => request.call.range[0]); at < requests.length && requests[at]!.call.range[0] < end; at++) {
    const request = requests[at]!;
    if (!contains(context.fn, request.call)) continue;
    const values = request.url.map((part) => part.node);
    sites.set(request.call, site('request', request.call.callee, request.call, values, context));
  }
  return sites;
}

/**
 * Every use in a function's body (nested callbacks included) that needs the data it is given
 * validated, in source order, with calls of project functions (services, DAOs, same-file
 * helpers) followed to the uses they make of their parameters.
 */
export function useSitesIn(context: UseContext, depth = 0): UseSite[] {
  const sites: UseSite[] = [];
  const outbound = outboundSites(context);
  walk(context.fn.body, context.index.sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.AssignmentExpression) {
      const found = assignmentUse(node, context);
      if (found) sites.push(found);
      return;
    }
    if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return;
    const known = outbound.get(node);
    if (known) {
      sites.push(known);
      return;
    }
    // A function the project defines is judged by what its body does with its parameters, whatever its name.
    const project = node.type === AST_NODE_TYPES.CallExpression ? projectCallSites(node, context, depth) : null;
    if (project) sites.push(...project);
    else {
      const found = callUse(node, context);
      if (found) sites.push(found);
    }
  });
  return sites;
}

/**
 * A call of a project function: its arguments at the parameters that reach a use inside. Null
 * when the callee is no project function (a package, a global, a parameter's method).
 */
function projectCallSites(call: TSESTree.CallExpression, context: UseContext, depth: number): UseSite[] | null {
  const defined = resolveProjectFunction(call.callee, context.index);
  if (!defined) return null;
  if (depth >= MAX_SUMMARY_DEPTH || defined.fn === context.fn || (defined.index === context.index && contains(defined.fn, call))) return [];
  const sites: UseSite[] = [];
  for (const { param, key, site: inner } of parameterUses(defined.fn, defined.index, context.settings, depth + 1)) {
    const argument = call.arguments[param];
    if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) continue;
    const values = key === null ? [argument] : fieldValues(argument, key);
    if (values.length > 0) sites.push({ use: inner.use, values, textOnly: inner.textOnly, via: inner.via ?? nameOf(call.callee, context.index) });
  }
  return sites;
}

/**
 * The parameters a value derives from, also through fields written into a local object on the
 * way: `const user = {}; user.firstName = firstName; users.update(…, { $set: user })`.
 */
function parametersReaching(value: Node, fn: FunctionLike, index: FileIndex): Set<number> {
  const params = parametersIn(value, fn, index, 0);
  walk(value, index.sourceCode.visitorKeys, (node) => {
    if (isFunctionLike(node)) return false;
    if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = index.variableOf(node);
    const def = variable?.defs[0];
    if (!variable || def?.type !== 'Variable' || !contains(fn, def.node)) return undefined;
    for (const reference of variable.references) {
      const assignment = fieldAssignmentOf(reference.identifier);
      if (assignment) for (const param of parametersIn(assignment.right, fn, index, 0)) params.add(param);
    }
    return undefined;
  });
  return params;
}

interface ParameterUse {
  param: number;
  /** For a destructured parameter (`function f({ keyValue, ip })`), the field that reaches the use; null for the whole argument. */
  key: string | null;
  site: UseSite;
}

/** What an argument gives a destructured parameter's field: the field of an object literal, else the whole argument. */
function fieldValues(argument: Node, key: string): Node[] {
  const inner = unwrap(argument);
  if (inner.type !== AST_NODE_TYPES.ObjectExpression || inner.properties.some((property) => property.type !== AST_NODE_TYPES.Property || property.computed)) return [argument];
  return inner.properties.filter((property) => property.type === AST_NODE_TYPES.Property && propertyName(property) === key).map((property) => (property as TSESTree.Property).value);
}

/**
 * The fields of a destructured parameter a value derives from (through constants of the body),
 * or null when it may take the whole argument (a rest element, a helper call, a default).
 */
function patternKeysIn(value: Node, fn: FunctionLike, pattern: TSESTree.ObjectPattern, index: FileIndex, depth = 0): Set<string> | null {
  const keys = new Set<string>();
  let whole = depth > MAX_SUMMARY_DEPTH;
  walk(value, index.sourceCode.visitorKeys, (node) => {
    if (whole || isFunctionLike(node)) return false;
    if (node.type === AST_NODE_TYPES.CallExpression && resolveFunction(node.callee, index)) whole = true;
    if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = index.variableOf(node);
    const def = variable?.defs[0];
    if (!variable || !def) return undefined;
    if (def.type === 'Parameter' && def.node === fn && contains(pattern, def.name)) {
      const property = pattern.properties.find((candidate) => contains(candidate, def.name));
      const key = property?.type === AST_NODE_TYPES.Property && !property.computed ? propertyName(property) : null;
      if (key === null) whole = true;
      else keys.add(key);
    } else if (def.type === 'Variable' && def.node.init && isConstLike(variable) && contains(fn, def.node)) {
      const inner = patternKeysIn(def.node.init, fn, pattern, index, depth + 1);
      if (inner === null) whole = true;
      else for (const key of inner) keys.add(key);
    }
    return undefined;
  });
  return whole ? null : keys;
}

/**
 * Per project function, settings and depth, the first use each of its parameters reaches: the
 * summary that lets a handler's call of `usersDAO.add(req.body)` be judged by the `insertOne`
 * inside. A cycle of services sees no uses while its summary is being made.
 */
const parameterUses = nodeMemo(
  'parameter uses',
  (fn: Node, index: FileIndex, settings: GuardSettings, depth: number) => computeParameterUses(fn as FunctionLike, index, settings, depth),
  { whileComputing: () => [] },
);

function computeParameterUses(fn: FunctionLike, index: FileIndex, settings: GuardSettings, depth: number): ParameterUse[] {
  const responseName = /^res(?:ponse)?$/;
  const context: UseContext = {
    index,
    settings,
    fn,
    isResponseVariable: (variable) => variable.defs[0]?.type === 'Parameter' && responseName.test(variable.name),
  };
  const found: ParameterUse[] = [];
  for (const useSite of useSitesIn(context, depth)) {
    for (const value of useSite.values) {
      for (const param of parametersReaching(value, fn, index)) {
        const pattern = fn.params[param];
        const keys = pattern?.type === AST_NODE_TYPES.ObjectPattern ? patternKeysIn(value, fn, pattern, index) : null;
        // Fields written into a local object on the way are not seen field by field: the whole argument counts then.
        for (const key of keys && keys.size > 0 ? keys : [null]) {
          if (!found.some((known) => known.param === param && (known.key === null || known.key === key))) found.push({ param, key, site: useSite });
        }
      }
    }
  }
  return found;
}
