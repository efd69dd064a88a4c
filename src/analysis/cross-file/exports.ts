import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node } from '../engine/ast';
import { isFunctionLike, propertyName, returnedExpressions, unwrap, walk } from '../engine/ast';
import { resolveFunction } from '../engine/functions';
import type { FileIndex } from '../engine/file-index';
import { isConstLike, patternPath } from '../engine/file-index';
import { fileSlot, storeOf } from '../engine/store';
import type { ProjectFile } from './load';
import { projectModule } from './load';
import type { ProjectScope } from './project-scope';
import { projectScopeOf } from './project-scope';
import type { ImportReference, Step } from './references';
import { importReferenceOf } from './references';

/** What an expression of a project file evaluates to, as far as the syntax shows. */
type Value =
  | { kind: 'module'; file: ProjectFile }
  | { kind: 'node'; file: ProjectFile; node: Node }
  /** What `new F()` gives: `this.x = …` in F, `F.prototype.x = …`, or the members of a class. */
  | { kind: 'instance'; file: ProjectFile; of: Node };

/** A function of another project file, with that file's index. */
export interface ForeignFunction {
  fn: FunctionLike;
  file: ProjectFile;
}

/** How many module boundaries one reference may cross (re-exports, a DAO's own imports). */
const MAX_FILES = 4;
/** How many evaluation steps one reference may take in all. */
const MAX_STEPS = 40;

interface Budget {
  files: number;
  steps: number;
}

/**
 * The function of another project file that an expression stands for: an imported handler
 * (`controller.show`, `exports.show`, `export function show`, a default export), a method of an
 * instance (`new Handler(db).show` with `this.show = …`, prototype or class methods), or what a
 * factory returns (`retrieveBasket()`). Null when it leads to a package, a parameter, or anything
 * the syntax does not fix; a cycle or an unreadable file is silence, never an error.
 */
export function resolveForeignFunction(node: Node, index: FileIndex): ForeignFunction | null {
  const scope = projectScopeOf(index);
  if (!scope) return null;
  const reference = importReferenceOf(node, index);
  if (!reference) return null;
  const value = follow(reference, scope, { files: 0, steps: 0 });
  return value ? functionOf(value) : null;
}

/**
 * The expression of another project file that a reference stands for, when it is no function:
 * `exports.authenticate = passport.authenticate('jwt')` read as `auth.authenticate`. Null otherwise.
 */
export function resolveForeignExpression(node: Node, index: FileIndex): { node: Node; index: FileIndex } | null {
  const scope = projectScopeOf(index);
  if (!scope) return null;
  const reference = importReferenceOf(node, index);
  if (!reference) return null;
  const value = follow(reference, scope, { files: 0, steps: 0 });
  return value?.kind === 'node' ? { node: value.node, index: value.file.index } : null;
}

/**
 * The function a callee or reference stands for wherever the project defines it: in this file
 * (`resolveFunction`), or in another one it imports, with the index of the file that holds it.
 */
export function resolveProjectFunction(node: Node, index: FileIndex): { fn: FunctionLike; index: FileIndex } | null {
  const local = resolveFunction(node, index);
  if (local) return { fn: local, index };
  const foreign = resolveForeignFunction(node, index);
  return foreign ? { fn: foreign.fn, index: foreign.file.index } : null;
}

function functionOf(value: Value): ForeignFunction | null {
  if (value.kind !== 'node') return null;
  const fn = isFunctionLike(value.node) ? value.node : resolveFunction(value.node, value.file.index);
  return fn ? { fn, file: value.file } : null;
}

function follow(reference: ImportReference, scope: ProjectScope, budget: Budget): Value | null {
  if (++budget.files > MAX_FILES) return null;
  const file = projectModule(scope.file, reference.specifier, scope);
  if (!file) return null;
  let value: Value | null = moduleValue(file, budget);
  for (const step of reference.steps) {
    if (!value) return null;
    value = apply(value, step, budget);
  }
  return value;
}

/** `module.exports = X` makes the module X; otherwise it is its named exports. */
function moduleValue(file: ProjectFile, budget: Budget): Value | null {
  const assigned = moduleExportsAssignment(file);
  return assigned ? settle(file, assigned, budget) : { kind: 'module', file };
}

function apply(value: Value, step: Step, budget: Budget): Value | null {
  if (++budget.steps > MAX_STEPS) return null;
  if (step === 'new') return value.kind === 'node' && constructs(value.node) ? { kind: 'instance', file: value.file, of: value.node } : null;
  if (step === 'call') return value.kind === 'node' && isFunctionLike(value.node) ? returnedValue(value.file, value.node, budget) : null;
  const name = step.get;
  if (value.kind === 'module') return exportOf(value.file, name, budget);
  if (value.kind === 'instance') return instanceMember(value.file, value.of, name, budget);
  const member = memberOf(value.file, value.node, name, budget);
  // `import X from './cjs'`: the default export of a CommonJS module is `module.exports` itself.
  if (!member && name === 'default') return value;
  return member;
}

function constructs(node: Node): boolean {
  return isFunctionLike(node) || node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression;
}

/** An expression or declaration, with identifiers and imports resolved to what they stand for. */
function settle(file: ProjectFile, node: Node, budget: Budget): Value | null {
  if (++budget.steps > MAX_STEPS) return null;
  const inner = unwrap(node);
  const reference = importReferenceOf(inner, file.index);
  if (reference) return follow(reference, file.scope, budget);
  if (inner.type === AST_NODE_TYPES.Identifier) return settleIdentifier(file, inner, budget);
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(inner);
    const object = settle(file, inner.object, budget);
    return name !== null && object ? apply(object, { get: name }, budget) : null;
  }
  if (inner.type === AST_NODE_TYPES.NewExpression) {
    const callee = settle(file, inner.callee, budget);
    return callee ? apply(callee, 'new', budget) : null;
  }
  return { kind: 'node', file, node: inner };
}

function settleIdentifier(file: ProjectFile, identifier: TSESTree.Identifier, budget: Budget): Value | null {
  const variable = file.index.variableOf(identifier);
  const def = variable?.defs[0];
  if (!variable || !def || variable.defs.length !== 1) return null;
  if (def.type === 'FunctionName' || def.type === 'ClassName') return { kind: 'node', file, node: def.node };
  if (def.type !== 'Variable' || !def.node.init || !isConstLike(variable)) return null;
  const keys = patternPath(def.name);
  if (keys === null) return null;
  let value = settle(file, def.node.init, budget);
  for (const key of keys) value = value ? apply(value, { get: key }, budget) : null;
  return value;
}

// ---- CommonJS and ESM exports ------------------------------------------------------------------

function isModuleExports(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.MemberExpression || propertyName(inner) !== 'exports') return false;
  const object = unwrap(inner.object);
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'module';
}

/** `exports.x = …` or `module.exports.x = …`: the exported name. */
function exportedName(left: Node): string | null {
  const inner = unwrap(left);
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = unwrap(inner.object);
  const isExports = (object.type === AST_NODE_TYPES.Identifier && object.name === 'exports') || isModuleExports(object);
  return isExports ? propertyName(inner) : null;
}

interface FileAssignments {
  /** Outside functions and classes: where `module.exports`, `exports.x` and `module.exports.x` are set. */
  outside: TSESTree.AssignmentExpression[];
  /** Everywhere: where `F.x` and `F.prototype.x` may be set. */
  all: TSESTree.AssignmentExpression[];
}

const assignmentsSlot = fileSlot<FileAssignments>('assignments');

/** A file's `=` assignments, collected in one walk and kept with its tree: every export and member lookup reads them. */
function assignmentsOf(file: ProjectFile): FileAssignments {
  const { ast, visitorKeys } = file.index.sourceCode;
  const store = storeOf(file.index);
  let assignments = store.get(assignmentsSlot);
  if (assignments) return assignments;
  assignments = { outside: [], all: [] };
  const found = assignments;
  const visit = (node: Node, inside: boolean): void => {
    walk(node, visitorKeys, (child) => {
      if (child !== node && !inside && (isFunctionLike(child) || child.type === AST_NODE_TYPES.ClassBody)) {
        visit(child, true);
        return false;
      }
      if (child.type === AST_NODE_TYPES.AssignmentExpression && child.operator === '=') {
        found.all.push(child);
        if (!inside) found.outside.push(child);
      }
      return undefined;
    });
  };
  visit(ast, false);
  return store.set(assignmentsSlot, assignments);
}

/** Assignments to `module.exports`, `exports.x` and `module.exports.x`, outside functions and classes. */
function exportAssignments(file: ProjectFile): readonly TSESTree.AssignmentExpression[] {
  return assignmentsOf(file).outside;
}

function moduleExportsAssignment(file: ProjectFile): Node | null {
  // TypeScript's `export = X`, the form that goes with `import x = require('./x')`.
  for (const statement of file.index.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.TSExportAssignment) return statement.expression;
  }
  let assigned: Node | null = null;
  for (const assignment of exportAssignments(file)) if (isModuleExports(assignment.left)) assigned = assignment.right;
  return assigned;
}

function exportOf(file: ProjectFile, name: string, budget: Budget): Value | null {
  for (const assignment of exportAssignments(file)) {
    if (exportedName(assignment.left) === name) return settle(file, assignment.right, budget);
  }
  const reexports: TSESTree.ExportAllDeclaration[] = [];
  for (const statement of file.index.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && name === 'default') return settle(file, statement.declaration, budget);
    if (statement.type === AST_NODE_TYPES.ExportAllDeclaration) {
      if (!statement.exported) reexports.push(statement);
      continue;
    }
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration) continue;
    const declared = declaredExport(statement, name);
    if (declared) return settle(file, declared, budget);
    for (const specifier of statement.specifiers) {
      if (specifierName(specifier.exported) !== name) continue;
      if (statement.source) {
        return follow({ specifier: statement.source.value, steps: [{ get: specifierName(specifier.local) }] }, file.scope, budget);
      }
      return settle(file, specifier.local, budget);
    }
  }
  for (const statement of reexports) {
    const value = follow({ specifier: statement.source.value, steps: [{ get: name }] }, file.scope, budget);
    if (value) return value;
  }
  return null;
}

function specifierName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}

/** `export function name`, `export class name`, `export const name = …`. */
function declaredExport(statement: TSESTree.ExportNamedDeclaration, name: string): Node | null {
  const declaration = statement.declaration;
  if (!declaration) return null;
  if (declaration.type === AST_NODE_TYPES.FunctionDeclaration || declaration.type === AST_NODE_TYPES.ClassDeclaration) {
    return declaration.id?.name === name ? declaration : null;
  }
  if (declaration.type !== AST_NODE_TYPES.VariableDeclaration) return null;
  for (const declarator of declaration.declarations) {
    if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name && declarator.init) return declarator.init;
  }
  return null;
}

// ---- members -------------------------------------------------------------------------------------

/** A property of an object literal, a static member of a class, or `F.name = …` of a function. */
function memberOf(file: ProjectFile, node: Node, name: string, budget: Budget): Value | null {
  if (node.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of node.properties) {
      if (property.type === AST_NODE_TYPES.Property && propertyName(property) === name) return settle(file, property.value, budget);
    }
    return null;
  }
  if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) {
    return classMember(file, node.body, name, true, budget);
  }
  if (isFunctionLike(node)) {
    const assigned = assignedMember(file, node, name, false);
    return assigned ? settle(file, assigned, budget) : null;
  }
  return null;
}

function instanceMember(file: ProjectFile, of: Node, name: string, budget: Budget): Value | null {
  if (of.type === AST_NODE_TYPES.ClassDeclaration || of.type === AST_NODE_TYPES.ClassExpression) {
    return classMember(file, of.body, name, false, budget) ?? thisMember(file, constructorOf(of.body), name, budget);
  }
  if (!isFunctionLike(of)) return null;
  const prototype = assignedMember(file, of, name, true);
  return thisMember(file, of, name, budget) ?? (prototype ? settle(file, prototype, budget) : null);
}

function classMember(file: ProjectFile, body: TSESTree.ClassBody, name: string, isStatic: boolean, budget: Budget): Value | null {
  for (const member of body.body) {
    if (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    if (member.static !== isStatic || propertyName(member) !== name || !member.value) continue;
    return settle(file, member.value, budget);
  }
  return null;
}

function constructorOf(body: TSESTree.ClassBody): FunctionLike | null {
  for (const member of body.body) {
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor' && isFunctionLike(member.value)) return member.value;
  }
  return null;
}

/** `this.name = …` in a constructor's own body (arrow functions inside keep its `this`). */
function thisMember(file: ProjectFile, fn: FunctionLike | null, name: string, budget: Budget): Value | null {
  if (!fn) return null;
  let found: Node | null = null;
  walk(fn.body, file.index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.ClassBody) return false;
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.left.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    if (unwrap(node.left.object).type === AST_NODE_TYPES.ThisExpression && propertyName(node.left) === name) found = node.right;
    return undefined;
  });
  return found ? settle(file, found, budget) : null;
}

/** `F.name = …`, or with `prototype` `F.prototype.name = …` (also `F.prototype = { name }`), anywhere in the file. */
function assignedMember(file: ProjectFile, fn: FunctionLike, name: string, prototype: boolean): Node | null {
  const binding = bindingOf(fn);
  if (!binding) return null;
  const isFunction = (node: Node) => {
    const inner = unwrap(node);
    return inner.type === AST_NODE_TYPES.Identifier && inner.name === binding.name && file.index.variableOf(inner)?.defs[0]?.name === binding;
  };
  const isPrototype = (node: Node) => {
    const inner = unwrap(node);
    return inner.type === AST_NODE_TYPES.MemberExpression && propertyName(inner) === 'prototype' && isFunction(inner.object);
  };
  for (const assignment of assignmentsOf(file).all) {
    const left = unwrap(assignment.left);
    if (left.type !== AST_NODE_TYPES.MemberExpression) continue;
    if (prototype && isPrototype(left) && assignment.right.type === AST_NODE_TYPES.ObjectExpression) {
      const property = assignment.right.properties.find((candidate) => candidate.type === AST_NODE_TYPES.Property && propertyName(candidate) === name);
      if (property?.type === AST_NODE_TYPES.Property) return property.value;
    } else if (propertyName(left) === name && (prototype ? isPrototype(left.object) : isFunction(left.object))) {
      return assignment.right;
    }
  }
  return null;
}

/** The identifier a function is bound to: `function F`, `const F = function`. */
function bindingOf(fn: FunctionLike): TSESTree.Identifier | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id ?? null;
  const parent = fn.parent;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id : null;
}

/** What a call of a factory gives: the first returned function, or else the first returned value. */
function returnedValue(file: ProjectFile, fn: FunctionLike, budget: Budget): Value | null {
  let first: Value | null = null;
  for (const argument of returnedExpressions(fn, file.index.sourceCode.visitorKeys)) {
    const value = settle(file, argument, budget);
    if (value?.kind === 'node' && isFunctionLike(value.node)) return value;
    first ??= value;
  }
  return first;
}
