import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node, Scope, Variable } from './ast';
import { countStartingBefore, isFunctionLike, literalString, propertyName, unwrap, unwrapValue, walk } from './ast';
import { fileSlot, keyedSlot, keyedValues, storeOf, variableMemo } from './store';

/** Where a value comes from: a module, and the property path read from what it exports. */
export interface ModuleOrigin {
  module: string;
  /** `[]` for the module itself (default import, namespace, `require()` result). */
  path: string[];
  /** The value is what a call of the export returned (`rateLimit()`), not the export itself. */
  called?: boolean;
}

const MAX_DEPTH = 12;

/** A file's index, and whether every node of the file is in it yet. */
interface IndexEntry {
  index: FileIndex;
  complete: boolean;
}

const indexSlot = fileSlot<IndexEntry>('file index');
/** The module each value of the file comes from (`originOf`), null for none. */
const originsSlot = keyedSlot<Node, ModuleOrigin | null>('module origins');

/**
 * The node types the index records; ESLint's traversal hands them to the listeners below. The
 * file's functions and static imports are not among them: the scope manager ESLint built already
 * lists every function (`functionsOf`), and static imports are statements of the module's top
 * level (`addStaticImports`). Each selector a rule registers costs ESLint work on every file, and
 * each node of a listened type a call.
 */
const RECORDED_TYPES = [AST_NODE_TYPES.CallExpression, AST_NODE_TYPES.NewExpression, AST_NODE_TYPES.ImportExpression] as const;

/**
 * Listeners that fill the file's index during ESLint's own traversal, which visits every node
 * anyway: a second walk of the whole tree was the largest part of building the model. The first
 * of our rules created for a file gets them, the others get null. The index is complete at
 * `Program:exit`, where every analysis runs.
 */
export function fileIndexListeners(sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.RuleListener | null {
  const store = storeOf(sourceCode);
  if (store.has(indexSlot)) return null;
  const entry = store.set(indexSlot, { index: new FileIndex(sourceCode), complete: false });
  const record = (node: Node) => entry.index.record(node);
  const listeners: Record<string, (node: Node) => void> = {};
  for (const type of RECORDED_TYPES) listeners[type] = record;
  listeners['Program:exit'] = () => {
    entry.index.finish();
    entry.complete = true;
  };
  return listeners as TSESLint.RuleListener;
}

/**
 * The file's index, shared: by the Express model, and by a rule that needs the index alone
 * (no-hardcoded-secret), which then does not pay for the model. Filled by the traversal when one
 * of our rules set it up; otherwise (asked before `Program:exit`, or outside a lint run) by a
 * walk of the tree, built once.
 */
export function getFileIndex(sourceCode: Readonly<TSESLint.SourceCode>): FileIndex {
  const store = storeOf(sourceCode);
  let entry = store.get(indexSlot);
  if (!entry?.complete) entry = store.set(indexSlot, { index: FileIndex.ofTree(sourceCode), complete: true });
  return entry.index;
}

/**
 * Every analysis shares it: identifiers resolved to their variables, the calls and functions of
 * the file in source order, and the modules it imports.
 */
export class FileIndex {
  readonly calls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  /** The file's functions in source order; filled when the index is finished. */
  functions: readonly FunctionLike[] = [];
  /** Per scope, its references by identifier; built for a scope the first time one of its identifiers is asked about. */
  private readonly referencesByScope = new Map<Scope, Map<Node, Variable | null>>();
  private readonly originCache: Map<Node, ModuleOrigin | null>;
  private readonly importedModules = new Set<string>();

  constructor(readonly sourceCode: Readonly<TSESLint.SourceCode>) {
    this.originCache = keyedValues(storeOf(sourceCode), originsSlot);
  }

  /** An index of the whole tree, walked here (outside a lint run, or when asked too early). */
  static ofTree(sourceCode: Readonly<TSESLint.SourceCode>): FileIndex {
    const index = new FileIndex(sourceCode);
    walk(sourceCode.ast, sourceCode.visitorKeys, (node) => index.record(node));
    index.finish();
    return index;
  }

  /** Takes in one node; nodes arrive in source order, and only the recorded types matter. */
  record(node: Node): void {
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
      this.calls.push(node);
      this.noteModule(requireArgument(node));
    } else if (node.type === AST_NODE_TYPES.ImportExpression) {
      this.noteModule(literalString(node.source));
    }
  }

  /** Adds what the traversal did not record: the functions, and the modules imported statically. */
  finish(): void {
    this.functions = functionsOf(this.sourceCode);
    addStaticImports(this.sourceCode.ast.body, this.importedModules);
  }

  /**
   * The calls (not `new`) inside `root`, `root` included, in source order: the index's calls are
   * in the traversal's pre-order, so they are a slice of it found by binary search, where a walk
   * of `root` visited every node below it. Null when `root` is not a node of this file.
   */
  callsWithin(root: Node): TSESTree.CallExpression[] | null {
    let top: Node = root;
    while (top.parent) top = top.parent;
    if (top !== this.sourceCode.ast || !this.callsInOrder()) return null;
    const calls = this.calls;
    const [start, end] = root.range;
    const found: TSESTree.CallExpression[] = [];
    for (let i = countStartingBefore(calls, start, (call) => call.range[0]); i < calls.length; i++) {
      const call = calls[i]!;
      if (call.range[0] >= end) break;
      if (call.type === AST_NODE_TYPES.CallExpression && call.range[1] <= end) found.push(call);
    }
    return found;
  }

  private sortedCalls: boolean | null = null;

  /** Whether the calls are in source order, as the traversal's pre-order gives them (checked once). */
  private callsInOrder(): boolean {
    if (this.sortedCalls === null) {
      const calls = this.calls;
      let sorted = true;
      for (let i = 1; i < calls.length && sorted; i++) sorted = calls[i - 1]!.range[0] <= calls[i]!.range[0];
      this.sortedCalls = sorted;
    }
    return this.sortedCalls;
  }

  /**
   * Whether the file may import one of `modules` (by `import`, `import()`, `import x = require()`
   * or a call of something named `require`). A value can have an origin in a module only when
   * this holds, so an analysis that looks for a few modules can skip a file that has none of them.
   */
  mayImport(modules: ReadonlySet<string> | readonly string[]): boolean {
    if (this.importedModules.size === 0) return false;
    const wanted = (module: string) => (Array.isArray(modules) ? modules.includes(module) : (modules as ReadonlySet<string>).has(module));
    for (const module of this.importedModules) {
      if (wanted(module) || (module.startsWith('node:') && wanted(module.slice('node:'.length)))) return true;
    }
    return false;
  }

  private noteModule(module: string | null): void {
    if (module !== null) this.importedModules.add(module);
  }

  /** The variable an identifier refers to; null for an undeclared global or a name that is no reference. */
  variableOf(identifier: TSESTree.Identifier): Variable | null {
    if (!this.sourceCode.scopeManager) return null;
    // A reference almost always belongs to the innermost scope around it; a few (a `switch`
    // discriminant, a class's `extends`) belong to an enclosing one, hence the walk upwards.
    for (let scope: Scope | null = this.sourceCode.getScope(identifier); scope; scope = scope.upper) {
      const references = this.referencesOf(scope);
      if (references.has(identifier)) return references.get(identifier) ?? null;
    }
    return null;
  }

  private referencesOf(scope: Scope): Map<Node, Variable | null> {
    let references = this.referencesByScope.get(scope);
    if (!references) {
      references = new Map();
      for (const reference of scope.references) references.set(reference.identifier, reference.resolved);
      this.referencesByScope.set(scope, references);
    }
    return references;
  }

  /** Whether `identifier` names the global `name` (not shadowed by any declaration of the file). */
  isGlobal(identifier: Node, name: string): boolean {
    if (identifier.type !== AST_NODE_TYPES.Identifier || identifier.name !== name) return false;
    const variable = this.variableOf(identifier);
    return variable === null || variable.defs.length === 0;
  }

  /** `require('x')` (whatever the source type) or `import('x')`: the module name. */
  requiredModule(node: Node): string | null {
    const inner = unwrapValue(node);
    if (inner.type === AST_NODE_TYPES.ImportExpression) return literalString(inner.source);
    if (inner.type !== AST_NODE_TYPES.CallExpression || !this.isGlobal(inner.callee, 'require')) return null;
    return literalString(inner.arguments[0]);
  }

  /**
   * The module a value derives from and the path read from it at the import point:
   * `rateLimit({...})` -> express-rate-limit `[]`; `helmet.hsts()` -> helmet `['hsts']`;
   * `body('a').isEmail()` -> express-validator `['body']`. Follows `const` bindings,
   * destructuring, calls and `new`; a shadowed or re-assigned binding has no origin.
   */
  originOf(node: Node, depth = 0): ModuleOrigin | null {
    if (depth > MAX_DEPTH || this.importedModules.size === 0) return null;
    if (depth === 0 && !this.rootMayHaveOrigin(node)) return null;
    const cached = this.originCache.get(node);
    if (cached !== undefined) return cached;
    this.originCache.set(node, null);
    const origin = this.computeOrigin(node, depth);
    this.originCache.set(node, origin);
    return origin;
  }

  /**
   * Whether the value a member or call chain starts from can come from a module: an import, a
   * `require()`/`import()`, or a variable declared once. Most callees (`this.x.y()`, a
   * parameter's method) fail this at once, before anything is cached for their chain.
   */
  private rootMayHaveOrigin(node: Node): boolean {
    let current = unwrapValue(node);
    for (;;) {
      switch (current.type) {
        case AST_NODE_TYPES.ImportExpression:
          return true;
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          if (current.callee.type === AST_NODE_TYPES.Identifier && current.callee.name === 'require') return true;
          current = unwrapValue(current.callee);
          continue;
        case AST_NODE_TYPES.MemberExpression:
          current = unwrapValue(current.object);
          continue;
        case AST_NODE_TYPES.Identifier: {
          const variable = this.variableOf(current);
          return variable?.defs.length === 1 && (variable.defs[0]!.type === 'ImportBinding' || variable.defs[0]!.type === 'Variable');
        }
        default:
          return false;
      }
    }
  }

  private computeOrigin(node: Node, depth: number): ModuleOrigin | null {
    const inner = unwrapValue(node);
    const required = this.requiredModule(inner);
    if (required !== null) return { module: required, path: [] };
    switch (inner.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression: {
        // Compiled CommonJS: `_interopRequireDefault(require('express'))` (Babel), `__importDefault(require('express'))` (tsc).
        if (isInteropHelper(inner)) return this.originOf(inner.arguments[0]!, depth + 1);
        const callee = this.originOf(inner.callee, depth + 1);
        return callee ? { ...callee, called: true } : null;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const base = this.originOf(inner.object, depth + 1);
        if (!base) return null;
        const object = unwrapValue(inner.object);
        // After a call, the path no longer names an export: `body('a').isEmail` stays `body`.
        if (object.type === AST_NODE_TYPES.CallExpression || object.type === AST_NODE_TYPES.NewExpression) {
          if (this.requiredModule(object) === null) return base;
        }
        const name = propertyName(inner);
        if (name === null) return null;
        return appendPath(base, [name]);
      }
      case AST_NODE_TYPES.Identifier:
        return this.originOfIdentifier(inner, depth);
      default:
        return null;
    }
  }

  private originOfIdentifier(identifier: TSESTree.Identifier, depth: number): ModuleOrigin | null {
    const variable = this.variableOf(identifier);
    if (!variable || variable.defs.length !== 1) return null;
    const def = variable.defs[0]!;
    if (def.type === 'ImportBinding') {
      const specifier = def.node;
      if (specifier.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        const reference = specifier.moduleReference;
        if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return null;
        const module = literalString(reference.expression);
        return module === null ? null : { module, path: [] };
      }
      const declaration = specifier.parent;
      if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return null;
      const module = declaration.source.value;
      if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
        const imported =
          specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
        return { module, path: imported === 'default' ? [] : [imported] };
      }
      return { module, path: [] };
    }
    if (def.type !== 'Variable' || !isConstLike(variable)) return null;
    const declarator = def.node;
    if (!declarator.init) return null;
    const base = this.originOf(declarator.init, depth + 1);
    if (!base) return null;
    const keys = patternPath(def.name);
    return keys === null ? null : appendPath(base, keys);
  }
}

const INTEROP_HELPERS = new Set(['_interopRequireDefault', '_interopRequireWildcard', '__importDefault', '__importStar']);

function isInteropHelper(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = unwrap(call.callee);
  return call.arguments.length >= 1 && callee.type === AST_NODE_TYPES.Identifier && INTEROP_HELPERS.has(callee.name);
}

/** `require('x')` by name, whatever `require` is bound to: a cheap over-approximation for `mayImport`. */
function requireArgument(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = call.callee;
  return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require' ? literalString(call.arguments[0]) : null;
}

/** The types of the functions the index lists. */
const FUNCTION_TYPES = new Set<string>([AST_NODE_TYPES.ArrowFunctionExpression, AST_NODE_TYPES.FunctionDeclaration, AST_NODE_TYPES.FunctionExpression]);

/**
 * Every function of the file in source order, from the scopes ESLint's scope manager made: each
 * function has a scope of its own, and scopes are made in the order the tree is walked. Without
 * a scope manager (a parser that gives none), a walk of the tree finds them.
 */
function functionsOf(sourceCode: Readonly<TSESLint.SourceCode>): FunctionLike[] {
  const functions: FunctionLike[] = [];
  const scopes = sourceCode.scopeManager?.scopes;
  if (!scopes) {
    walk(sourceCode.ast, sourceCode.visitorKeys, (node) => {
      if (isFunctionLike(node)) functions.push(node);
    });
    return functions;
  }
  for (let i = 0; i < scopes.length; i++) {
    const scope = scopes[i]!;
    if (scope.type === 'function' && FUNCTION_TYPES.has(scope.block.type)) functions.push(scope.block as FunctionLike);
  }
  return functions;
}

/**
 * Adds to `modules` those named by the static imports among `statements`: `import ... from 'x'`,
 * `import x = require('x')` (TypeScript, exported or not), and the same inside a
 * `declare module` or namespace body. Static imports stand nowhere else.
 */
function addStaticImports(statements: readonly TSESTree.ProgramStatement[], modules: Set<string>): void {
  for (const statement of statements) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration ? statement.declaration : statement;
    if (declaration.type === AST_NODE_TYPES.ImportDeclaration) {
      modules.add(declaration.source.value);
    } else if (declaration.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const reference = declaration.moduleReference;
      const module = reference.type === AST_NODE_TYPES.TSExternalModuleReference ? literalString(reference.expression) : null;
      if (module !== null) modules.add(module);
    } else if (declaration.type === AST_NODE_TYPES.TSModuleDeclaration && declaration.body?.type === AST_NODE_TYPES.TSModuleBlock) {
      addStaticImports(declaration.body.body, modules);
    }
  }
}

function appendPath(base: ModuleOrigin, keys: string[]): ModuleOrigin {
  const path = [...base.path, ...keys];
  // `require('x').default` is the default export, the same value an ESM default import gives.
  if (path[0] === 'default') path.shift();
  return { ...base, path };
}

/**
 * A binding written once: `const`, or `let`/`var` never re-assigned. Asked once per read of a
 * binding (every `app.get(...)` asks about `app`): answered once per variable, or a file of n
 * routes would scan n references n times.
 */
export const isConstLike = variableMemo('const-like bindings', (variable: Variable): boolean =>
  variable.references.every((reference) => !reference.isWrite() || reference.init === true),
);

/**
 * The property keys from a declarator's init down to a binding inside its pattern:
 * `const { a: { b } } = x` gives `['a', 'b']` for `b`. Null for array patterns and computed keys.
 */
export function patternPath(identifier: TSESTree.Node): string[] | null {
  const keys: string[] = [];
  let current: TSESTree.Node = identifier;
  for (;;) {
    const parent = current.parent;
    if (!parent) return null;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator) return keys;
    if (parent.type === AST_NODE_TYPES.AssignmentPattern && parent.left === current) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.Property && parent.value === current) {
      const key = propertyName(parent);
      if (key === null) return null;
      keys.unshift(key);
      current = parent.parent; // the ObjectPattern
      continue;
    }
    if (parent.type === AST_NODE_TYPES.RestElement) return null;
    return null;
  }
}

/** The expression a variable was last given in its declaration (`const x = <init>`), if any. */
export function initOf(variable: Variable | null): TSESTree.Expression | null {
  const def = variable?.defs[0];
  if (!def || def.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier) return null;
  return def.node.init ? (unwrap(def.node.init) as TSESTree.Expression) : null;
}
