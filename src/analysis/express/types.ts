import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/** The express type a parameter has: `Request` or `Response`, whatever the file calls it. */
export type ExpressParamType = 'Request' | 'Response' | null;

/** Declarations from these files are express's (`@types/express`, `express-serve-static-core`). */
const EXPRESS_DECLARATION_FILE = /[\\/]@types[\\/]express(?:-serve-static-core)?[\\/]|[\\/]express[^\\/]*\.d\.ts$/;

/**
 * With typed linting (`parserServices.program`), the express type of a parameter read from the
 * type checker, so that aliases (`type Req = Request`) and imported handler types count.
 * Null without type information: the model then stays syntax-only.
 */
export function expressParamTypes(
  sourceCode: Readonly<TSESLint.SourceCode>,
): ((param: TSESTree.Node) => ExpressParamType) | null {
  const services = sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return null;
  const checker = services.program.getTypeChecker();
  const nodeMap = services.esTreeNodeToTSNodeMap;
  return (param) => {
    const tsNode = nodeMap.get(param);
    if (!tsNode) return null;
    const type = checker.getTypeAtLocation(tsNode);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const name = symbol?.getName();
    if (name !== 'Request' && name !== 'Response') return null;
    const declarations = symbol?.getDeclarations() ?? [];
    return declarations.some((declaration) => EXPRESS_DECLARATION_FILE.test(declaration.getSourceFile().fileName)) ? name : null;
  };
}
