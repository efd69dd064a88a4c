/**
 * The read a literal stands in for (`process.env.JWT_SECRET || 'dev'`): how a message spells it,
 * and the name it carries.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { propertyName, unwrap } from '../engine/ast';

/** Longer expressions are not quoted in a message. */
const MAX_DESCRIBED_LENGTH = 60;

/** How a value is spelled where it is read, for the message: `` `process.env.JWT_SECRET` ``, `` `config.get('key')` ``. */
export function describeRead(node: Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  let inner = unwrap(node);
  // `a || process.env.X || 'lit'`: the literal stands in for the nearest read, `process.env.X`.
  while (inner.type === AST_NODE_TYPES.LogicalExpression) inner = unwrap(inner.right);
  const readable =
    inner.type === AST_NODE_TYPES.Identifier ||
    inner.type === AST_NODE_TYPES.MemberExpression ||
    inner.type === AST_NODE_TYPES.CallExpression;
  const text = readable ? sourceCode.getText(inner) : '';
  return text && text.length <= MAX_DESCRIBED_LENGTH && !text.includes('\n') ? `\`${text}\`` : 'its source';
}

/** The name a read stands for: `process.env.JWT_SECRET` -> `JWT_SECRET`, `opts.secret` -> `secret`. */
export function nameOfRead(node: Node): string | null {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) return propertyName(inner);
  return null;
}
