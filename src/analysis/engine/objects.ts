/**
 * Object literals as values: the options object a call receives, written inline or held by a
 * binding. Every rule and fact that reads options (`helmet({...})`, `session(options)`,
 * `Model.findOne(filter)`, `axios(config)`) asks here, so that "what object does this stand for"
 * has one answer.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from './ast';
import { propertyName, unwrap } from './ast';
import type { FileIndex } from './file-index';
import { initOf, isConstLike } from './file-index';

/**
 * The object literal a value stands for: written inline, or held by a binding declared once with
 * it and never assigned again (`const options = {...}`). Anything else is an unknown value: null.
 */
export function objectOf(node: Node | undefined, index: FileIndex): TSESTree.ObjectExpression | null {
  if (!node) return null;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.ObjectExpression) return inner;
  if (inner.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = index.variableOf(inner);
  if (!variable || variable.defs.length !== 1 || !isConstLike(variable)) return null;
  const init = initOf(variable);
  return init?.type === AST_NODE_TYPES.ObjectExpression ? init : null;
}

/** The first property of an object literal written under one of `names` (spread elements are skipped). */
export function propertyNamed(object: TSESTree.ObjectExpression, names: string | readonly string[]): TSESTree.Property | null {
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name = propertyName(property);
    if (name !== null && (typeof names === 'string' ? name === names : names.includes(name))) return property;
  }
  return null;
}
