import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node } from './ast';
import { calleeName, isFunctionLike, memoizeByNode, propertyName, unwrap, unwrapValue, walk } from './ast';
import { alwaysExits } from './control-flow';
import type { DataAccess, DataOperation, ResourceKey, UserContext } from './data-access';
import { dataAccessesIn, effectiveOperation, isCurrentUser, mentionsCurrentUser, scopedToUser } from './data-access';
import { middlewareNames } from './express/classify';
import type { Handler, Middleware } from './express/model';
import { handlerOf } from './express/functions';
import { requestUserProperties } from './express/types';
import type { FileIndex } from './file-index';
import { initOf, isConstLike } from './file-index';
import type { RequestData, Taint } from './request-data';
import { getRequestData } from './request-data';
import { CREATE_METHODS } from './libraries/databases';

/** Names of resource keys and request fields that identify a record. */
const ID_NAME = /^(?:_?id|uuid|guid|pk|slug)$|(?:Id|ID|_id|Uuid|_uuid|Slug|_slug)$/;
/** Calls in a handler that decide permissions: CASL, casbin, accesscontrol, home-made policy helpers. */
const AUTHORIZATION_CALL =
  /^(?:can|cannot|enforce|authori[sz]e|throwUnlessCan|assertCan|checkPermissions?|hasPermissions?|hasRole|hasAnyRole|isAuthori[sz]ed|isAllowed|checkAccess|canAccess|hasAccess|verifyAccess|assertAccess|isOwner|checkOwner(?:ship)?|verifyOwner(?:ship)?|assertOwner(?:ship)?|ensureOwner(?:ship)?|requireOwnership|checkPolicy|permit)$/;
const AUTHORIZATION_MODULES = new Set(['@casl/ability', '@casl/express', 'casbin', 'accesscontrol', 'express-jwt-permissions']);
/** Middleware from another file whose name says it checks access to the record, though the classifier does not say authorization. */
const ACCESS_MIDDLEWARE = /access|owns|owner|member|belongs|tenant/i;
const DENIAL_STATUS = new Set([401, 403, 404]);
/** Calls that answer the request another way: the branch hands the request off instead of going on. */
const ANSWERS = new Set(['redirect', 'render', 'sendStatus', 'next']);
/** User properties that carry a role or permission: `if (!req.user.isAdmin) return res.sendStatus(403)`. */
const ROLE_PROPERTY = /admin|role|permission|scope|staff|super|owner|privilege/i;
/** Shared reference data that any signed-in user may read; changing it still needs authorization. */
const REFERENCE_RESOURCE =
  /^(?:products?|categor(?:y|ies)|tags?|plans?|courses?|lessons?|countr(?:y|ies)|currenc(?:y|ies)|brands?|genres?|languages?|catalog\w*|skus?)$/i;
/** How many `const` bindings a comparison with the user is followed through. */
const MAX_COMPARISON_DEPTH = 4;
/**
 * Request properties whose name says they hold the requester (typed linting): a principal noun,
 * alone or after a word that says "signed in": `account`, `principal`, `currentAccount`, `authUser`,
 * `sessionUser`, `me`. Not `targetUser`, `owner`, `member`, `profile`: a record loaded for the request.
 */
const REQUESTER_PROPERTY =
  /^(?:(?:current|auth|authed|authenticated|logged_?in|signed_?in|session|verified|requesting)_?)?(?:user|account|principal|identity|viewer|actor|caller|me)$/i;
/**
 * Request fields a record loader reads the client's id from: `req.account = await find(req.params.id)`.
 * Not headers or cookies: authentication middleware fills the requester from its token there.
 */
const CLIENT_FIELDS = new Set(['params', 'query', 'body']);

/** A data access that picks a record by the client's id while nothing checks that the current user may. */
export interface UnauthorizedAccess {
  access: DataAccess;
  /** What the handler does to the record, counting changes made after loading it. */
  operation: DataOperation;
  /** The request data that picks the record. */
  taint: Taint;
}

/**
 * The accesses of a handler that lack authorization: the route is authenticated (by middleware or
 * because the handler reads the user), neither the chain nor the handler checks permission, and the
 * access picks a record by a client-supplied id without scoping it to the user. Reading shared
 * reference data, or the target of a record the user creates, needs no check.
 */
export function unauthorizedAccesses(
  handler: Handler,
  chain: readonly Middleware[],
  index: FileIndex,
  {
    includeImported = false,
    chainIndex = index,
  }: {
    includeImported?: boolean;
    /** The file the chain is registered in, when the handler lives in another one. */
    chainIndex?: FileIndex;
  } = {},
): UnauthorizedAccess[] {
  const requestData = getRequestData(handler, index);
  // Most handlers pick no record by a client id: that is the cheapest question, so it comes first.
  const picked = dataAccessesIn(handler.fn.body, index, { includeImported }).flatMap((access) => {
    const client = clientKeyOf(access, requestData);
    return client ? [{ access, client }] : [];
  });
  if (picked.length === 0) return [];
  const context = userContextOf(handler, requestData, index);
  if (chain.some((middleware) => authorizes(middleware, chainIndex))) return [];
  if (!isAuthenticated(handler, chain, context) || checksAuthorization(handler.fn.body, context, requestData)) return [];
  const found: UnauthorizedAccess[] = [];
  for (const { access, client } of picked) {
    if (scopedToUser(access, context)) continue;
    const operation = effectiveOperation(access, index);
    if (operation === 'read' && (REFERENCE_RESOURCE.test(access.resource ?? '') || createsOwnRecord(handler.fn.body, context))) continue;
    found.push({ access, operation, taint: client.taint });
  }
  return found;
}

/** Authentication middleware runs before the handler, or the handler reads the current user itself. */
function isAuthenticated(handler: Handler, chain: readonly Middleware[], context: UserContext): boolean {
  return chain.some((middleware) => middleware.kinds.has('authentication')) || readsCurrentUser(handler, context);
}

/** Who the current user is in a handler: read from its request, or from its `res.locals`, by name or (typed linting) by type. */
export function userContextOf(handler: Handler, requestData: RequestData, index: FileIndex): UserContext {
  const isTypedUser = typedRequesterOf(index);
  return {
    index,
    isRequest: (node) => requestData.isRequest(node),
    isResponse: (node) => {
      const inner = unwrap(node);
      return inner.type === AST_NODE_TYPES.Identifier && handler.res !== null && index.variableOf(inner) === handler.res;
    },
    ...(isTypedUser ? { isTypedUser } : {}),
  };
}

/** Per file, the typed test of a requester property; null without type information. */
const typedRequesters = new WeakMap<Readonly<TSESLint.SourceCode>, ((owner: Node, name: string) => boolean) | null>();

/**
 * With typed linting, whether `req.<name>` / `res.locals.<name>` holds the requester, so that a
 * comparison with it or a filter on it is an ownership check. Three things must hold:
 *
 * - the property is merged into the global `Express.Request` (or `Express.Locals`) and its declared
 *   type is the signed-in user's (`requestUserProperties`): a local variable or a parameter of type
 *   `Express.User` never counts, nor a property of some other object;
 * - its name says it is the requester (`REQUESTER_PROPERTY`): the type alone cannot tell the requester
 *   from a user loaded by the client's id (`targetUser?: Express.User`);
 * - this file does not fill it from request data (`req.account = await Account.findById(req.params.id)`,
 *   or in an `app.param(...)` callback): here it names what the client asked for.
 */
function typedRequesterOf(index: FileIndex): ((owner: Node, name: string) => boolean) | null {
  const { sourceCode } = index;
  if (typedRequesters.has(sourceCode)) return typedRequesters.get(sourceCode)!;
  const isUserProperty = requestUserProperties(sourceCode);
  let loaded: Set<string> | null = null;
  const test = isUserProperty
    ? (owner: Node, name: string) => {
        if (!REQUESTER_PROPERTY.test(name)) return false;
        loaded ??= propertiesLoadedFromRequest(index);
        return !loaded.has(name) && isUserProperty(owner, name) === true;
      }
    : null;
  typedRequesters.set(sourceCode, test);
  return test;
}

/**
 * The property names this file assigns from request data, `x.account = …req.params…`, or inside an
 * `app.param(name, callback)` callback, which receives the path value as an argument.
 */
function propertiesLoadedFromRequest(index: FileIndex): Set<string> {
  const names = new Set<string>();
  walk(index.sourceCode.ast, index.sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.left.type !== AST_NODE_TYPES.MemberExpression) return;
    const name = propertyName(node.left);
    if (name !== null && (readsClientFields(node.right, index) || inParamCallback(node))) names.add(name);
  });
  return names;
}

function readsClientFields(root: Node, index: FileIndex): boolean {
  let found = false;
  walk(root, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.MemberExpression && CLIENT_FIELDS.has(propertyName(node) ?? '')) found = true;
    return undefined;
  });
  return found;
}

function inParamCallback(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) {
      const call = current.parent;
      if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments.some((argument) => argument === current) && calleeName(call) === 'param') return true;
    }
  }
  return false;
}

/** The handler reads the authenticated user (`req.user`, `req.auth`, …) or asks `req.isAuthenticated()`. */
export function readsCurrentUser(handler: Handler, context: UserContext): boolean {
  const param = handler.reqParam;
  if (param?.type === AST_NODE_TYPES.ObjectPattern) {
    const names = param.properties.map((property) => (property.type === AST_NODE_TYPES.Property ? propertyName(property) : null));
    if (names.some((name) => name === 'user' || name === 'auth')) return true;
  }
  let found = false;
  walk(handler.fn.body, context.index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const asksRequest = propertyName(node) === 'isAuthenticated' && context.isRequest(node.object);
      if (asksRequest || (isCurrentUser(node, context) && !isOptionalRead(node, context))) found = true;
    }
    return undefined;
  });
  return found;
}

/**
 * `req.user?.id`, `req.user && …`, `req.user ? … : …`: a route that works without a user (optional
 * authentication, a personalised public page) reads it like this.
 */
function isOptionalRead(member: TSESTree.MemberExpression, context: UserContext): boolean {
  return isOptionalChainRead(member) || underUserCondition(member, context);
}

/** Inside the branch of a condition on the user: `req.user ? req.user.id : null`, `if (req.user) {…}`. */
function underUserCondition(node: Node, context: UserContext): boolean {
  let current: Node = node;
  for (let parent = node.parent; parent && !isFunctionLike(parent); parent = parent.parent) {
    const test =
      (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== current && parent.test) ||
      (parent.type === AST_NODE_TYPES.IfStatement && parent.consequent === current && parent.test) ||
      (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === current && parent.left);
    if (test && unwrap(test).type !== AST_NODE_TYPES.UnaryExpression && mentionsCurrentUser(test, context)) return true;
    current = parent;
  }
  return false;
}

function isOptionalChainRead(member: TSESTree.MemberExpression): boolean {
  let current: Node = member;
  for (;;) {
    const parent: Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      if (parent.optional) return true;
      current = parent;
    } else if (parent?.type === AST_NODE_TYPES.ChainExpression || parent?.type === AST_NODE_TYPES.TSNonNullExpression) {
      current = parent;
    } else {
      return (
        member.optional ||
        (parent?.type === AST_NODE_TYPES.LogicalExpression && parent.left === current && parent.operator !== '||') ||
        (parent?.type === AST_NODE_TYPES.ConditionalExpression && parent.test === current) ||
        (parent?.type === AST_NODE_TYPES.IfStatement && parent.test === current)
      );
    }
  }
}

function isNullish(node: Node): boolean {
  const inner = unwrap(node);
  return (inner.type === AST_NODE_TYPES.Literal && inner.value === null) || (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined');
}

/**
 * A test that compares something with the current user (`doc.owner !== req.user.id`,
 * `doc.owner.equals(req.user._id)`, `!req.user.isAdmin`), or that reads a lookup joining the
 * user with the client's id (`const member = await Member.findOne({ user: req.user.id, project: id })`).
 */
function comparesWithUser(test: Node, context: UserContext, requestData: RequestData, depth = 0): boolean {
  let found = false;
  walk(test, context.index.sourceCode.visitorKeys, (node) => {
    if (found || depth > MAX_COMPARISON_DEPTH) return false;
    if (node.type === AST_NODE_TYPES.BinaryExpression && ['===', '!==', '==', '!='].includes(node.operator)) {
      const left = mentionsCurrentUser(node.left, context);
      const right = mentionsCurrentUser(node.right, context);
      if ((left && !isNullish(node.right)) || (right && !isNullish(node.left))) found = true;
    } else if (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length > 0) {
      const callee = unwrap(node.callee);
      const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : null;
      if ((receiver && mentionsCurrentUser(receiver, context)) || node.arguments.some((argument) => mentionsCurrentUser(argument, context))) found = true;
    } else if (node.type === AST_NODE_TYPES.MemberExpression && ROLE_PROPERTY.test(propertyName(node) ?? '') && isCurrentUser(node, context)) {
      found = true;
    } else if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = context.index.variableOf(node);
      const init = variable && isConstLike(variable) ? initOf(variable) : null;
      if (init && (joinsUserWithClient(init, context, requestData) || comparesWithUser(init, context, requestData, depth + 1))) found = true;
    }
    return undefined;
  });
  return found;
}

/** A lookup whose arguments hold both the current user and request data: a membership or ownership query. */
function joinsUserWithClient(node: Node, context: UserContext, requestData: RequestData): boolean {
  const call = unwrapValue(node);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const argumentsOf = chainedCallsAndSelf(call).flatMap((candidate) => candidate.arguments);
  return argumentsOf.some((argument) => mentionsCurrentUser(argument, context)) && argumentsOf.some((argument) => requestData.taintOf(argument) !== null || containsTaint(argument, requestData, context.index));
}

function chainedCallsAndSelf(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [call];
  let current: Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
    current = unwrapValue(callee.object);
    if (current.type === AST_NODE_TYPES.CallExpression) calls.push(current);
  }
  return calls;
}

function containsTaint(root: Node, requestData: RequestData, index: FileIndex): boolean {
  let found = false;
  walk(root, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if ((node.type === AST_NODE_TYPES.MemberExpression || node.type === AST_NODE_TYPES.Identifier) && requestData.taintOf(node)) found = true;
    return undefined;
  });
  return found;
}

/** A branch that refuses the request: it leaves the function, throws, answers 401/403/404, redirects or renders. */
function denies(statement: TSESTree.Statement | null | undefined, index: FileIndex): boolean {
  if (!statement) return false;
  if (alwaysExits(statement)) return true;
  let found = false;
  walk(statement, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.ThrowStatement) found = true;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(node);
      const first = node.arguments[0] ? unwrap(node.arguments[0]) : null;
      if (name === 'status' && first?.type === AST_NODE_TYPES.Literal && DENIAL_STATUS.has(Number(first.value))) found = true;
      if (name !== null && ANSWERS.has(name)) found = true;
    }
    return undefined;
  });
  return found;
}

/**
 * The function checks permission itself: an `if` comparing with the current user that refuses,
 * or a permission call (`ability.can(...)`, `enforcer.enforce(...)`, `isOwner(...)`).
 */
export function checksAuthorization(fn: Node, context: UserContext, requestData: RequestData): boolean {
  let found = false;
  walk(fn, context.index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.IfStatement) {
      if (comparesWithUser(node.test, context, requestData) && (denies(node.consequent, context.index) || denies(node.alternate, context.index))) found = true;
    } else if (node.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(node);
      const module = context.index.originOf(node.callee)?.module;
      if ((name !== null && AUTHORIZATION_CALL.test(name)) || (module !== undefined && AUTHORIZATION_MODULES.has(module))) found = true;
    } else if (node.type === AST_NODE_TYPES.Identifier && node.name === 'ForbiddenError') {
      found = true;
    }
    return undefined;
  });
  return found;
}

/**
 * A same-file middleware is judged as a handler of its own (its request, its response, its
 * `res.locals`), so the answer holds for every route it runs before: computed once per
 * middleware function, not once per route.
 */
const middlewareChecksAuthorization = memoizeByNode((fn: Node, index: FileIndex) => {
  const middleware = handlerOf(fn as FunctionLike, index);
  const requestData = getRequestData(middleware, index);
  return checksAuthorization(middleware.fn.body, userContextOf(middleware, requestData, index), requestData);
});

/** Middleware in the chain that authorizes: classified so, named for record access, or a same-file function that checks. */
function authorizes(middleware: Middleware, chainIndex: FileIndex): boolean {
  if (middleware.kinds.has('authorization')) return true;
  if (middleware.fn) return middlewareChecksAuthorization(middleware.fn, chainIndex);
  if (middleware.kinds.size > 0) return false;
  return middlewareNames(middleware.node).some((name) => ACCESS_MIDDLEWARE.test(name));
}

function lastSegment(description: string): string {
  return description.split(/[.[\]'"`()?…]/).filter(Boolean).pop() ?? '';
}

/** The first key of an access whose value the client picks and which names a record. */
function clientKeyOf(access: DataAccess, requestData: RequestData): { key: ResourceKey; taint: Taint } | null {
  for (const key of access.keys) {
    const taint = requestData.taintOf(key.value);
    if (!taint) continue;
    // A path segment names a resource whatever it is called; a query or body field must say it is an id.
    if (taint.sources.has('params')) return { key, taint };
    if (!taint.sources.has('query') && !taint.sources.has('body')) continue;
    if ((key.key !== null && ID_NAME.test(key.key)) || ID_NAME.test(lastSegment(taint.description))) return { key, taint };
  }
  return null;
}

/**
 * The handler creates a record that carries the current user (`Comment.create({ post, author: req.user.id })`),
 * so a record it only reads by the client's id is the target the user acts on, not data it hands out.
 */
function createsOwnRecord(fn: Node, context: UserContext): boolean {
  let found = false;
  walk(fn, context.index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    const creates =
      (node.type === AST_NODE_TYPES.CallExpression && CREATE_METHODS.has(calleeName(node) ?? '')) ||
      (node.type === AST_NODE_TYPES.NewExpression && unwrap(node.callee).type === AST_NODE_TYPES.Identifier && /^[A-Z]/.test(calleeName(node) ?? ''));
    if (creates && (node as TSESTree.CallExpression | TSESTree.NewExpression).arguments.some((argument) => mentionsCurrentUser(argument, context))) found = true;
    return undefined;
  });
  return found;
}
