import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node } from '../engine/ast';
import { calleeName, propertyName, unwrap, unwrapValue, walk } from '../engine/ast';
import { nodeMemo } from '../engine/store';
import { alwaysExits } from '../engine/control-flow';
import type { DataAccess, ResourceKey } from './data-access';
import { chainedCalls, dataAccessesIn, receivesResult } from './data-access';
import { middlewareNames } from '../express/classify';
import type { Handler, Middleware } from '../express/model';
import type { ChainParts } from '../express/chains';
import { judgedPerChain } from '../express/chains';
import { handlerOf } from '../express/functions';
import type { FileIndex } from '../engine/file-index';
import { initOf, isConstLike } from '../engine/file-index';
import type { RequestData, Taint } from '../request/request-data';
import { getRequestData } from '../request/request-data';
import { CREATE_METHODS } from '../libraries/databases';
import { PERMISSION_MODULES } from '../libraries/permissions';
import type { UserContext } from '../request/current-user';
import { isCurrentUser, mentionsCurrentUser, readsCurrentUser, userContextOf } from '../request/current-user';

/**
 * Facts about permission around a handler: the data accesses whose record the client picks,
 * whether the route is authenticated, whether its chain or the handler checks permission, and
 * whether an access is scoped to the current user. no-auth-without-authz decides which are findings.
 */

/** Names of resource keys and request fields that identify a record. */
const ID_NAME = /^(?:_?id|uuid|guid|pk|slug)$|(?:Id|ID|_id|Uuid|_uuid|Slug|_slug)$/;
/** Calls in a handler that decide permissions: CASL, casbin, accesscontrol, home-made policy helpers. */
const AUTHORIZATION_CALL =
  /^(?:can|cannot|enforce|authori[sz]e|throwUnlessCan|assertCan|checkPermissions?|hasPermissions?|hasRole|hasAnyRole|isAuthori[sz]ed|isAllowed|checkAccess|canAccess|hasAccess|verifyAccess|assertAccess|isOwner|checkOwner(?:ship)?|verifyOwner(?:ship)?|assertOwner(?:ship)?|ensureOwner(?:ship)?|requireOwnership|checkPolicy|permit)$/;
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

/** A data access whose record the client picks: the key it picks it by, and the request data in it. */
export interface PickedAccess {
  access: DataAccess;
  key: ResourceKey;
  taint: Taint;
}

/** The data accesses of a handler that pick a record by a client-supplied id (`Order.findById(req.params.id)`). */
export function accessesPickedByClient(
  handler: Handler,
  requestData: RequestData,
  index: FileIndex,
  { includeImported = false }: { includeImported?: boolean } = {},
): PickedAccess[] {
  return dataAccessesIn(handler.fn.body, index, { includeImported }).flatMap((access) => {
    const client = clientKeyOf(access, requestData);
    return client ? [{ access, ...client }] : [];
  });
}

/** Reads of shared reference data (products, categories, countries) that any signed-in user may see. */
export function isReferenceResource(resource: string | null): boolean {
  return REFERENCE_RESOURCE.test(resource ?? '');
}

/** Authentication middleware runs before the handler, or the handler reads the current user itself. */
export function isAuthenticated(handler: Handler, chain: ChainParts, context: UserContext): boolean {
  const authenticates = (middleware: Middleware) => middleware.kinds.has('authentication');
  return chain.chainBefore.some(authenticates) || chain.ownMiddleware.some(authenticates) || readsCurrentUser(handler, context);
}

/** The access filters by the current user: in its filter, or in a chained `.where(...)`. */
export function scopedToUser(access: DataAccess, context: UserContext): boolean {
  if (access.filters.some((filter) => mentionsCurrentUser(filter, context))) return true;
  return chainedCalls(access.call).some((call) => call.arguments.some((argument) => mentionsCurrentUser(argument, context)));
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
    } else if (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length > 0 && !receivesResult(node)) {
      // `.then(post => …)` passes no user to a check: a comparison inside the callback is found on the way down.
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

/** The calls of a lookup's chain that pick records: `.then(cb)`, `.catch(cb)` take its result, they filter nothing. */
function chainedCallsAndSelf(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  let current: Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    if (!receivesResult(current)) calls.push(current);
    const callee = unwrap(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
    current = unwrapValue(callee.object);
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
      if ((name !== null && AUTHORIZATION_CALL.test(name)) || (module !== undefined && PERMISSION_MODULES.has(module))) found = true;
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
const middlewareChecksAuthorization = nodeMemo('middleware authorization', (fn: Node, index: FileIndex) => {
  const middleware = handlerOf(fn as FunctionLike, index);
  const requestData = getRequestData(middleware, index);
  return checksAuthorization(middleware.fn.body, userContextOf(middleware, requestData, index), requestData);
});

/** Whether middleware of a route's chain authorizes, the part routes share judged once for them all. */
export const chainAuthorizes = judgedPerChain(
  (chain: readonly Middleware[], chainIndex: FileIndex) => chain.some((middleware) => authorizes(middleware, chainIndex)),
  (authorized, added, chainIndex) => authorized || added.some((middleware) => authorizes(middleware, chainIndex)),
);

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
export function createsOwnRecord(fn: Node, context: UserContext): boolean {
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
