import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { isFunctionLike, propertyName, unwrap } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import { initOf, isConstLike } from '../engine/file-index';

/**
 * One row of a route table, as a `use` inside the loop over it sees its arguments: an argument
 * that reads the row (`path`, `r.router`, `route.path`) becomes the row's value, anything else
 * stays as written.
 */
export type RowSubstitution = (node: Node) => Node;

/** Tables longer than this are not expanded (none of the apps seen had more than a few dozen rows). */
const MAX_ROWS = 200;

type Row = TSESTree.ObjectExpression | TSESTree.Property;

/**
 * The rows of the literal table a registration inside a loop runs over:
 * `routes.forEach(({ path, router }) => app.use(path, router))`,
 * `for (const r of routes) app.use(r.path, r.router)`,
 * `for (const [path, router] of Object.entries({ '/users': users }))`, where the table is an
 * array of object literals (or an object literal) of this file. Null when the call is in no such loop.
 */
export function tableRowsOf(call: TSESTree.CallExpression, index: FileIndex): RowSubstitution[] | null {
  const loop = enclosingLoop(call);
  if (!loop) return null;
  const rows = tableOf(loop.source, index);
  if (!rows || rows.length === 0 || rows.length > MAX_ROWS) return null;
  return rows.map((row) => (node) => substitute(node, row, loop.binding, index) ?? node);
}

/** The loop around `call` (before any other function): what it iterates and the binding of one element. */
function enclosingLoop(call: Node): { source: Node; binding: Node } | null {
  for (let current: Node | undefined = call.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ForOfStatement) {
      const left = current.left;
      const binding = left.type === AST_NODE_TYPES.VariableDeclaration ? left.declarations[0]?.id : null;
      return binding ? { source: current.right, binding } : null;
    }
    if (isFunctionLike(current)) {
      const parent = current.parent;
      if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.arguments[0] !== current) return null;
      const callee = unwrap(parent.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
      const method = propertyName(callee);
      const binding = current.params[0];
      if ((method !== 'forEach' && method !== 'map') || !binding) return null;
      return { source: callee.object, binding };
    }
  }
  return null;
}

/** The rows of a literal table: the objects of an array, or the properties of `Object.entries({...})`. */
function tableOf(source: Node, index: FileIndex): Row[] | null {
  const inner = literalOf(source, index);
  if (inner?.type === AST_NODE_TYPES.ArrayExpression) {
    const rows: Row[] = [];
    for (const element of inner.elements) {
      const value = element && element.type !== AST_NODE_TYPES.SpreadElement ? literalOf(element, index) : null;
      if (value?.type !== AST_NODE_TYPES.ObjectExpression) return null;
      rows.push(value);
    }
    return rows;
  }
  if (inner?.type === AST_NODE_TYPES.CallExpression && inner.arguments.length === 1) {
    const callee = unwrap(inner.callee);
    if (
      callee.type !== AST_NODE_TYPES.MemberExpression ||
      unwrap(callee.object).type !== AST_NODE_TYPES.Identifier ||
      (unwrap(callee.object) as TSESTree.Identifier).name !== 'Object' ||
      propertyName(callee) !== 'entries'
    ) {
      return null;
    }
    const object = literalOf(inner.arguments[0]!, index);
    if (object?.type !== AST_NODE_TYPES.ObjectExpression) return null;
    const rows: Row[] = [];
    for (const property of object.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed) return null;
      rows.push(property);
    }
    return rows;
  }
  return null;
}

/** A literal written in place or held in a `const` of this file. */
function literalOf(node: Node, index: FileIndex): Node | null {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return inner;
  const variable = index.variableOf(inner);
  if (!variable || !isConstLike(variable)) return null;
  const init = initOf(variable);
  return init ? unwrap(init) : null;
}

/** What `node` is for `row`, when it reads the loop's binding; null otherwise. */
function substitute(node: Node, row: Row, binding: Node, index: FileIndex): Node | null {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const keys = bindingKeys(inner, binding, index);
    return keys ? valueAt(row, keys) : null;
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression && !inner.computed) {
    const object = unwrap(inner.object);
    const name = propertyName(inner);
    if (object.type !== AST_NODE_TYPES.Identifier || name === null) return null;
    const keys = bindingKeys(object, binding, index);
    return keys ? valueAt(row, [...keys, name]) : null;
  }
  return null;
}

/** The keys from the loop's element down to the binding `identifier` refers to, when it is one of the loop's. */
function bindingKeys(identifier: TSESTree.Identifier, binding: Node, index: FileIndex): (string | number)[] | null {
  const variable = index.variableOf(identifier);
  const name = variable?.defs.length === 1 ? variable.defs[0]!.name : null;
  if (!name || !variable || !isConstLike(variable)) return null;
  const keys: (string | number)[] = [];
  let current: Node = name;
  while (current !== binding) {
    const parent: Node | undefined = current.parent;
    if (!parent) return null;
    if (parent.type === AST_NODE_TYPES.Property && parent.value === current && parent.parent.type === AST_NODE_TYPES.ObjectPattern) {
      const key = propertyName(parent);
      if (key === null) return null;
      keys.unshift(key);
      current = parent.parent;
    } else if (parent.type === AST_NODE_TYPES.ArrayPattern) {
      keys.unshift(parent.elements.indexOf(current as TSESTree.DestructuringPattern));
      current = parent;
    } else if (parent.type === AST_NODE_TYPES.AssignmentPattern && parent.left === current) {
      current = parent;
    } else {
      return null;
    }
  }
  return keys;
}

/** The row's value under `keys`: a property of the object row, or `[key, value]` of an entry. */
function valueAt(row: Row, keys: readonly (string | number)[]): Node | null {
  let current: Node | null = row;
  for (const key of keys) {
    if (!current) return null;
    if (current.type === AST_NODE_TYPES.Property) {
      current = key === 0 ? (current.key.type === AST_NODE_TYPES.Literal ? current.key : null) : key === 1 ? current.value : null;
      continue;
    }
    if (current.type !== AST_NODE_TYPES.ObjectExpression) return null;
    const property: TSESTree.ObjectLiteralElement | undefined = current.properties.find(
      (candidate) => candidate.type === AST_NODE_TYPES.Property && !candidate.computed && propertyName(candidate) === key,
    );
    current = property?.type === AST_NODE_TYPES.Property ? unwrap(property.value) : null;
  }
  return current;
}
