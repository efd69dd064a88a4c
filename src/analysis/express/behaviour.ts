import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node, Variable } from '../engine/ast';
import { isFunctionLike, literalString, propertyName, unwrap, walk } from '../engine/ast';
import { nodeMemo } from '../engine/store';
import { resolveProjectFunction } from '../cross-file/exports';
import { projectScopeOf } from '../cross-file/project-scope';
import type { FileIndex } from '../engine/file-index';
import { isRelativeSpecifier } from '../engine/modules';
import type { DefenseKind } from '../engine/settings';
import { HEADER_MODULES, SECURITY_HEADERS } from '../libraries/headers';
import { LIMITER_MIDDLEWARE_MODULES } from '../libraries/limiters';
import { PERMISSION_MODULES } from '../libraries/permissions';
import { isValidationCall } from '../libraries/validators';

/**
 * What a middleware's own body shows it does, read from its definition (in this file or another
 * project file): the defenses it provides and, for each, the first place that shows it.
 */

/** Why a middleware counts as a defense: `calls jwt.verify` at a node of some project file. */
export interface Evidence {
  text: string;
  node: Node;
  /** Absolute path of the file that holds `node`; null for code with no file on disk. */
  file: string | null;
  /**
   * Strong evidence names what runs (a verifier, a header, a validator, a 429); weak evidence
   * only tests a value (`req.user`, `req.session.userId`) and rejects.
   */
  strong: boolean;
}

export type Behaviour = ReadonlyMap<DefenseKind, Evidence>;

/** What a function's body shows, before the question whether it rejects a request. */
interface Signals {
  authentication: Evidence | null;
  authorization: Evidence | null;
  validation: Evidence | null;
  headers: Evidence | null;
  rateLimit: Evidence | null;
  /** It ends a request it does not let through: an error status, a redirect, `next(err)`, a throw. */
  rejects: boolean;
  /** It reads the client's address (`req.ip`) and counts something up. */
  countsByClient: Evidence | null;
  /** It tests whether someone is signed in and passes on whoever is not: a page for guests only. */
  guestGate: boolean;
  /** Calls of other functions given the request, its response or a value read from the request: followed for what they show. */
  calls: TSESTree.CallExpression[];
}

/** Calls of modules that verify who the requester is, by module and export (`*` for any). */
const VERIFIERS: Readonly<Record<string, readonly string[]>> = {
  jsonwebtoken: ['verify'],
  jws: ['verify'],
  jose: ['jwtVerify', 'compactVerify', 'jwtDecrypt'],
  'express-jwt': ['*'],
  'express-oauth2-jwt-bearer': ['auth'],
  'express-openid-connect': ['requiresAuth'],
  passport: ['authenticate'],
  'connect-ensure-login': ['*'],
  'express-basic-auth': ['*'],
  'firebase-admin': ['verifyIdToken', 'verifySessionCookie'],
  'google-auth-library': ['verifyIdToken'],
};

/** Response methods that set a header. */
const HEADER_SETTERS = new Set(['setHeader', 'set', 'header', 'append']);

/** A requester attribute that decides access: `req.user.role`, `user.isAdmin`, `claims.permissions`. */
const ROLE_PROPERTY = /^(?:roles?|isAdmin|is_admin|admin|isSuperuser|superuser|permissions?|scopes?|groups?|privileges?|rights|accessLevel|userType|user_type|isStaff)$/;
/** An id of the requester: `req.user.id`, `req.session.userId`, `req.auth.sub`. */
const ID_PROPERTY = /^(?:id|_id|sub|uid|userId|user_id|accountId|ownerId)$/;
/** Properties of the request that hold who is signed in. */
const REQUESTER_PROPERTY = /^(?:(?:current|auth|authenticated|loggedIn|logged_in|session|signedIn)?_?user|(?:current)?account|auth|principal|identity|claims|decoded|jwt|tokenPayload)$/i;
/** `req.session.<x>` names that say someone is signed in. */
const SESSION_LOGIN = /user|logged|login|auth|account|signed|member|uid|passport/i;
/** Variables that hold the requester or their claims (`const user = await User.findById(req.session.userId)`). */
const REQUESTER_VARIABLE = /^(?:user|currentUser|account|member|principal|claims|decoded|payload|session|me|requester|actor)$/i;
/** Where a client's own address is read: `req.ip`, `req.socket.remoteAddress`, `x-forwarded-for`. */
const CLIENT_ADDRESS = new Set(['ip', 'ips', 'remoteAddress']);
/** Status names that reject: `StatusCodes.UNAUTHORIZED`, `res.boom.forbidden()`. */
const REJECT_NAME = /^(?:UNAUTHORI[SZ]ED|FORBIDDEN|BAD_REQUEST|UNPROCESSABLE_ENTITY|TOO_MANY_REQUESTS|unauthori[sz]ed|forbidden|badRequest|badData|tooManyRequests)$/;
/** Schema methods that throw when the value does not fit, so no explicit rejection is needed. */
const THROWING_SCHEMA_METHODS = new Set(['parse', 'parseAsync', 'attempt', 'assert', 'validateSync', 'validateAsync']);

/** How many project functions deep a middleware's calls are read for what they verify. */
const MAX_CALL_DEPTH = 2;

/** The file a node of `index` lives in, for messages and the route map. */
export function fileOf(index: FileIndex): string | null {
  return projectScopeOf(index)?.file ?? null;
}

function evidence(text: string, node: Node, index: FileIndex, strong: boolean): Evidence {
  return { text, node, file: fileOf(index), strong };
}

/** The parameter variables of a function, by position (null where a parameter is not a plain identifier). */
function parameterVariables(fn: FunctionLike, index: FileIndex): (Variable | null)[] {
  const declared = index.sourceCode.getDeclaredVariables(fn);
  return fn.params
    .filter((param) => !(param.type === AST_NODE_TYPES.Identifier && param.name === 'this'))
    .map((param) => {
      const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      if (target.type !== AST_NODE_TYPES.Identifier) return null;
      return declared.find((variable) => variable.defs[0]?.name === target) ?? null;
    });
}

/** A short spelling of a callee for evidence: `jwt.verify`, `expressJwt`, `passport.authenticate`. */
export function calleeLabel(callee: Node): string {
  const inner = unwrap(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const object = unwrap(inner.object);
    const name = propertyName(inner) ?? '…';
    if (object.type === AST_NODE_TYPES.Identifier) return `${object.name}.${name}`;
    if (object.type === AST_NODE_TYPES.MemberExpression) return `${calleeLabel(object)}.${name}`;
    if (object.type === AST_NODE_TYPES.CallExpression) return `${calleeLabel(object.callee)}(…).${name}`;
    return name;
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) return `${calleeLabel(inner.callee)}(…)`;
  return 'a function';
}

/** `req.session.user.role` rooted at `req`: `['session', 'user', 'role']`; null when not rooted there. */
function pathFrom(node: Node, root: Variable | null, index: FileIndex): string[] | null {
  if (!root) return null;
  const path: string[] = [];
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(current);
    if (name === null) return null;
    path.unshift(name);
    current = unwrap(current.object);
  }
  if (current.type !== AST_NODE_TYPES.Identifier || index.variableOf(current) !== root) return null;
  return path;
}

/** The text of a member chain for evidence: `req.user.role`. */
function memberText(node: Node): string {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (inner.type === AST_NODE_TYPES.MemberExpression) return `${memberText(inner.object)}.${propertyName(inner) ?? '…'}`;
  if (inner.type === AST_NODE_TYPES.CallExpression) return `${memberText(inner.callee)}()`;
  return '…';
}

/** A constant a presence test compares with: `undefined`, `null`, `false`, `1`, `'true'`. */
const IS_CONSTANT = (node: Node): boolean => {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === 'undefined';
  return inner.type === AST_NODE_TYPES.Literal && !('regex' in inner);
};

/**
 * Whether a value is tested for presence: the test of an `if` or `?:`, under `!`, `&&`/`||`, or an
 * `== null`/`=== undefined`/`=== 1` comparison with a constant that is itself tested.
 */
function isTested(node: Node): boolean {
  let current: Node = node;
  for (let steps = 0; steps < 8; steps++) {
    const parent = current.parent;
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.LogicalExpression:
        break;
      case AST_NODE_TYPES.UnaryExpression:
        if (parent.operator !== '!') return false;
        break;
      case AST_NODE_TYPES.BinaryExpression:
        if (!['==', '===', '!=', '!=='].includes(parent.operator)) return false;
        if (!IS_CONSTANT(parent.left === current ? parent.right : parent.left)) return false;
        break;
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.WhileStatement:
        return parent.test === current;
      default:
        return false;
    }
    current = parent;
  }
  return false;
}

/** Whether a value is compared with something (`===`, `!==`, `includes`, `indexOf`, `some`, `has`, `equals`) or tested. */
function isComparedOrTested(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.BinaryExpression && ['==', '===', '!=', '!=='].includes(parent.operator)) return true;
  if (parent.type === AST_NODE_TYPES.SwitchStatement && parent.discriminant === node) return true;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
    const method = propertyName(parent);
    const call = parent.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent && method !== null) {
      return ['includes', 'indexOf', 'some', 'every', 'has', 'equals', 'find', 'startsWith'].includes(method);
    }
    return false;
  }
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    const callee = unwrap(parent.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
    return method === 'includes' || method === 'indexOf' || method === 'has' || method === 'equals';
  }
  return isTested(node);
}

/** A number a status argument holds: a literal, or a constant name that says what it rejects. */
function rejectingStatus(node: Node | undefined): number | null {
  if (!node) return null;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'number') return inner.value;
  const name = inner.type === AST_NODE_TYPES.MemberExpression ? propertyName(inner) : inner.type === AST_NODE_TYPES.Identifier ? inner.name : null;
  if (name !== null && REJECT_NAME.test(name)) return /TOO_MANY/i.test(name) ? 429 : 403;
  return null;
}

/** Walks a function once and collects what its own body shows (the functions it calls are read apart). */
function directSignalsOf(fn: FunctionLike, index: FileIndex): Signals {
  const [req = null, res = null, next = null] = parameterVariables(fn, index);
  const signals: Signals = {
    authentication: null,
    authorization: null,
    validation: null,
    headers: null,
    rateLimit: null,
    rejects: false,
    countsByClient: null,
    guestGate: false,
    calls: [],
  };
  let readsClientAddress: Node | null = null;
  let counts = false;
  const isResponse = (node: Node): boolean => {
    const inner = unwrap(node);
    if (inner.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = index.variableOf(inner);
    return res !== null ? variable === res : /^res(?:ponse)?$/.test(inner.name);
  };
  const isNext = (node: Node): boolean => {
    const inner = unwrap(node);
    return inner.type === AST_NODE_TYPES.Identifier && next !== null && index.variableOf(inner) === next;
  };
  const set = (kind: EvidenceKind, found: Evidence): void => note(signals, kind, found);
  /** A guest-only gate (`if (!req.isAuthenticated()) return next()`) lets through whom it tests for absence. */
  const letsGuestsThrough = (test: Node, presence = true): boolean => {
    const branch = guestBranch(test, presence);
    const through = branch.some((part) => callsNext(part, isNext, index));
    if (through) signals.guestGate = true;
    return through;
  };
  const fromRequest = (node: Node): boolean => pathFrom(node, req, index) !== null || derivesFromRequest(node, req, index);

  walk(fn.body, index.sourceCode.visitorKeys, (node) => {
    switch (node.type) {
      case AST_NODE_TYPES.ThrowStatement:
        signals.rejects = true;
        return undefined;
      case AST_NODE_TYPES.UpdateExpression:
        counts = true;
        return undefined;
      case AST_NODE_TYPES.BinaryExpression:
        if (node.operator === '+' && [node.left, node.right].some((side) => side.type === AST_NODE_TYPES.Literal && side.value === 1)) counts = true;
        return undefined;
      case AST_NODE_TYPES.AssignmentExpression:
        if (node.operator === '+=') counts = true;
        if (node.left.type === AST_NODE_TYPES.MemberExpression && propertyName(node.left) === 'statusCode' && isResponse(node.left.object)) {
          const status = rejectingStatus(node.right);
          if (status !== null && status >= 400) signals.rejects = true;
          if (status === 429) set('rateLimit', evidence('answers 429', node, index, true));
        }
        return undefined;
      case AST_NODE_TYPES.MemberExpression: {
        const path = pathFrom(node, req, index);
        if (path) {
          noteRequestRead(node, path, index, set, letsGuestsThrough);
          if (CLIENT_ADDRESS.has(path[path.length - 1]!)) readsClientAddress ??= node;
        } else {
          noteRequesterVariable(node, index, set);
        }
        return undefined;
      }
      case AST_NODE_TYPES.CallExpression:
        noteCall(node);
        return undefined;
      default:
        return undefined;
    }
  });

  function noteCall(call: TSESTree.CallExpression): void {
    const callee = unwrap(call.callee);
    // next(err), next(createError(401)): an error passed on ends the request.
    if (isNext(callee)) {
      const first = call.arguments[0];
      if (first && literalString(first) !== 'route' && literalString(first) !== 'router') signals.rejects = true;
      return;
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = propertyName(callee);
      if (method !== null && isResponseChain(callee.object, isResponse)) {
        noteResponseCall(call, method);
        return;
      }
      if (method === 'isAuthenticated' || method === 'isUnauthenticated') {
        const signedIn = method === 'isAuthenticated';
        if (pathFrom(callee.object, req, index)?.length === 0 && isTested(call) && !letsGuestsThrough(call, signedIn)) {
          set('authentication', evidence(`checks ${memberText(callee)}()`, call, index, false));
        }
        return;
      }
      if (method === 'get' && pathFrom(callee.object, req, index)?.length === 0 && /^x-forwarded-for$/i.test(literalString(call.arguments[0]) ?? '')) {
        readsClientAddress ??= call;
      }
      if (method !== null && ['incr', 'increment', 'incrBy', 'consume', 'hit'].includes(method)) counts = true;
    }
    const origin = index.originOf(call.callee);
    if (origin && !isRelativeSpecifier(origin.module)) {
      noteModuleCall(call, origin.module, origin.path[0]);
      return;
    }
    if (isValidationCall(call, index) && call.arguments.some((argument) => fromRequest(argument))) {
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
      set('validation', evidence(`calls ${calleeLabel(call.callee)}`, call, index, THROWING_SCHEMA_METHODS.has(method ?? '')));
      return;
    }
    if (call.arguments.some((argument) => fromRequest(argument) || isResponse(argument))) signals.calls.push(call);
  }

  function noteModuleCall(call: TSESTree.CallExpression, module: string, exported: string | undefined): void {
    const label = calleeLabel(call.callee);
    const verifies = VERIFIERS[module];
    if (verifies && (verifies.includes('*') || (exported !== undefined && verifies.includes(exported)))) {
      set('authentication', evidence(`calls ${label}`, call, index, true));
    } else if (PERMISSION_MODULES.has(module)) {
      set('authorization', evidence(`calls ${label}`, call, index, true));
    } else if (HEADER_MODULES.has(module)) {
      set('headers', evidence(`calls ${label}`, call, index, true));
    } else if (LIMITER_MIDDLEWARE_MODULES.has(module)) {
      set('rateLimit', evidence(`calls ${label}`, call, index, true));
    } else if (isValidationCall(call, index) && call.arguments.some((argument) => fromRequest(argument))) {
      set('validation', evidence(`calls ${label}`, call, index, true));
    }
  }

  function noteResponseCall(call: TSESTree.CallExpression, method: string): void {
    if (method === 'status' || method === 'sendStatus' || method === 'send' || method === 'writeHead') {
      const status = rejectingStatus(call.arguments[0]);
      if (status !== null && status >= 400) signals.rejects = true;
      if (status === 429) set('rateLimit', evidence(`answers 429`, call, index, true));
    } else if (method === 'redirect' || REJECT_NAME.test(method)) {
      signals.rejects = true;
    } else if (HEADER_SETTERS.has(method)) {
      const header = securityHeaderOf(call);
      if (header) set('headers', evidence(`sets ${header}`, call, index, true));
    }
  }

  if (readsClientAddress && counts) signals.countsByClient = evidence(`counts requests per ${memberText(readsClientAddress)}`, readsClientAddress, index, true);
  return signals;
}

/** `res`, `res.status(401)`, `res.boom`: a chain that starts at the response. */
function isResponseChain(node: Node, isResponse: (node: Node) => boolean): boolean {
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.MemberExpression) {
    if (isResponse(current)) return true;
    current = unwrap(current.type === AST_NODE_TYPES.CallExpression ? current.callee : current.object);
  }
  return isResponse(current);
}

/** A call whose result is not used as a value (`check_logged(req, res);`, `return verify(req, res, next)`). */
function calledForEffect(call: TSESTree.CallExpression): boolean {
  let current: Node = call;
  while (current.parent?.type === AST_NODE_TYPES.AwaitExpression) current = current.parent;
  const parent = current.parent;
  return parent?.type === AST_NODE_TYPES.ExpressionStatement || parent?.type === AST_NODE_TYPES.ReturnStatement;
}

/** The security header a `res.setHeader(name, v)` / `res.set({ name: v })` call sets, as written. */
function securityHeaderOf(call: TSESTree.CallExpression): string | null {
  const first = call.arguments[0];
  if (!first) return null;
  const name = literalString(first);
  if (name !== null) return SECURITY_HEADERS.has(name.toLowerCase()) ? name : null;
  const inner = unwrap(first);
  if (inner.type !== AST_NODE_TYPES.ObjectExpression) return null;
  for (const property of inner.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propertyName(property);
    if (key !== null && SECURITY_HEADERS.has(key.toLowerCase())) return key;
  }
  return null;
}

/**
 * Whether a value is read from the request: rooted at it (`req.headers.authorization`), or held in a
 * binding whose value is, two bindings deep (`const header = req.headers.authorization;
 * const token = header && header.split(' ')[1]`).
 */
function derivesFromRequest(node: Node, req: Variable | null, index: FileIndex, depth = 0): boolean {
  if (!req) return false;
  let found = false;
  walk(unwrap(node), index.sourceCode.visitorKeys, (child) => {
    if (found || isFunctionLike(child)) return false;
    if (child.type === AST_NODE_TYPES.MemberExpression && child.computed === false) {
      // Only the object of `a.b` is a reference; its property name is not.
      if (derivesFromRequest(child.object, req, index, depth)) found = true;
      return false;
    }
    if (child.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = index.variableOf(child);
    if (variable === req) found = true;
    else if (depth < 2) {
      const def = variable?.defs[0];
      if (def?.type === 'Variable' && def.node.init && derivesFromRequest(def.node.init, req, index, depth + 1)) found = true;
    }
    return undefined;
  });
  return found;
}

type Setter = (kind: 'authentication' | 'authorization', found: Evidence) => void;

/** A constant that a value compared equal to is absent: `null`, `undefined`, `false`, `0`, `''`. */
function isAbsentConstant(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === 'undefined';
  return inner.type === AST_NODE_TYPES.Literal && !('regex' in inner) && !inner.value;
}

/**
 * The branch a presence test takes when nobody is signed in: the `if`'s consequent when the test
 * holds for a guest (`!req.user`, `req.session.logged == undefined`), its alternate otherwise.
 * `presence` is false for a test that is true for a guest by itself (`req.isUnauthenticated()`).
 * Empty when the test is not an `if` or `?:` test, or the branch cannot be told.
 */
function guestBranch(test: Node, presence: boolean): Node[] {
  let forGuest = !presence;
  let current: Node = test;
  for (let steps = 0; steps < 8; steps++) {
    const parent = current.parent;
    if (!parent) return [];
    if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') forGuest = !forGuest;
    else if (parent.type === AST_NODE_TYPES.BinaryExpression) {
      const other = parent.left === current ? parent.right : parent.left;
      const equal = parent.operator === '==' || parent.operator === '===';
      if (equal === isAbsentConstant(other)) forGuest = !forGuest;
    } else if (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) {
      if (parent.test !== current) return [];
      if (forGuest) return [parent.consequent];
      if (parent.alternate) return [parent.alternate];
      // `if (req.user) return res.redirect('/'); next();`: a guest goes on past the `if`.
      return parent.type === AST_NODE_TYPES.IfStatement && exits(parent.consequent) ? statementsAfter(parent) : [];
    } else if (parent.type !== AST_NODE_TYPES.LogicalExpression && parent.type !== AST_NODE_TYPES.ChainExpression) {
      return [];
    }
    current = parent;
  }
  return [];
}

/** A statement that always leaves the function: `return …`, `throw …`, or a block that ends with one. */
function exits(statement: Node): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (statement.type === AST_NODE_TYPES.BlockStatement) {
    const last = statement.body[statement.body.length - 1];
    return last !== undefined && exits(last);
  }
  return false;
}

/** The statements after one in its block. */
function statementsAfter(statement: Node): Node[] {
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return [];
  const position = block.body.indexOf(statement as TSESTree.Statement);
  return block.body.slice(position + 1);
}

/** Whether a branch passes the request on: `next()` with no argument. */
function callsNext(branch: Node, isNext: (node: Node) => boolean, index: FileIndex): boolean {
  let found = false;
  walk(branch, index.sourceCode.visitorKeys, (node) => {
    if (found || isFunctionLike(node)) return false;
    if (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length === 0 && isNext(node.callee)) found = true;
    return undefined;
  });
  return found;
}

/** A read rooted at the request: `req.user` tested, `req.session.userId` tested, `req.user.role` compared. */
function noteRequestRead(
  node: TSESTree.MemberExpression,
  path: readonly string[],
  index: FileIndex,
  set: Setter,
  letsGuestsThrough: (test: Node) => boolean,
): void {
  const last = path[path.length - 1]!;
  const requester = requesterPrefix(path);
  if (requester === null) return;
  const rest = path.slice(requester);
  if (rest.length === 0) {
    if (isTested(node) && !letsGuestsThrough(node)) set('authentication', evidence(`checks ${memberText(node)}`, node, index, false));
    return;
  }
  if (ROLE_PROPERTY.test(last) && isComparedOrTested(node)) {
    set('authorization', evidence(`compares ${memberText(node)}`, node, index, false));
  } else if (ID_PROPERTY.test(last) && rest.length === 1 && comparedWithOther(node)) {
    set('authorization', evidence(`compares ${memberText(node)} with ${memberText(otherSide(node)!)}`, node, index, false));
  } else if (rest.length === 1 && path[0] === 'session' && isTested(node) && !letsGuestsThrough(node)) {
    set('authentication', evidence(`checks ${memberText(node)}`, node, index, false));
  }
}

/**
 * How many leading steps of a request path name the requester: `user` (req.user), `session.user`
 * (req.session.user), `session` + a login key; null when the path is not about the requester.
 */
function requesterPrefix(path: readonly string[]): number | null {
  const [first, second] = path;
  if (first === undefined) return null;
  if (REQUESTER_PROPERTY.test(first)) return 1;
  if (first === 'session' && second !== undefined) {
    if (REQUESTER_PROPERTY.test(second)) return 2;
    if (SESSION_LOGIN.test(second) || ID_PROPERTY.test(second)) return path.length === 2 ? 1 : null;
    if (ROLE_PROPERTY.test(second)) return 1;
  }
  if (first === 'locals') return null;
  return null;
}

/** `user.isAdmin`, `decoded.role`, `res.locals.user.role` where the holder names the requester. */
function noteRequesterVariable(node: TSESTree.MemberExpression, index: FileIndex, set: Setter): void {
  const name = propertyName(node);
  if (name === null || !ROLE_PROPERTY.test(name)) return;
  const object = unwrap(node.object);
  const holder =
    object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? propertyName(object) : null;
  if (holder === null || !REQUESTER_VARIABLE.test(holder)) return;
  if (object.type === AST_NODE_TYPES.Identifier && index.variableOf(object) === null && object.name !== 'user') return;
  if (isComparedOrTested(node)) set('authorization', evidence(`compares ${memberText(node)}`, node, index, false));
}

/** The other operand of an (in)equality. */
function otherSide(node: Node): Node | null {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.BinaryExpression && ['==', '===', '!=', '!=='].includes(parent.operator)) {
    return parent.left === node ? parent.right : parent.left;
  }
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node) {
    const callee = unwrap(parent.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'equals') return callee.object;
  }
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node && isConversion(parent.callee)) return otherSide(parent);
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && propertyName(parent) === 'toString') {
    const call = parent.parent;
    return call?.type === AST_NODE_TYPES.CallExpression ? otherSide(call) : null;
  }
  return null;
}

/** `String(x)`, `Number(x)`, `parseInt(x)`: the compared value is still `x`. */
function isConversion(callee: Node): boolean {
  const inner = unwrap(callee);
  return inner.type === AST_NODE_TYPES.Identifier && ['String', 'Number', 'parseInt', 'BigInt'].includes(inner.name);
}

/** `req.user.id === post.authorId`, `req.user.id !== req.params.id`: compared with a value, not a constant. */
function comparedWithOther(node: Node): boolean {
  const other = otherSide(node);
  if (!other) return false;
  const inner = unwrap(other);
  return inner.type !== AST_NODE_TYPES.Literal && !(inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined');
}

type EvidenceKind = 'authentication' | 'authorization' | 'validation' | 'headers' | 'rateLimit';
const EVIDENCE_KINDS: readonly EvidenceKind[] = ['authentication', 'authorization', 'validation', 'headers', 'rateLimit'];

/** Keeps the first evidence of a kind, or the first strong one. */
function note(signals: Signals, kind: EvidenceKind, found: Evidence): void {
  const known = signals[kind];
  if (!known || (!known.strong && found.strong)) signals[kind] = found;
}

/** A function's own signals, walked once per function. */
const directSignals = nodeMemo('direct signals', (fn: Node, index: FileIndex) => directSignalsOf(fn as FunctionLike, index));

/** The project function a call runs, resolved once per call. */
const calledFunction = nodeMemo('called functions', (call: Node, index: FileIndex) => resolveProjectFunction((call as TSESTree.CallExpression).callee, index));

/**
 * A function's signals with those of the project functions it hands the request to, up to
 * `MAX_CALL_DEPTH` calls deep: `verifyUser(req.headers.authorization)` shows what `verifyUser`
 * does. The same answer whichever function asks first: every level reads the memoized direct signals.
 */
function signalsWithCalls(fn: FunctionLike, index: FileIndex, depth: number, seen: Set<Node>): Signals {
  const own = directSignals(fn, index);
  if (depth >= MAX_CALL_DEPTH || own.calls.length === 0) return own;
  const combined: Signals = { ...own };
  seen.add(fn);
  for (const call of own.calls) {
    const defined = calledFunction(call, index);
    if (!defined || seen.has(defined.fn)) continue;
    const inner = signalsWithCalls(defined.fn, defined.index, depth + 1, seen);
    const label = calleeLabel(call.callee);
    for (const kind of EVIDENCE_KINDS) {
      const found = inner[kind];
      if (found) note(combined, kind, { ...found, text: `calls ${label}: ${found.text}` });
    }
    if (inner.rejects && calledForEffect(call)) combined.rejects = true;
  }
  seen.delete(fn);
  return combined;
}

/**
 * What a middleware function does, from its body: computed once per function and kept with its
 * tree. A check (`req.user` or a role tested, a schema run) counts only when the function also
 * rejects what fails it; a verifier, a security header, a 429 count by themselves.
 */
export const behaviourOf = nodeMemo('middleware behaviour', (fn: Node, index: FileIndex): Behaviour => {
  const signals = signalsWithCalls(fn as FunctionLike, index, 0, new Set());
  const kinds = new Map<DefenseKind, Evidence>();
  if (signals.authentication && (signals.authentication.strong || signals.rejects)) kinds.set('authentication', signals.authentication);
  if (signals.authorization && (signals.authorization.strong || signals.rejects)) kinds.set('authorization', signals.authorization);
  if (signals.validation && (signals.validation.strong || signals.rejects)) kinds.set('validation', signals.validation);
  if (signals.headers) kinds.set('headers', signals.headers);
  const rateLimit = signals.rateLimit ?? (signals.rejects ? signals.countsByClient : null);
  if (rateLimit) kinds.set('rateLimit', rateLimit);
  if (kinds.size === 0 && signals.guestGate) guestOnly.add(kinds);
  return kinds;
});

const guestOnly = new WeakSet<Behaviour>();

/** Whether a behaviour is that of a guest-only gate (`isNotAuthenticated`): no defense, whatever its name says. */
export function isGuestOnly(behaviour: Behaviour): boolean {
  return guestOnly.has(behaviour);
}

/** Whether a function is shaped like middleware: it takes the request and the response (and `next`). */
export function isMiddlewareShaped(fn: FunctionLike): boolean {
  const params = fn.params.filter((param) => !(param.type === AST_NODE_TYPES.Identifier && param.name === 'this'));
  return params.length >= 2 && params.length <= 4;
}

export { isFunctionLike };

/** Response methods that answer the request. */
const RESPONDING_METHODS = new Set(['send', 'json', 'jsonp', 'render', 'redirect', 'end', 'sendFile', 'sendStatus', 'download', 'write', 'writeHead', 'attachment', 'format']);

/**
 * Whether a function behaves as a route handler: it ends the chain (takes no `next`), or it
 * answers the request through its response (`res.json(…)`, `res.status(404).end()`).
 */
export const behavesAsHandler = nodeMemo('handler behaviour', (fn: Node, index: FileIndex): boolean => {
  const params = parameterVariables(fn as FunctionLike, index);
  if (params.length < 2) return false;
  if (params.length === 2) return true;
  const res = params[1];
  if (!res) return false;
  let responds = false;
  walk((fn as FunctionLike).body, index.sourceCode.visitorKeys, (node) => {
    if (responds) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = unwrap(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !RESPONDING_METHODS.has(propertyName(callee) ?? '')) return undefined;
    if (isResponseChain(callee.object, (candidate) => candidate.type === AST_NODE_TYPES.Identifier && index.variableOf(candidate) === res)) responds = true;
    return undefined;
  });
  return responds;
});
