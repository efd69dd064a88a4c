/**
 * The string literals a secret check reads: plain strings and templates, their static text, and
 * the places where a string is no value at all (module names, types, directives, keys).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

export type StringNode = TSESTree.StringLiteral | TSESTree.TemplateLiteral;

/** The whole value of a string, or null for a template with substitutions. */
export function staticText(node: StringNode): string | null {
  if (node.type === AST_NODE_TYPES.Literal) return node.value;
  return node.expressions.length === 0 ? (node.quasis[0]?.value.cooked ?? null) : null;
}

/** The text of a template's static parts, where a known token format may still hide. */
export function templateTexts(node: TSESTree.TemplateLiteral): string[] {
  return node.quasis.map((quasi) => quasi.value.cooked ?? '');
}

/** Whether a literal sits where it is no value at all: a module name, a type, a directive, a key. */
export function isNotAValue(node: StringNode): boolean {
  const parent = node.parent;
  if (!parent) return true;
  switch (parent.type) {
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.ExportAllDeclaration:
    case AST_NODE_TYPES.ExportNamedDeclaration:
    case AST_NODE_TYPES.ImportExpression:
    case AST_NODE_TYPES.TSLiteralType:
    case AST_NODE_TYPES.TSExternalModuleReference:
    case AST_NODE_TYPES.TSModuleDeclaration:
      return true;
    case AST_NODE_TYPES.TSEnumMember:
      return parent.initializer !== node;
    case AST_NODE_TYPES.ExpressionStatement:
      return parent.directive !== undefined;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.MethodDefinition:
      return parent.key === node;
    default:
      return false;
  }
}
