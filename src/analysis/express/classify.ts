import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../ast';
import { propertyName, unwrap } from '../ast';
import type { FileIndex, ModuleOrigin } from '../file-index';
import type { DefenseKind, ExpressSecuritySettings } from '../settings';

export type Classification = { kinds: Set<DefenseKind>; via: 'module' | 'name' | 'settings' | 'none' };

/** What a module's middleware provides: a default, and exports that provide something else. */
interface ModuleDefense {
  kind: DefenseKind | null;
  exports?: Record<string, DefenseKind | null>;
}

/** Modules whose middleware provides a defense, by the defense. */
export const DEFENSE_MODULES: Readonly<Record<string, ModuleDefense>> = {
  helmet: { kind: 'headers' },
  lusca: { kind: 'headers' },
  'express-rate-limit': { kind: 'rateLimit' },
  'express-slow-down': { kind: 'rateLimit' },
  'rate-limiter-flexible': { kind: 'rateLimit' },
  'express-brute': { kind: 'rateLimit' },
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
  passport: { kind: 'authentication', exports: { initialize: null, session: 'authentication' } },
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
  'express-jwt-permissions': { kind: 'authorization' },
  accesscontrol: { kind: 'authorization' },
  casbin: { kind: 'authorization' },
  '@casl/ability': { kind: 'authorization' },
  '@casl/express': { kind: 'authorization' },
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

/** By module first, then by the user's settings, then by name. */
export function classifyMiddleware(
  node: Node,
  index: FileIndex,
  settings: ExpressSecuritySettings,
): Classification {
  const origin = index.originOf(node);
  if (origin) {
    const kind = defenseOfModule(origin);
    if (kind !== undefined) return { kinds: new Set(kind ? [kind] : []), via: 'module' };
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
  for (const [kind, pattern] of NAME_PATTERNS) {
    if (names.some((name) => pattern.test(name))) return { kinds: new Set([kind]), via: 'name' };
  }
  return { kinds: new Set(), via: 'none' };
}

function namesThroughBinding(node: Node, index: FileIndex): string[] {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return [];
  const def = index.variableOf(inner)?.defs[0];
  if (def?.type !== 'Variable' || !def.node.init) return [];
  return middlewareNames(def.node.init as TSESTree.Expression);
}
