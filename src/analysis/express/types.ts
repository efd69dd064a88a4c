import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

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
