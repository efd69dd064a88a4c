import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionLike, Node } from '../engine/ast';
import { isFunctionLike, propertyName, returnedExpressions, unwrap, walk } from '../engine/ast';
import { resolveProjectFunction } from '../cross-file/exports';
import type { FileIndex } from '../engine/file-index';
import { isRelativeSpecifier } from '../engine/modules';

/**
 * Packages whose default export (or named export) takes a middleware or handler and returns one
 * that runs it, forwarding a rejected promise to `next`.
 */
const WRAPPER_MODULES = new Set([
  'express-async-handler',
  'express-async-wrap',
  'express-asyncify',
  'express-wrap-async',
  'async-middleware',
  'express-async-wrapper',
  '@awaitjs/express',
  'express-promise-wrap',
]);

/**
 * What a wrapper call runs: `asyncHandler(auth.jwt)`, `wrap(users.update)`, `catchAsync(async (req, res) => …)`
 * stand for the function they are given, which keeps its kind (a wrapped authentication
 * middleware still authenticates, a wrapped handler is still the handler). A wrapper is known by
 * shape: a call with one argument that names a function, whose callee comes from a wrapper package
 * or is a project function that returns a function calling its first parameter. Null otherwise.
 */
export function wrappedArgument(node: Node, index: FileIndex): TSESTree.Expression | null {
  const call = unwrap(node);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1) return null;
  const argument = unwrap(call.arguments[0]!);
  if (!namesAFunction(argument)) return null;
  const origin = index.originOf(call.callee);
  if (origin && !isRelativeSpecifier(origin.module)) return WRAPPER_MODULES.has(origin.module) && !origin.called ? (argument as TSESTree.Expression) : null;
  const resolved = resolveProjectFunction(call.callee, index);
  if (!resolved || !callsItsParameter(resolved.fn, resolved.index)) return null;
  return argument as TSESTree.Expression;
}

function namesAFunction(node: Node): boolean {
  return (
    isFunctionLike(node) ||
    node.type === AST_NODE_TYPES.Identifier ||
    (node.type === AST_NODE_TYPES.MemberExpression && propertyName(node) !== null)
  );
}

/** `fn => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next)`, and its `function` and `try` spellings. */
function callsItsParameter(fn: FunctionLike, index: FileIndex): boolean {
  const param = fn.params[0];
  if (param?.type !== AST_NODE_TYPES.Identifier || fn.params.length !== 1) return false;
  const visitorKeys = index.sourceCode.visitorKeys;
  return returnedExpressions(fn, visitorKeys).some((returned) => {
    const inner = unwrap(returned);
    return isFunctionLike(inner) && callsName(inner, param.name, visitorKeys);
  });
}

/** Whether `fn` calls the binding `name` it closes over (`name(…)`, `name.call(…)`, `name.apply(…)`). */
function callsName(fn: FunctionLike, name: string, visitorKeys: Readonly<Record<string, readonly string[] | undefined>>): boolean {
  if (fn.params.some((param) => param.type === AST_NODE_TYPES.Identifier && param.name === name)) return false;
  let found = false;
  walk(fn.body, visitorKeys, (node) => {
    if (found) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = unwrap(node.callee);
    const target =
      callee.type === AST_NODE_TYPES.MemberExpression && ['call', 'apply'].includes(propertyName(callee) ?? '') ? unwrap(callee.object) : callee;
    if (target.type === AST_NODE_TYPES.Identifier && target.name === name) found = true;
    return undefined;
  });
  return found;
}
