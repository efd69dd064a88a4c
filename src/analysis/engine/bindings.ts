import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node, Variable } from './ast';
import { propertyName, unwrap } from './ast';
import type { FileIndex } from './file-index';
import { initOf, isConstLike } from './file-index';

/** How many `const a = b` steps an alias is followed through. */
const MAX_ALIAS_DEPTH = 8;

/**
 * Whether an expression is the variable `target` itself or a binding declared once from it and
 * never assigned again (`const response = res`, through as many such steps as the code takes).
 */
export function isVariableOrAlias(node: Node, target: Variable | null, index: FileIndex, depth = 0): boolean {
  if (!target || depth > MAX_ALIAS_DEPTH) return false;
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = index.variableOf(inner);
  if (!variable) return false;
  if (variable === target) return true;
  const init = variable.defs.length === 1 && isConstLike(variable) ? initOf(variable) : null;
  return init !== null && isVariableOrAlias(init, target, index, depth + 1);
}

/**
 * The property keys from a destructuring pattern down to a binding it declares:
 * `({ session: { userId } })` gives `['session', 'userId']` for `userId`, and the pattern itself
 * gives `[]`. Null when the binding is not inside `root`, or sits under an array pattern, a rest
 * element or a computed key.
 */
export function keysBelow(root: Node, binding: Node): string[] | null {
  const keys: string[] = [];
  let current = binding;
  while (current !== root) {
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.AssignmentPattern && parent.left === current) {
      current = parent;
    } else if (parent?.type === AST_NODE_TYPES.Property && parent.value === current && parent.parent.type === AST_NODE_TYPES.ObjectPattern) {
      const key = propertyName(parent);
      if (key === null) return null;
      keys.unshift(key);
      current = parent.parent;
    } else {
      return null;
    }
  }
  return keys;
}
