import type { TSESTree } from '@typescript-eslint/utils';
import { getStaticValue as getEstreeStaticValue } from '@eslint-community/eslint-utils';

/**
 * `getStaticValue` of `@eslint-community/eslint-utils` (what `@typescript-eslint/utils/ast-utils`
 * wraps), typed for typescript-eslint's AST. Imported from there directly, so the package needs
 * no `@typescript-eslint/utils` at run time, and so no TypeScript in a JavaScript-only install.
 */
export function getStaticValue(node: TSESTree.Node): { value: unknown } | null {
  return getEstreeStaticValue(node as unknown as Parameters<typeof getEstreeStaticValue>[0]);
}
