import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { wordsOf } from '../engine/words';

/** The express type a parameter has: `Request` or `Response`, whatever the file calls it. */
export type ExpressParamType = 'Request' | 'Response' | null;

/**
 * What the checker says a receiver is: an express app or router; `other` when its type is known
 * and is not express's (a Koa router, an HTTP client); null when the checker does not know (`any`).
 */
export type ExpressInstanceType = 'app' | 'router' | 'other' | null;

/** Declarations from these files are express's (`@types/express`, `express-serve-static-core`). */
const EXPRESS_DECLARATION_FILE = /[\\/]@types[\\/]express(?:-serve-static-core)?[\\/]|[\\/]express[^\\/]*\.d\.ts$/;

/** Express's own names for an app and a router, in `@types/express` and `express-serve-static-core`. */
const INSTANCE_KIND_OF_TYPE = new Map<string, 'app' | 'router'>([
  ['Express', 'app'],
  ['Application', 'app'],
  ['Router', 'router'],
  ['IRouter', 'router'],
]);

/** How deep the search goes through unions, intersections, constraints and base types. */
const MAX_BASE_DEPTH = 4;

interface TypeServices {
  checker: ts.TypeChecker;
  typeAt(node: TSESTree.Node): ts.Type | null;
}

/** The type checker and a node-to-type lookup, when the file is linted with type information. */
function typeServices(sourceCode: Readonly<TSESLint.SourceCode>): TypeServices | null {
  const services = sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return null;
  const checker = services.program.getTypeChecker();
  const nodeMap = services.esTreeNodeToTSNodeMap;
  return {
    checker,
    typeAt(node) {
      const tsNode = nodeMap.get(node);
      return tsNode ? checker.getTypeAtLocation(tsNode) : null;
    },
  };
}

function isDeclaredByExpress(symbol: ts.Symbol | undefined): boolean {
  const declarations = symbol?.getDeclarations() ?? [];
  return declarations.some((declaration) => EXPRESS_DECLARATION_FILE.test(declaration.getSourceFile().fileName));
}

/**
 * With typed linting (`parserServices.program`), the express type of a parameter read from the
 * type checker, so that aliases (`type Req = Request`) and imported handler types count.
 * Null without type information: the model then stays syntax-only.
 */
export function expressParamTypes(
  sourceCode: Readonly<TSESLint.SourceCode>,
): ((param: TSESTree.Node) => ExpressParamType) | null {
  const services = typeServices(sourceCode);
  if (!services) return null;
  return (param) => {
    const type = services.typeAt(param);
    const symbol = type ? (type.aliasSymbol ?? type.getSymbol()) : undefined;
    const name = symbol?.getName();
    if (name !== 'Request' && name !== 'Response') return null;
    return isDeclaredByExpress(symbol) ? name : null;
  };
}

/**
 * With typed linting, whether an expression (`api`, `deps.router`, `this.server`) is an express
 * app or router by its type, whatever it is called and however it reached the file: an import,
 * a parameter typed through an alias, a property. Null without type information.
 */
export function expressInstanceTypes(
  sourceCode: Readonly<TSESLint.SourceCode>,
): ((node: TSESTree.Node) => ExpressInstanceType) | null {
  const services = typeServices(sourceCode);
  if (!services) return null;
  return (node) => {
    const type = services.typeAt(node);
    return type ? instanceKindOf(services.checker, services.checker.getNonNullableType(type), 0) : null;
  };
}

function expressKindOf(symbol: ts.Symbol | undefined): 'app' | 'router' | null {
  const kind = symbol ? INSTANCE_KIND_OF_TYPE.get(symbol.getName()) : undefined;
  return kind && isDeclaredByExpress(symbol) ? kind : null;
}

function instanceKindOf(checker: ts.TypeChecker, type: ts.Type, depth: number): ExpressInstanceType {
  const symbol = type.getSymbol();
  const own = expressKindOf(type.aliasSymbol) ?? expressKindOf(symbol);
  if (own) return own;
  if (depth >= MAX_BASE_DEPTH) return null;
  if (type.isIntersection()) return kindOfIntersection(checker, type.types, depth);
  if (type.isUnion()) return kindOfUnion(checker, type.types, depth);
  if (type.isTypeParameter()) {
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint && constraint !== type ? instanceKindOf(checker, constraint, depth + 1) : null;
  }
  // `any`, `unknown` and unresolved types have no symbol: the checker does not know what it is.
  if (!symbol) return null;
  return inheritedKindOf(checker, type, depth) ?? 'other';
}

/** `interface AppRouter extends Router {}`: an instance by an express base type. */
function inheritedKindOf(checker: ts.TypeChecker, type: ts.Type, depth: number): 'app' | 'router' | null {
  if (!type.isClassOrInterface()) return null;
  for (const base of checker.getBaseTypes(type)) {
    const inherited = instanceKindOf(checker, base, depth + 1);
    if (inherited === 'app' || inherited === 'router') return inherited;
  }
  return null;
}

/** `Router & Extras`: an express instance with more on it. */
function kindOfIntersection(checker: ts.TypeChecker, parts: readonly ts.Type[], depth: number): ExpressInstanceType {
  const kinds = parts.map((part) => instanceKindOf(checker, part, depth + 1));
  return kinds.find((kind) => kind === 'app' || kind === 'router') ?? (kinds.includes(null) ? null : 'other');
}

/** `Express | Router`: an instance when every member is one (an app when any member is an app). */
function kindOfUnion(checker: ts.TypeChecker, parts: readonly ts.Type[], depth: number): ExpressInstanceType {
  const kinds = parts.map((part) => instanceKindOf(checker, part, depth + 1));
  if (kinds.every((kind) => kind === 'app' || kind === 'router')) return kinds.includes('app') ? 'app' : 'router';
  return kinds.includes(null) ? null : 'other';
}

/** `ts.SymbolFlags.Namespace`: typescript is no runtime dependency of the plugin, so its enum values are written out. */
const NAMESPACE_SYMBOL = 1920 as ts.SymbolFlags;
/** `ts.TypeFlags.Any | ts.TypeFlags.Unknown`: types the checker does not know (an unresolved type is `any` too). */
const UNKNOWN_TYPE = 3 as ts.TypeFlags;
/** `ts.TypeFlags.Object | ts.TypeFlags.Intersection`: interfaces, classes, object literal types, `Doc & Extras`. */
const OBJECT_TYPE = (524_288 | 2_097_152) as ts.TypeFlags;
/** Words that say a name is about the signed-in principal: `account`, `AuthUser`, `JwtClaims`, `currentIdentity`. */
const PRINCIPAL_WORDS = new Set(['user', 'account', 'principal', 'identity', 'auth', 'claims', 'viewer', 'actor', 'caller']);

function saysPrincipal(name: string | undefined): boolean {
  return name !== undefined && wordsOf(name).some((word) => PRINCIPAL_WORDS.has(word));
}

/** What the program declares in the global `Express` namespace about who is signed in. */
interface GlobalExpress {
  /** `Express.User`: passport's type of `req.user`, which passport's types and apps augment. */
  user: ts.Symbol | undefined;
  /** The declarations of `Express.Request` and `Express.Locals` outside express's own files: declaration merging. */
  merged: Set<ts.Node>;
  /** The declared types of merged `Request` and `Locals` properties whose property name or type name says principal. */
  principalTypes: Set<ts.Type>;
}

function globalExpressOf(checker: ts.TypeChecker): GlobalExpress {
  // No location: the global `Express`, whatever the file imports under that name.
  const namespace = checker.resolveName('Express', undefined, NAMESPACE_SYMBOL, false);
  const members = namespace ? checker.getExportsOfModule(namespace) : [];
  const member = (name: string) => members.find((symbol) => symbol.getName() === name);
  const interfaces = [member('Request'), member('Locals')].filter((symbol) => symbol !== undefined);
  const merged = new Set<ts.Node>();
  for (const symbol of interfaces) {
    for (const declaration of symbol.getDeclarations() ?? []) {
      if (!EXPRESS_DECLARATION_FILE.test(declaration.getSourceFile().fileName)) merged.add(declaration);
    }
  }
  const principalTypes = new Set<ts.Type>();
  for (const symbol of interfaces) {
    for (const property of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
      const declaration = property.getDeclarations()?.find((candidate) => merged.has(candidate.parent));
      if (!declaration) continue;
      const declared = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, declaration));
      for (const part of declared.isUnion() ? declared.types : [declared]) {
        // Object types only: `userId?: string` or `userRole?: Role` must not make every string or role a user.
        if (!(part.flags & OBJECT_TYPE)) continue;
        const typeName = (part.aliasSymbol ?? part.getSymbol())?.getName();
        if (saysPrincipal(property.getName()) || saysPrincipal(typeName)) principalTypes.add(part);
      }
    }
  }
  return { user: member('User'), merged, principalTypes };
}

/** The global `Express` declarations, read once per test function and only when a test asks. */
function lazyGlobalExpress(checker: ts.TypeChecker): () => GlobalExpress {
  let found: GlobalExpress | null = null;
  return () => (found ??= globalExpressOf(checker));
}

/**
 * Whether a type is the signed-in user's: `Express.User` (or an interface extending it), or the
 * declared type of a principal property the app merged into `Express.Request` or `Express.Locals`.
 * Nullish members are dropped (`User | undefined`); the other members of a union must all be users,
 * one member of an intersection is enough. Null when the checker does not know the type.
 */
function isCurrentUserType(checker: ts.TypeChecker, type: ts.Type, express: GlobalExpress, depth: number): boolean | null {
  if (type.flags & UNKNOWN_TYPE) return null;
  const nonNull = checker.getNonNullableType(type);
  if (nonNull.flags & UNKNOWN_TYPE) return null;
  if (express.principalTypes.has(nonNull)) return true;
  if (depth >= MAX_BASE_DEPTH) return false;
  if (nonNull.isUnion()) {
    const answers = nonNull.types.map((part) => isCurrentUserType(checker, part, express, depth + 1));
    return answers.every((answer) => answer === true) ? true : answers.includes(null) ? null : false;
  }
  if (nonNull.isIntersection()) {
    const answers = nonNull.types.map((part) => isCurrentUserType(checker, part, express, depth + 1));
    return answers.includes(true) ? true : answers.includes(null) ? null : false;
  }
  if (express.user !== undefined && nonNull.getSymbol() === express.user) return true;
  if (!nonNull.isClassOrInterface()) return false;
  return checker.getBaseTypes(nonNull).some((base) => isCurrentUserType(checker, base, express, depth + 1) === true);
}

/**
 * With typed linting, whether an expression's type is the signed-in user's, the way passport and
 * apps declare it through declaration merging in the global `Express` namespace:
 *
 * - the global `Express.User` interface (declared by `@types/passport`, augmented by the app), or an
 *   interface that extends it;
 * - the declared type of a property merged into `Express.Request` (or `Express.Locals`, the type
 *   of `res.locals`) outside express's own files, whose property name or type name has a principal
 *   word in it (`account?: Account`, `ctx?: AuthContext`, `currentUser?: Member`). Object types only:
 *   `userId?: string` does not make every string a user.
 *
 * Null without type information, and for a node whose type the checker does not know (`any`).
 * The test says what a value is, not whose: a user the app loads by the client's id has the same
 * type, so callers decide which expressions can hold the requester (see `requestUserProperties`).
 */
export function currentUserTypes(sourceCode: Readonly<TSESLint.SourceCode>): ((node: TSESTree.Node) => boolean | null) | null {
  const services = typeServices(sourceCode);
  if (!services) return null;
  const express = lazyGlobalExpress(services.checker);
  return (node) => {
    const type = services.typeAt(node);
    return type ? isCurrentUserType(services.checker, type, express(), 0) : null;
  };
}

/**
 * With typed linting, whether `owner.name` (`req.account`, `res.locals.currentAccount`) is a property
 * the program merged into the global `Express.Request` or `Express.Locals` and whose declared type
 * `currentUserTypes` accepts. A property of a local interface (`interface Args { user: Express.User }`)
 * or a variable of that type is not one. Null without type information or when the owner's type is
 * unknown.
 */
export function requestUserProperties(
  sourceCode: Readonly<TSESLint.SourceCode>,
): ((owner: TSESTree.Node, name: string) => boolean | null) | null {
  const services = typeServices(sourceCode);
  const nodeMap = sourceCode.parserServices?.esTreeNodeToTSNodeMap;
  if (!services || !nodeMap) return null;
  const { checker } = services;
  const express = lazyGlobalExpress(checker);
  return (owner, name) => {
    const ownerType = services.typeAt(owner);
    const tsOwner = nodeMap.get(owner);
    if (!ownerType || !tsOwner || ownerType.flags & UNKNOWN_TYPE) return null;
    const property = checker.getNonNullableType(ownerType).getProperty(name);
    if (!property?.getDeclarations()?.some((declaration) => express().merged.has(declaration.parent))) return false;
    return isCurrentUserType(checker, checker.getTypeOfSymbolAtLocation(property, tsOwner), express(), 0) === true;
  };
}
