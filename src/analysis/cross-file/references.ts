import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { propertyName, unwrapValue } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import { isConstLike, patternPath } from '../engine/file-index';
import { isRelativeSpecifier } from '../engine/modules';

/** One step from a module's exports to a value: read a property, call it, or construct it. */
export type Step = { get: string } | 'call' | 'new';

/** A value reached from a project module: `new (require('./x').Handler)(db).show` is `./x`, [get Handler, new, get show]. */
export interface ImportReference {
  specifier: string;
  steps: Step[];
}

const MAX_DEPTH = 12;

function extend(reference: ImportReference | null, ...steps: Step[]): ImportReference | null {
  return reference ? { specifier: reference.specifier, steps: [...reference.steps, ...steps] } : null;
}

/**
 * The project module an expression's value comes from and the steps that lead to it, following
 * `const` bindings, destructuring, `import` and `require` of relative paths. Null for packages,
 * parameters, re-assigned bindings and anything the syntax does not fix.
 */
export function importReferenceOf(node: Node, index: FileIndex, depth = 0): ImportReference | null {
  if (depth > MAX_DEPTH) return null;
  const inner = unwrapValue(node);
  const required = index.requiredModule(inner);
  if (required !== null) return isRelativeSpecifier(required) ? { specifier: required, steps: [] } : null;
  switch (inner.type) {
    case AST_NODE_TYPES.MemberExpression: {
      const name = propertyName(inner);
      return name === null ? null : extend(importReferenceOf(inner.object, index, depth + 1), { get: name });
    }
    case AST_NODE_TYPES.NewExpression:
      return extend(importReferenceOf(inner.callee, index, depth + 1), 'new');
    case AST_NODE_TYPES.CallExpression:
      return extend(importReferenceOf(inner.callee, index, depth + 1), 'call');
    case AST_NODE_TYPES.Identifier:
      return identifierReference(inner, index, depth);
    default:
      return null;
  }
}

function identifierReference(identifier: TSESTree.Identifier, index: FileIndex, depth: number): ImportReference | null {
  const variable = index.variableOf(identifier);
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type === 'ImportBinding') return importBindingReference(def.node);
  if (def.type !== 'Variable' || !def.node.init || !isConstLike(variable)) return null;
  const keys = patternPath(def.name);
  if (keys === null) return null;
  return extend(importReferenceOf(def.node.init, index, depth + 1), ...keys.map((key) => ({ get: key })));
}

type ImportBindingNode =
  | TSESTree.ImportDefaultSpecifier
  | TSESTree.ImportNamespaceSpecifier
  | TSESTree.ImportSpecifier
  | TSESTree.TSImportEqualsDeclaration;

function importBindingReference(specifier: ImportBindingNode): ImportReference | null {
  if (specifier.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    const reference = specifier.moduleReference;
    if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference || reference.expression.type !== AST_NODE_TYPES.Literal) return null;
    const module = reference.expression.value;
    return typeof module === 'string' && isRelativeSpecifier(module) ? { specifier: module, steps: [] } : null;
  }
  const declaration = specifier.parent;
  if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || !isRelativeSpecifier(declaration.source.value)) return null;
  const module = declaration.source.value;
  if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { specifier: module, steps: [] };
  if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { specifier: module, steps: [{ get: 'default' }] };
  const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
  return { specifier: module, steps: [{ get: imported }] };
}
