/**
 * Which same-file function an expression stands for, and which parameters a function really has:
 * general questions about functions that the Express model, the request-data analysis, the data
 * access and outbound facts and the project scope all ask.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node, Variable } from './ast';
import { isFunctionLike, propertyName, unwrap } from './ast';
import type { FileIndex } from './file-index';

const MAX_DEPTH = 8;

/**
 * The same-file function an expression stands for: inline functions, function declarations,
 * `const` arrows, wrappers such as `asyncHandler(fn)` and `fn.bind(x)`, methods of same-file
 * object literals and classes. Null when the function lives in another file.
 */
export function resolveFunction(node: Node, index: FileIndex, depth = 0): FunctionLike | null {
  if (depth > MAX_DEPTH) return null;
  const inner = unwrap(node);
  if (isFunctionLike(inner)) return inner;
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier:
      return functionOfVariable(index.variableOf(inner), index, depth);
    case AST_NODE_TYPES.CallExpression: {
      const callee = unwrap(inner.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'bind') {
        return resolveFunction(callee.object, index, depth + 1);
      }
      // A wrapper such as `asyncHandler(async (req, res) => {...})` runs the function it is given.
      for (let i = inner.arguments.length - 1; i >= 0; i--) {
        const argument = inner.arguments[i]!;
        if (isFunctionLike(unwrap(argument))) return unwrap(argument) as FunctionLike;
      }
      return null;
    }
    case AST_NODE_TYPES.MemberExpression:
      return resolveMethod(inner, index, depth);
    default:
      return null;
  }
}

function functionOfVariable(variable: Variable | null, index: FileIndex, depth: number): FunctionLike | null {
  const def = variable?.defs[0];
  if (!def || variable!.defs.length !== 1) return null;
  if (def.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
  if (def.type === 'Variable' && def.node.id.type === AST_NODE_TYPES.Identifier && def.node.init) {
    return resolveFunction(def.node.init, index, depth + 1);
  }
  return null;
}

/** `controller.show`, `this.show`, `Controller.show`: a method of a same-file object or class. */
function resolveMethod(member: TSESTree.MemberExpression, index: FileIndex, depth: number): FunctionLike | null {
  const name = propertyName(member);
  if (name === null) return null;
  const container = containerOf(member.object, index, depth);
  if (!container) return null;
  return memberFunction(container, name, index, depth);
}

type Container = TSESTree.ObjectExpression | TSESTree.ClassBody;

function containerOf(node: Node, index: FileIndex, depth: number): Container | null {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.ObjectExpression) return inner;
  if (inner.type === AST_NODE_TYPES.ThisExpression) {
    for (let current: Node | undefined = inner.parent; current; current = current.parent) {
      if (current.type === AST_NODE_TYPES.ClassBody) return current;
    }
    return null;
  }
  if (inner.type === AST_NODE_TYPES.NewExpression) return containerOf(inner.callee, index, depth + 1);
  if (inner.type === AST_NODE_TYPES.ClassExpression) return inner.body;
  if (inner.type !== AST_NODE_TYPES.Identifier || depth > MAX_DEPTH) return null;
  const variable = index.variableOf(inner);
  const def = variable?.defs[0];
  if (!def) return null;
  if (def.type === 'ClassName' && 'body' in def.node) return (def.node as TSESTree.ClassDeclaration).body;
  if (def.type === 'Variable' && def.node.id.type === AST_NODE_TYPES.Identifier && def.node.init) {
    return containerOf(def.node.init, index, depth + 1);
  }
  return null;
}

function memberFunction(container: Container, name: string, index: FileIndex, depth: number): FunctionLike | null {
  const members = container.type === AST_NODE_TYPES.ObjectExpression ? container.properties : container.body;
  for (const member of members) {
    if (
      member.type !== AST_NODE_TYPES.Property &&
      member.type !== AST_NODE_TYPES.MethodDefinition &&
      member.type !== AST_NODE_TYPES.PropertyDefinition
    ) {
      continue;
    }
    if (propertyName(member) !== name || !member.value) continue;
    return resolveFunction(member.value, index, depth + 1);
  }
  return null;
}

/**
 * The parameters that count: a TypeScript `this` parameter is not one. Where there is none, this
 * is the function's own list, not a copy.
 */
export function runtimeParams(fn: FunctionLike): readonly TSESTree.Parameter[] {
  return thisParamCount(fn) === 0 ? fn.params : fn.params.slice(1);
}

/** The runtime parameter at `position`, without building the list: asked of every function of a file. */
export function runtimeParam(fn: FunctionLike, position: number): TSESTree.Parameter | undefined {
  return fn.params[position + thisParamCount(fn)];
}

/** 1 when the function declares TypeScript's `this` parameter, which can only stand first. */
function thisParamCount(fn: FunctionLike): number {
  const first = fn.params[0];
  return first?.type === AST_NODE_TYPES.Identifier && first.name === 'this' ? 1 : 0;
}

