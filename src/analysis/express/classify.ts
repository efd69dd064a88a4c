import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node, Variable } from '../engine/ast';
import { isFunctionLike, propertyName, returnedExpressions, unwrap } from '../engine/ast';
import { keyedSlot, keyedValues, nodeMemo, storeOf } from '../engine/store';
import { resolveForeignExpression, resolveProjectFunction } from '../cross-file/exports';
import type { FileIndex, ModuleOrigin } from '../engine/file-index';
import { initOf } from '../engine/file-index';
import { isRelativeSpecifier } from '../engine/modules';
import type { DefenseKind, ExpressSecuritySettings } from '../engine/settings';
import { DEFENSE_KINDS } from '../engine/settings';
import { HEADER_MODULES } from '../libraries/headers';
import { LIMITER_MIDDLEWARE_MODULES } from '../libraries/limiters';
import { PERMISSION_MODULES } from '../libraries/permissions';
import type { Behaviour, Evidence } from './behaviour';
import { behavesAsHandler, behaviourOf, calleeLabel, fileOf, isGuestOnly, isMiddlewareShaped } from './behaviour';

/** Why a middleware counts as what it is: `calls jwt.verify` at a node of a file. */
export type Reason = Pick<Evidence, 'text' | 'node' | 'file'>;

export interface Classification {
  kinds: Set<DefenseKind>;
  /** What decided: the middleware's own definition, its module, the user's settings, its name, or nothing. */
  via: 'definition' | 'module' | 'name' | 'settings' | 'none';
  /** For each kind, why it counts (from the definition or the module); absent for settings and names. */
  reasons?: ReadonlyMap<DefenseKind, Reason>;
}

/** What a module's middleware provides: a default, and exports that provide something else. */
interface ModuleDefense {
  kind: DefenseKind | null;
  exports?: Record<string, DefenseKind | null>;
}

/** Each module of a list, providing one defense. */
function providing(modules: ReadonlySet<string>, kind: DefenseKind): Record<string, ModuleDefense> {
  return Object.fromEntries([...modules].map((module) => [module, { kind }]));
}

/** Modules whose middleware provides a defense, by the defense. */
export const DEFENSE_MODULES: Readonly<Record<string, ModuleDefense>> = {
  ...providing(HEADER_MODULES, 'headers'),
  ...providing(LIMITER_MIDDLEWARE_MODULES, 'rateLimit'),
  'express-validator': {
    kind: 'validation',
    exports: { validationResult: null, matchedData: null },
  },
  celebrate: { kind: 'validation', exports: { errors: null, isCelebrateError: null } },
  'zod-express-middleware': { kind: 'validation' },
  'express-zod-api': { kind: 'validation' },
  'express-json-validator-middleware': { kind: 'validation' },
  'express-joi-validation': { kind: 'validation' },
  'express-openapi-validator': { kind: 'validation' },
  'express-zod-safe': { kind: 'validation' },
  // `passport.initialize()` and `passport.session()` restore a session on every request and let every
  // request through: no gate. `passport.authenticate(...)` is one.
  passport: { kind: 'authentication', exports: { initialize: null, session: null, use: null, serializeUser: null, deserializeUser: null } },
  'express-jwt': { kind: 'authentication' },
  'express-oauth2-jwt-bearer': {
    kind: 'authentication',
    exports: {
      requiredScopes: 'authorization',
      scopeIncludesAny: 'authorization',
      claimCheck: 'authorization',
      claimEquals: 'authorization',
      claimIncludes: 'authorization',
    },
  },
  'express-openid-connect': {
    kind: 'authentication',
    exports: {
      auth: null,
      claimCheck: 'authorization',
      claimEquals: 'authorization',
      claimIncludes: 'authorization',
    },
  },
  'connect-ensure-login': { kind: 'authentication' },
  'express-basic-auth': { kind: 'authentication' },
  ...providing(PERMISSION_MODULES, 'authorization'),
};

/** Name patterns, tried when the module does not tell. Authorization first: its names often contain "auth". */
const NAME_PATTERNS: readonly [DefenseKind, RegExp][] = [
  ['headers', /^(?:helmet|lusca|secureHeaders|securityHeaders|setSecurityHeaders|csp)$/i],
  ['rateLimit', /rate_?limit|limiter|throttl|slow_?down|brute/i],
  ['validation', /validat|sanitiz|celebrate|checkSchema|zValidator/i],
  [
    'authorization',
    /authori[sz]|permission|permit|role|owner|^can(?:[A-Z_]|$)|guard|polic|acl$|^acl|abilit|isAdmin|requireAdmin|adminOnly|onlyAdmin|ensureAdmin|checkAdmin|scopes?$|enforce|isAllowed|allowOnly/i,
  ],
  [
    'authentication',
    /^auth$|authenticat|requireAuth|ensureAuth|checkAuth|isAuth|verifyAuth|authMiddleware|authRequired|requiresAuth|^requireUser$|login|logged_?in|signed_?in|verify_?token|verify_?jwt|check_?jwt|jwt_?auth|^jwt$|requireJwt|^protect(?:ed)?$|requireSession|bearer/i,
  ],
];

function defenseOfModule(origin: ModuleOrigin): DefenseKind | null | undefined {
  const entry = DEFENSE_MODULES[origin.module];
  if (!entry) return undefined;
  const exported = origin.path[0];
  if (exported !== undefined && entry.exports && exported in entry.exports) return entry.exports[exported];
  return entry.kind;
}

/** The names a middleware expression is spelled with: `auth.requireRole('x')` -> `requireRole`, `auth.requireRole`. */
export function middlewareNames(node: Node): string[] {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.CallExpression) return middlewareNames(inner.callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return [inner.name];
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const property = propertyName(inner);
    if (property === null) return [];
    const object = unwrap(inner.object);
    const names = [property];
    if (object.type === AST_NODE_TYPES.Identifier) names.push(`${object.name}.${property}`);
    return names;
  }
  return [];
}

/**
 * By module first, then by the user's settings, then by what the middleware's definition does
 * (in this file or a project file it imports: a `validateToken` that verifies a JWT authenticates),
 * and by name only when neither shows anything.
 */
export function classifyMiddleware(
  node: Node,
  index: FileIndex,
  settings: ExpressSecuritySettings,
): Classification {
  const origin = index.originOf(node);
  if (origin) {
    const kind = defenseOfModule(origin);
    if (kind !== undefined) {
      const kinds = new Set(kind ? [kind] : []);
      const reasons = new Map<DefenseKind, Reason>(kind ? [[kind, { text: `module ${origin.module}`, node, file: fileOf(index) }]] : []);
      return { kinds, via: 'module', reasons };
    }
  }
  const names = middlewareNames(node);
  // A `const requireJwt = expressjwt(...)` binding: the value's module tells, not the name.
  const identifierInit = namesThroughBinding(node, index);
  const settingsKinds = new Set<DefenseKind>();
  for (const [kind, known] of Object.entries(settings.middleware) as [DefenseKind, ReadonlySet<string>][]) {
    if (names.some((name) => known.has(name)) || identifierInit.some((name) => known.has(name))) {
      settingsKinds.add(kind);
    }
  }
  if (settingsKinds.size > 0) return { kinds: settingsKinds, via: 'settings' };
  const nameKind = kindByName(names);
  const defined = definedBehaviour(node, index);
  if (defined && defined.size > 0) {
    const kinds = new Set(defined.keys());
    // An authorization middleware checks first that someone is signed in; a check the body shows
    // of that alone does not make its name wrong (the role check may sit where the syntax cannot see).
    const onlyWeakAuthentication = kinds.size === 1 && defined.get('authentication')?.strong === false;
    if (nameKind === 'authorization' && onlyWeakAuthentication) kinds.add('authorization');
    return { kinds, via: 'definition', reasons: defined };
  }
  // `isNotAuthenticated`: a gate that lets only guests through guards nothing, whatever its name says.
  if (defined && isGuestOnly(defined)) return { kinds: new Set(), via: 'definition' };
  if (nameKind) return { kinds: new Set([nameKind]), via: 'name' };
  return { kinds: new Set(), via: 'none' };
}

function kindByName(names: readonly string[]): DefenseKind | null {
  for (const [kind, pattern] of NAME_PATTERNS) {
    if (names.some((name) => pattern.test(name))) return kind;
  }
  return null;
}

/** How deep a middleware expression is followed through bindings and factories. */
const MAX_DEFINITION_DEPTH = 4;

/**
 * What the function a middleware expression stands for does: a middleware-shaped function of
 * this file or another project file (`isLoggedIn`, `auth.requireRole`), or the function a
 * project factory returns (`security.isAuthorized()`, `requireRole('admin')`, `validate(schema)`),
 * whose module calls count too (`() => expressJwt({ … })`). Null when the definition cannot be seen.
 */
function definedBehaviour(node: Node, index: FileIndex, depth = 0): Behaviour | null {
  if (depth > MAX_DEFINITION_DEPTH) return null;
  const inner = unwrap(node);
  if (isFunctionLike(inner)) return isMiddlewareShaped(inner) ? behaviourOf(inner, index) : null;
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const origin = index.originOf(inner.callee);
    if (origin && !isRelativeSpecifier(origin.module)) return moduleBehaviour(origin, inner, index);
    const key = referenceKey(inner.callee, index);
    const cached = key ? lookup(key, '()', index) : undefined;
    if (cached !== undefined) return cached;
    const factory = resolveProjectFunction(inner.callee, index);
    const found = factory ? returnedBehaviour(factory.fn, factory.index, depth + 1) : null;
    if (key) store(key, '()', found, index);
    return found;
  }
  if (inner.type !== AST_NODE_TYPES.Identifier && inner.type !== AST_NODE_TYPES.MemberExpression) return null;
  const key = referenceKey(inner, index);
  const cached = key ? lookup(key, '', index) : undefined;
  if (cached !== undefined) return cached;
  let found: Behaviour | null = null;
  const defined = resolveProjectFunction(inner, index);
  if (defined) {
    found = isMiddlewareShaped(defined.fn) ? behaviourOf(defined.fn, defined.index) : null;
  } else if (inner.type === AST_NODE_TYPES.Identifier && initOf(index.variableOf(inner))) {
    // `const isAuthorized = security.isAuthorized()`: what the factory call gives.
    const init = initOf(index.variableOf(inner))!;
    if (unwrap(init).type === AST_NODE_TYPES.CallExpression) found = definedBehaviour(init, index, depth + 1);
  } else {
    // `exports.authenticate = passport.authenticate('jwt')` in another file, read as `auth.authenticate`.
    const foreign = resolveForeignExpression(inner, index);
    if (foreign && unwrap(foreign.node).type === AST_NODE_TYPES.CallExpression) found = definedBehaviour(foreign.node, foreign.index, depth + 1);
  }
  if (key) store(key, '', found, index);
  return found;
}

/** What a project factory's returned functions do: the first that shows something. */
const returnedBehaviour = nodeMemo('returned behaviour', (fn: Node, index: FileIndex, depth: number): Behaviour | null => {
  let seen: Behaviour | null = null;
  for (const returned of returnedExpressions(fn as FunctionLike, index.sourceCode.visitorKeys)) {
    const found = definedBehaviour(returned, index, depth);
    if (found && found.size > 0) return found;
    seen ??= found;
  }
  return seen;
});

/** A module's middleware returned by a project factory (`return expressJwt({ … })`), as evidence. */
function moduleBehaviour(origin: ModuleOrigin, call: TSESTree.CallExpression, index: FileIndex): Behaviour | null {
  const kind = defenseOfModule(origin);
  if (kind === undefined) return null;
  const found = new Map<DefenseKind, Evidence>();
  if (kind) found.set(kind, { text: `calls ${calleeLabel(call.callee)}`, node: call, file: fileOf(index), strong: true });
  return found;
}

/** A middleware reference as a cache key: its root variable and the property path read from it. */
function referenceKey(node: Node, index: FileIndex): { variable: Variable; path: string } | null {
  const steps: string[] = [];
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(current);
    if (name === null) return null;
    steps.unshift(name);
    current = unwrap(current.object);
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = index.variableOf(current);
  return variable ? { variable, path: steps.join('.') } : null;
}

/**
 * Definitions found, per variable of the file and path read from it: `isLoggedIn` on forty routes
 * is resolved once. Variables belong to one file's scope analysis, so the cache lives and dies with it.
 */
const definitionsSlot = keyedSlot<Variable, Map<string, Behaviour | null>>('middleware definitions');

/** The definitions found for a variable of `index`'s file, by path. */
function definitionsOf(key: { variable: Variable; path: string }, index: FileIndex): Map<string, Behaviour | null> {
  const byVariable = keyedValues(storeOf(index), definitionsSlot);
  let byPath = byVariable.get(key.variable);
  if (!byPath) {
    byPath = new Map();
    byVariable.set(key.variable, byPath);
  }
  return byPath;
}

function lookup(key: { variable: Variable; path: string }, suffix: string, index: FileIndex): Behaviour | null | undefined {
  return definitionsOf(key, index).get(key.path + suffix);
}

function store(key: { variable: Variable; path: string }, suffix: string, found: Behaviour | null, index: FileIndex): void {
  definitionsOf(key, index).set(key.path + suffix, found);
}

/** The kinds in a stable order, for output. */
export function sortedKinds(kinds: ReadonlySet<DefenseKind>): DefenseKind[] {
  return DEFENSE_KINDS.filter((kind) => kinds.has(kind));
}

function namesThroughBinding(node: Node, index: FileIndex): string[] {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return [];
  const def = index.variableOf(inner)?.defs[0];
  if (def?.type !== 'Variable' || !def.node.init) return [];
  return middlewareNames(def.node.init as TSESTree.Expression);
}

/** Modules whose calls give middleware that never answers a request itself. */
const NEVER_HANDLER_MODULES = new Set(Object.keys(DEFENSE_MODULES).filter((module) => module !== 'passport'));

/**
 * Which of a route's arguments Express runs as its handler: the last that behaves as one. A
 * middleware call after it (`app.get('/x', show, guard.check('admin'))`, an express-validator
 * chain, a project guard factory) runs only if the handler passes the request on, so it is no
 * handler and guards nothing. When the arguments before such calls cannot be seen to answer the
 * request, the last argument stays the handler.
 */
export function handlerArgumentIndex(args: readonly TSESTree.CallExpressionArgument[], index: FileIndex): number {
  const last = args.length - 1;
  let position = last;
  while (position > 0 && isMiddlewareCall(args[position]!, index)) position--;
  if (position === last) return last;
  const candidate = resolveProjectFunction(args[position]!, index);
  return candidate && behavesAsHandler(candidate.fn, candidate.index) ? position : last;
}

function isMiddlewareCall(node: Node, index: FileIndex): boolean {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  const origin = index.originOf(inner);
  if (origin && !isRelativeSpecifier(origin.module)) return NEVER_HANDLER_MODULES.has(origin.module);
  const defined = definedBehaviour(inner, index);
  return defined !== null && defined.size > 0;
}
