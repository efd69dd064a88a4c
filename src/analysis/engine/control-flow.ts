import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from './ast';
import { contains, isFunctionLike } from './ast';

/**
 * The child of `parent` that `child` sits in runs only sometimes (a branch, a loop body, a
 * callback), so something there does not guard what comes after the parent.
 */
function isConditionalChild(parent: Node, child: Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
      return child !== parent.test;
    case AST_NODE_TYPES.ConditionalExpression:
      return child !== parent.test;
    case AST_NODE_TYPES.LogicalExpression:
      return child === parent.right;
    case AST_NODE_TYPES.SwitchCase:
    case AST_NODE_TYPES.CatchClause:
      return true;
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return child === parent.body;
    default:
      return isFunctionLike(parent);
  }
}

/**
 * Whether `guard` runs on every path that reaches `use` inside `scope`: it comes first in
 * source order, and no branch, loop or callback holds the guard without also holding the use.
 * Straight-line dominance, no full control-flow graph.
 */
export function dominates(guard: Node, use: Node, scope: Node): boolean {
  if (guard.range[1] > use.range[0]) return false;
  let child: Node = guard;
  for (let parent = guard.parent; parent && parent !== scope; parent = parent.parent) {
    if (isConditionalChild(parent, child) && !contains(child, use)) return false;
    child = parent;
  }
  return true;
}

/** Whether running `statement` always leaves the function: return, throw, or a block ending in one. */
export function alwaysExits(statement: TSESTree.Statement | null | undefined): boolean {
  if (!statement) return false;
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.some((inner) => alwaysExits(inner));
    case AST_NODE_TYPES.IfStatement:
      return alwaysExits(statement.consequent) && alwaysExits(statement.alternate);
    default:
      return false;
  }
}

/** The statement of `node`'s function body (or block) that holds it. */
export function enclosingStatement(node: Node): TSESTree.Statement | null {
  let current: Node = node;
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) {
      return current as TSESTree.Statement;
    }
    current = parent;
  }
  return null;
}
