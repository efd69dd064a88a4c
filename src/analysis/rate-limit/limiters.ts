import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { propertyName, unwrap, walk } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import { nodeMemo } from '../engine/store';
import { CONSUME_METHODS, LIMITER_MODULES } from '../libraries/limiters';

/** Names of limiter objects whose module the file does not show: `loginLimiter`, `throttle`, `bruteforce`. */
const LIMITER_NAME = /limit|throttl|brute/i;

function isLimiterObject(node: Node, index: FileIndex): boolean {
  const origin = index.originOf(node);
  if (origin) return LIMITER_MODULES.has(origin.module);
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return LIMITER_NAME.test(inner.name);
  if (inner.type === AST_NODE_TYPES.MemberExpression) return LIMITER_NAME.test(propertyName(inner) ?? '');
  return false;
}

/** A rate-limiter-flexible style `limiter.consume(key)` inside a function: the handler limits itself. */
export const consumesLimiter = nodeMemo('limiter consumption', (body: Node, index: FileIndex): boolean => {
  let found = false;
  walk(body, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = unwrap(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && CONSUME_METHODS.has(propertyName(callee) ?? '') && isLimiterObject(callee.object, index)) {
      found = true;
    }
    return undefined;
  });
  return found;
});
