/**
 * The string literals a value comes from: written directly, through `const` bindings, array
 * elements, `||`/`??` fallbacks and parameter defaults, remembering how each was reached.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { unwrap } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import { isConstLike } from '../engine/file-index';
import { describeRead } from './reads';
import type { StringNode } from './string-literals';

/** How far a value is followed through `const` bindings. */
const MAX_RESOLVE_DEPTH = 4;
/** A constant named like an environment variable: a suggestion can read that variable instead. */
const SCREAMING_CASE = /^[A-Z][A-Z\d]*(?:_[A-Z\d]+)*$/;

/** A literal reached from a secret argument, and how. */
export interface ReachedLiteral {
  node: StringNode;
  fallbackFor?: string;
  /** The SCREAMING_CASE `const` the literal was reached through, if any. */
  constant?: string;
  /** An element of an array, where a replacement would not fit. */
  inArray?: boolean;
}

/** The string literals a secret argument's value comes from: directly, through `const`s, arrays and fallbacks. */
export function literalsReaching(
  node: Node,
  index: FileIndex,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): ReachedLiteral[] {
  if (depth > MAX_RESOLVE_DEPTH) return [];
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Literal:
      return typeof inner.value === 'string' ? [{ node: inner as TSESTree.StringLiteral }] : [];
    case AST_NODE_TYPES.TemplateLiteral:
      return inner.expressions.length === 0 ? [{ node: inner }] : [];
    case AST_NODE_TYPES.ArrayExpression:
      return inner.elements.flatMap((element) =>
        element && element.type !== AST_NODE_TYPES.SpreadElement
          ? literalsReaching(element, index, sourceCode, depth + 1).map((reached) => ({ ...reached, inArray: true }))
          : [],
      );
    case AST_NODE_TYPES.LogicalExpression: {
      if (inner.operator === '&&') return [];
      const fallbackFor = describeRead(inner.left, sourceCode);
      const fallbacks = literalsReaching(inner.right, index, sourceCode, depth + 1).map((reached) => ({
        ...reached,
        fallbackFor: reached.fallbackFor ?? fallbackFor,
      }));
      return [...literalsReaching(inner.left, index, sourceCode, depth + 1), ...fallbacks];
    }
    case AST_NODE_TYPES.Identifier:
      return literalsOfBinding(inner, index, sourceCode, depth);
    default:
      return [];
  }
}

/** A `const` (or never re-assigned binding) initialised with a literal, or a parameter default. */
function literalsOfBinding(
  identifier: TSESTree.Identifier,
  index: FileIndex,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth: number,
): ReachedLiteral[] {
  const variable = index.variableOf(identifier);
  if (!variable || variable.defs.length !== 1 || !isConstLike(variable)) return [];
  const def = variable.defs[0]!;
  if (def.type === 'Variable' && def.node.id === def.name && def.node.init) {
    const constant = SCREAMING_CASE.test(variable.name) ? variable.name : undefined;
    return literalsReaching(def.node.init, index, sourceCode, depth + 1).map((reached) => ({ ...reached, constant }));
  }
  const holder = def.name.parent;
  if (def.type === 'Parameter' && holder?.type === AST_NODE_TYPES.AssignmentPattern && holder.left === def.name) {
    return literalsReaching(holder.right, index, sourceCode, depth + 1).map((reached) => ({
      ...reached,
      fallbackFor: reached.fallbackFor ?? `the parameter \`${variable.name}\``,
    }));
  }
  return [];
}
