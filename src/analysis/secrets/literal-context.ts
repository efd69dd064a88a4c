/**
 * What a literal is given to, read upwards from the literal: the binding or property names it is
 * stored under, whether it is a fallback (`x || 'lit'`, a default value) and whether it sits in an
 * array or an object literal.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { propertyName, unwrap } from '../engine/ast';
import { secretNameOf } from './names';
import { describeRead, nameOfRead } from './reads';
import type { StringNode } from './string-literals';
import { mayHoldTokenFormat } from './token-formats';

/** What a literal is given to: a binding or property name, and whether it is a fallback for something. */
export interface LiteralContext {
  names: string[];
  /** The literal is an element of an array literal of this many elements. */
  arrayLength?: number;
  /** The name is an object literal's key: such objects also hold enums, labels and translations. */
  inObject?: boolean;
  /** `x || 'lit'`, `x ?? 'lit'`, a default value: how the replaced value is spelled. */
  fallbackFor?: string;
}

/**
 * One shape for every context (all fields, in one order): the secret check reads one per string
 * of the file, and objects of several shapes there made V8 recompile it again and again.
 */
function literalContext(names: string[], fallbackFor: string | undefined, arrayLength: number | undefined, inObject = false): LiteralContext {
  return { names, arrayLength, inObject, fallbackFor };
}

/** The parents that can give a literal a name or a fallback; under any other a literal has no context. */
const NAMING_PARENTS = new Set<string>([
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.AssignmentPattern,
  AST_NODE_TYPES.Property,
  AST_NODE_TYPES.PropertyDefinition,
  AST_NODE_TYPES.VariableDeclarator,
  AST_NODE_TYPES.AssignmentExpression,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
  AST_NODE_TYPES.TSInstantiationExpression,
]);

/**
 * The context of a literal that is an argument, an operand, a return value: shared, never
 * changed by a reader (not frozen: a frozen object would be a second shape where one is read).
 */
const NO_CONTEXT: LiteralContext = literalContext([], undefined, undefined);

/**
 * The name `value` is stored under where `parent` stores it: an object literal's key, a class
 * field's, a `const`'s, an assignment's target (`''` for a key with no static name). Null when
 * `value` is not what the place stores, or the place names nothing. The filter below and
 * `contextOf` read names through it, so that they cannot disagree about which strings are named.
 */
function storedName(parent: Node, value: Node): string | null {
  switch (parent.type) {
    case AST_NODE_TYPES.Property:
      return parent.value === value && parent.parent.type === AST_NODE_TYPES.ObjectExpression ? (propertyName(parent) ?? '') : null;
    case AST_NODE_TYPES.PropertyDefinition:
      return parent.value === value ? (propertyName(parent) ?? '') : null;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : null;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === value && parent.operator !== '+=' ? (nameOfRead(parent.left) ?? '') : null;
    default:
      return null;
  }
}

/** The names and fallback a literal is stored under, looking through parentheses, casts, arrays and `||`/`??`. */
export function contextOf(literal: StringNode, sourceCode: Readonly<TSESLint.SourceCode>): LiteralContext {
  // Most strings are call arguments and operands: no object to build for them.
  if (!literal.parent || !NAMING_PARENTS.has(literal.parent.type)) return NO_CONTEXT;
  const names: string[] = [];
  let fallbackFor: string | undefined;
  let arrayLength: number | undefined;
  let node: Node = literal;
  for (let depth = 0; depth < 8 && node.parent; depth++) {
    const parent: Node = node.parent;
    if (unwrap(parent) !== parent || parent.type === AST_NODE_TYPES.ChainExpression) {
      node = parent;
      continue;
    }
    switch (parent.type) {
      case AST_NODE_TYPES.ArrayExpression:
        arrayLength = parent.elements.length;
        node = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression: {
        if (parent.right !== node || parent.operator === '&&') return literalContext(names, fallbackFor, arrayLength);
        const read = nameOfRead(parent.left);
        if (read) names.push(read);
        fallbackFor = describeRead(parent.left, sourceCode);
        node = parent;
        continue;
      }
      case AST_NODE_TYPES.AssignmentPattern: {
        if (parent.right !== node) return literalContext(names, fallbackFor, arrayLength);
        const holder = parent.parent;
        if (holder?.type === AST_NODE_TYPES.Property && holder.value === parent) names.push(propertyName(holder) ?? '');
        if (parent.left.type === AST_NODE_TYPES.Identifier) names.push(parent.left.name);
        const described = names.find(Boolean);
        return literalContext(names, fallbackFor ?? (described ? `\`${described}\`` : 'its source'), arrayLength);
      }
      case AST_NODE_TYPES.Property:
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.VariableDeclarator:
      case AST_NODE_TYPES.AssignmentExpression: {
        const name = storedName(parent, node);
        if (name !== null) names.push(name);
        return literalContext(names, fallbackFor, arrayLength, parent.type === AST_NODE_TYPES.Property);
      }
      default:
        return literalContext(names, fallbackFor, arrayLength);
    }
  }
  return literalContext(names, fallbackFor, arrayLength);
}

/** Whether a text can hold one of the findings that need no name: a known token format, or a password in a URL. */
function mayHoldFormat(text: string): boolean {
  return text.includes('://') || mayHoldTokenFormat(text);
}

/**
 * Whether a string can hold a secret at all, asked of every string of every file as the traversal
 * meets it: a token format's hint or a URL in its text, or stored where a name can say it is a
 * secret. The commonest places are decided here by the name itself (an object literal's
 * property, a `const`, an assignment, a class field), as `contextOf` would read it; the rarer ones
 * (an array's element, a fallback, a default value, a cast) are kept for it. A string
 * this turns away has no token format, no URL password and no secret name: a long message or
 * query under a name that says nothing, or given to a call, is dropped here.
 */
function mayHoldSecretText(node: StringNode, text: string): boolean {
  if (text === '') return false;
  if (mayHoldFormat(text)) return true;
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.VariableDeclarator:
    case AST_NODE_TYPES.AssignmentExpression: {
      const name = storedName(parent, node);
      return name !== null && secretNameOf(name) !== null;
    }
    default:
      return NAMING_PARENTS.has(parent.type);
  }
}

/** `mayHoldSecretText` for a string literal. */
export function mayHoldSecret(literal: TSESTree.StringLiteral): boolean {
  return mayHoldSecretText(literal, literal.value);
}

/**
 * The same for a template: one without expressions is a string; one with expressions has no
 * static value to store under a name, so only a format in one of its static parts can be found.
 */
export function templateMayHoldSecret(template: TSESTree.TemplateLiteral): boolean {
  const quasis = template.quasis;
  if (template.expressions.length === 0) return mayHoldSecretText(template, quasis[0]?.value.cooked ?? '');
  for (let i = 0; i < quasis.length; i++) {
    const text = quasis[i]!.value.cooked;
    if (text && mayHoldFormat(text)) return true;
  }
  return false;
}
