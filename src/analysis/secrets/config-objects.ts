/**
 * Configuration: the objects a module exports (`module.exports = { cookieSecret: '…' }`,
 * `export default { jwtSecret: '…' }`) and the files named for it (`config.js`, `config/env/all.js`).
 * A value under a secret name there is the one the app runs with, wherever the file passes it on.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { propertyName, unwrap } from '../engine/ast';

/** File names (without extension) that say a file holds an app's configuration. */
const CONFIG_FILE_NAMES = new Set(['config', 'configuration', 'settings', 'secrets', 'credentials']);
/** Folders whose files are per-environment configuration (`config/env/production.js`). */
const CONFIG_FOLDERS = new Set(['config', 'configs', 'conf']);
const CONFIG_WORDS = /conf|settings|secrets|credentials/i;
/** How many objects and arrays a config value may be nested in below the exported object. */
const MAX_NESTING = 8;

/** Whether a file's path (relative to the project) names it as configuration. */
export function isConfigFile(relativePath: string): boolean {
  // Every name above holds one of these: most paths are turned away by one scan.
  if (!CONFIG_WORDS.test(relativePath)) return false;
  const segments = relativePath.split(/[\\/]/);
  const base = (segments.pop() ?? '').replace(/\.[cm]?[jt]sx?$/, '');
  return CONFIG_FILE_NAMES.has(base.toLowerCase()) || segments.some((segment) => CONFIG_FOLDERS.has(segment.toLowerCase()));
}

/** `module.exports`, `module.exports.x`, `exports.x`. */
function isModuleExports(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === 'exports';
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrap(inner.object);
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'module') return propertyName(inner) === 'exports';
  return isModuleExports(object);
}

/** Whether a value is exported where it stands: `module.exports = value`, `export default value`, `export const x = value`. */
function isExportedHere(value: Node): boolean {
  const parent = value.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression) return parent.right === value && isModuleExports(parent.left);
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  return (
    parent.type === AST_NODE_TYPES.VariableDeclarator &&
    parent.init === value &&
    parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration
  );
}

/** `const config = {…}; module.exports = config` (or `export default config`, `export { config }`). */
function isExportedLater(declarator: TSESTree.VariableDeclarator, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return sourceCode.getDeclaredVariables(declarator).some((variable) =>
    variable.references.some((reference) => {
      const identifier = reference.identifier;
      const parent = identifier.parent;
      if (parent?.type === AST_NODE_TYPES.ExportSpecifier) return true;
      return isExportedHere(identifier);
    }),
  );
}

/** The outermost object or array literal a value sits in (or the value itself), climbing through wrappers. */
function outermostLiteral(value: Node): Node {
  let node = value;
  for (let depth = 0; depth < MAX_NESTING && node.parent; depth++) {
    const parent: Node = node.parent;
    if (unwrap(parent) !== parent) node = parent;
    else if (parent.type === AST_NODE_TYPES.Property && parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
      node = parent.parent;
    } else if (parent.type === AST_NODE_TYPES.ArrayExpression) node = parent;
    else break;
  }
  return node;
}

/**
 * Whether a value is exported, alone or inside an object or array literal the module exports:
 * `exports.secret = '…'`, `export const SECRET = '…'`, `module.exports = { db: { password: '…' } }`.
 */
export function isExportedValue(value: Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const top = outermostLiteral(value);
  if (isExportedHere(top)) return true;
  const parent = top.parent;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === top && isExportedLater(parent, sourceCode);
}
