import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { calleeName, unwrap, walk } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import type { Route } from '../express/model';
import { ROUND_TRIP_METHODS } from '../libraries/databases';
import { CRYPTO_MODULES } from '../libraries/credentials';
import { EXPENSIVE_CRYPTO, EXPENSIVE_MODULES } from '../libraries/expensive-modules';

function isExpensiveCall(call: TSESTree.CallExpression | TSESTree.NewExpression, index: FileIndex): boolean {
  const origin = index.originOf(call.callee);
  const name = calleeName(call);
  if (origin) {
    if (EXPENSIVE_MODULES.has(origin.module)) return true;
    if (CRYPTO_MODULES.has(origin.module) && EXPENSIVE_CRYPTO.test(name ?? '')) return true;
  }
  if (call.type === AST_NODE_TYPES.CallExpression && unwrap(call.callee).type === AST_NODE_TYPES.Identifier) {
    if (name === 'fetch' && index.isGlobal(unwrap(call.callee), 'fetch')) return true;
  }
  return unwrap(call.callee).type === AST_NODE_TYPES.MemberExpression && ROUND_TRIP_METHODS.has(name ?? '');
}

/**
 * Whether the route's handler does work worth limiting (database, file system, hashing, child
 * processes, outbound requests), as CodeQL's missing-rate-limiting asks.
 */
export function doesExpensiveWork(route: Route, index: FileIndex): boolean {
  if (!route.handler) return false;
  let found = false;
  walk(route.handler.fn.body, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && isExpensiveCall(node, index)) {
      found = true;
    }
    return undefined;
  });
  return found;
}
