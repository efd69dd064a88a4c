/**
 * Who the current user is in a handler or middleware: which variables are its request and its
 * response (the parameters, or `const` aliases of them), and which expressions read the signed-in
 * user from them (`req.user`, `req.auth`, `req.session.userId`, `res.locals.user`, a `const` or a
 * destructuring taken from one, and with typed linting any property typed as the requester).
 * The authorization facts ask here; nothing else defines the request or the current user.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { calleeName, isFunctionLike, propertyName, unwrap, unwrapValue, walk } from '../engine/ast';
import { isVariableOrAlias, keysBelow } from '../engine/bindings';
import { runtimeParams } from '../engine/functions';
import type { Handler } from '../express/model';
import { requestUserProperties } from '../express/types';
import type { FileIndex } from '../engine/file-index';
import { isConstLike, patternPath } from '../engine/file-index';
import { fileSlot, storeOf } from '../engine/store';
import type { RequestData } from './request-data';

/** How many `const` bindings a read of the user is followed through. */
const MAX_DEPTH = 6;

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

/** Request properties that authentication middleware fills with the current user. */
const REQUEST_USER_KEYS = new Set([
  'user',
  'auth',
  'currentUser',
  'userId',
  'userID',
  'user_id',
  'uid',
  'currentUserId',
  'payload',
  'decoded',
  'tokenPayload',
  'jwt',
  'claims',
  'identity',
  'principal',
  'session',
]);

/**
 * The root identifier of a member chain, the keys read from it and the member expressions that
 * read them: `req.user.id` -> req, [user, id], [`req.user`, `req.user.id`].
 */
function memberPath(node: Node): { root: TSESTree.Identifier; keys: string[]; members: TSESTree.MemberExpression[] } | null {
  const keys: string[] = [];
  const members: TSESTree.MemberExpression[] = [];
  let current = unwrapValue(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.Identifier) return { root: current, keys, members };
    if (current.type !== AST_NODE_TYPES.MemberExpression) return null;
    const name = propertyName(current);
    keys.unshift(name ?? '');
    members.unshift(current);
    current = unwrapValue(current.object);
  }
}

/** Who the current user is, for one handler: its request and response variables. */
export interface UserContext {
  isRequest(node: Node): boolean;
  isResponse(node: Node): boolean;
  index: FileIndex;
  /**
   * With typed linting only: whether the property `name` of `owner` (the request, or `res.locals`)
   * holds the requester by its declared type, whatever it is called (`req.account`).
   */
  isTypedUser?(owner: Node, name: string): boolean;
  /** The handler's request and response parameters as written, so that `({ params, user }, res)` and `(req, { locals })` destructure them. */
  parameters?: { request: Node | null; response: Node | null };
}

/** `({ user: { id } }, res)`: which parameter a destructured binding comes from, and the keys down to it. */
function parameterPath(binding: Node, context: UserContext): { base: 'req' | 'res'; keys: string[] } | null {
  const { request, response } = context.parameters ?? { request: null, response: null };
  const requestKeys = request ? keysBelow(request, binding) : null;
  if (requestKeys) return { base: 'req', keys: requestKeys };
  const responseKeys = response ? keysBelow(response, binding) : null;
  return responseKeys ? { base: 'res', keys: responseKeys } : null;
}

function isUserPath(base: 'req' | 'res', keys: readonly string[]): boolean {
  const [first, second] = keys;
  if (base === 'res') return first === 'locals' && second !== undefined && /^(?:user|account|auth|session|currentUser)/i.test(second);
  if (first === 'session') return second !== undefined && /^(?:user|passport|account)/i.test(second);
  return first !== undefined && REQUEST_USER_KEYS.has(first);
}

/**
 * With typed linting, `req.<name>…` or `res.locals.<name>…` whose property the type says is the
 * requester. `members[i]` reads `keys[i]` (from the root outwards); the owner of the property is the
 * root or the member before it, when the code has one (`const { locals } = res` has none).
 */
function isTypedUserPath(base: 'req' | 'res', root: Node, members: readonly Node[], keys: readonly string[], context: UserContext): boolean {
  if (!context.isTypedUser || (base === 'res' && keys[0] !== 'locals')) return false;
  const at = base === 'req' ? 0 : 1;
  const name = keys[at];
  const owner = at === 0 ? root : members[at - 1];
  return name !== undefined && owner !== undefined && context.isTypedUser(owner, name);
}

/**
 * Whether an expression is (part of) the authenticated user: `req.user.id`, `req.auth.sub`,
 * `req.session.userId`, `res.locals.user._id`, or a `const` taken from one.
 */
export function isCurrentUser(node: Node, context: UserContext, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const path = memberPath(node);
  if (!path) return false;
  if (context.isRequest(path.root)) return isUserPath('req', path.keys) || isTypedUserPath('req', path.root, path.members, path.keys, context);
  if (context.isResponse(path.root)) return isUserPath('res', path.keys) || isTypedUserPath('res', path.root, path.members, path.keys, context);
  const variable = context.index.variableOf(path.root);
  const def = variable?.defs[0];
  if (!variable || !def || variable.defs.length !== 1) return false;
  if (def.type === 'Parameter') {
    const parameter = parameterPath(def.name, context);
    return parameter !== null && isUserPath(parameter.base, [...parameter.keys, ...path.keys]);
  }
  if (def.type !== 'Variable' || !def.node.init || !isConstLike(variable)) return false;
  const patternKeys = patternPath(def.name) ?? [];
  const init = def.node.init;
  const initPath = memberPath(init);
  if (initPath && patternKeys.length > 0) {
    // `const { locals } = res; locals.user.id`: the keys of the init, of the pattern, then of the use.
    const keys = [...initPath.keys, ...patternKeys, ...path.keys];
    if (context.isRequest(initPath.root)) return isUserPath('req', keys) || isTypedUserPath('req', initPath.root, initPath.members, keys, context);
    if (context.isResponse(initPath.root)) return isUserPath('res', keys) || isTypedUserPath('res', initPath.root, initPath.members, keys, context);
  }
  return mentionsCurrentUser(init, context, depth + 1);
}

/** Whether the current user appears anywhere in an expression (following `const` bindings). */
export function mentionsCurrentUser(root: Node, context: UserContext, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  let found = false;
  walk(root, context.index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.MemberExpression || node.type === AST_NODE_TYPES.Identifier) {
      if (isCurrentUser(node, context, depth + 1)) {
        found = true;
        return false;
      }
    }
    return undefined;
  });
  return found;
}

/** Who the current user is in a handler: read from its request, or from its `res.locals`, by name or (typed linting) by type. */
export function userContextOf(handler: Handler, requestData: RequestData, index: FileIndex): UserContext {
  const isTypedUser = typedRequesterOf(index);
  return {
    index,
    isRequest: (node) => requestData.isRequest(node),
    isResponse: (node) => isVariableOrAlias(node, handler.res, index),
    parameters: { request: handler.reqParam, response: runtimeParams(handler.fn)[1] ?? null },
    ...(isTypedUser ? { isTypedUser } : {}),
  };
}

/** Per file, the typed test of a requester property; null without type information. */
const typedRequesterSlot = fileSlot<((owner: Node, name: string) => boolean) | null>('typed requester test');

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
  const store = storeOf(index);
  if (store.has(typedRequesterSlot)) return store.get(typedRequesterSlot)!;
  const isUserProperty = requestUserProperties(sourceCode);
  let loaded: Set<string> | null = null;
  const test = isUserProperty
    ? (owner: Node, name: string) => {
        if (!REQUESTER_PROPERTY.test(name)) return false;
        loaded ??= propertiesLoadedFromRequest(index);
        return !loaded.has(name) && isUserProperty(owner, name) === true;
      }
    : null;
  return store.set(typedRequesterSlot, test);
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
  // `({ user }, res)`: the parameter destructures the user, whether or not the handler reads it.
  const param = handler.reqParam;
  if (param?.type === AST_NODE_TYPES.ObjectPattern || param?.type === AST_NODE_TYPES.AssignmentPattern) {
    const bindings = context.index.sourceCode.getDeclaredVariables(handler.fn).flatMap((variable) => variable.defs.map((def) => def.name));
    if (bindings.some((binding) => isUserPath('req', keysBelow(param, binding) ?? []))) return true;
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
