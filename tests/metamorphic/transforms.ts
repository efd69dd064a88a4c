import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { Edit, EditedCode, Move } from './edits';
import { applyEdits } from './edits';

/** A rewritten file that must produce the same findings at the mapped places. */
export interface Variant extends EditedCode {
  transform: string;
  filename: string;
}

type Transform = (code: string, filename: string) => Variant | null;

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'options', 'head']);

function parse(code: string, filename: string) {
  const isCommonJs = /\.c[jt]s$/.test(filename);
  return parseForESLint(code, {
    sourceType: isCommonJs ? 'script' : 'module',
    ecmaVersion: 'latest',
    range: true,
    loc: true,
    filePath: filename,
  });
}

function visit(node: TSESTree.Node, callback: (node: TSESTree.Node) => void): void {
  callback(node);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item.type === 'string') visit(item, callback);
    } else if (value && typeof value === 'object' && typeof (value as TSESTree.Node).type === 'string') {
      visit(value as TSESTree.Node, callback);
    }
  }
}

function variant(transform: string, filename: string, code: string, edits: Edit[], moves: Move[] = []): Variant | null {
  if (edits.length === 0) return null;
  return { transform, filename, ...applyEdits(code, edits, moves) };
}

/** Renames every variable called `from` to `to` (declaration and references), where `to` is free. */
function renameVariables(names: Readonly<Record<string, string>>): Transform {
  return (code, filename) => {
    const { scopeManager } = parse(code, filename);
    const edits: Edit[] = [];
    for (const scope of scopeManager?.scopes ?? []) {
      for (const variable of scope.variables) {
        const target = names[variable.name];
        if (!target || variable.defs.length === 0) continue;
        if (scopeManager!.scopes.some((other) => other.set.has(target))) continue;
        const identifiers = new Set<TSESTree.Identifier>([
          ...variable.identifiers,
          ...variable.references.map((reference) => reference.identifier as TSESTree.Identifier),
        ]);
        for (const identifier of identifiers) {
          const parent = identifier.parent;
          // `{ req }` shorthand would change the key: write `{ req: request }`.
          if (parent?.type === AST_NODE_TYPES.Property && parent.shorthand && parent.value === identifier) {
            edits.push({ start: identifier.range[0], end: identifier.range[0] + variable.name.length, text: `${variable.name}: ${target}` });
          } else {
            edits.push({ start: identifier.range[0], end: identifier.range[0] + variable.name.length, text: target });
          }
        }
      }
    }
    return variant(`rename ${Object.keys(names).join(',')}`, filename, code, dedupe(edits));
  };
}

function dedupe(edits: Edit[]): Edit[] {
  const seen = new Set<number>();
  return edits.filter((edit) => !seen.has(edit.start) && seen.add(edit.start));
}

/** ESM to CommonJS: imports become requires on the same lines, `export default` becomes `module.exports =`. */
const esmToCommonJs: Transform = (code, filename) => {
  if (!/\.(?:m?js|m?ts)$/.test(filename) || filename.endsWith('.d.ts')) return null;
  const { ast } = parse(code, filename);
  const edits: Edit[] = [];
  for (const statement of ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      if (statement.importKind === 'type') continue;
      const source = code.slice(statement.source.range[0], statement.source.range[1]);
      const text = importAsRequire(statement, source, code);
      if (text === null) return null;
      edits.push({ start: statement.range[0], end: statement.range[1], text });
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const declaration = statement.declaration;
      if (declaration.type === AST_NODE_TYPES.FunctionDeclaration || declaration.type === AST_NODE_TYPES.ClassDeclaration) {
        if (!declaration.id) {
          edits.push({ start: statement.range[0], end: declaration.range[0], text: 'module.exports = ' });
          continue;
        }
        return null;
      }
      edits.push({ start: statement.range[0], end: declaration.range[0], text: 'module.exports = ' });
    } else if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportAllDeclaration) {
      if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration && !statement.source) {
        const declaration = statement.declaration;
        const names = declaredNames(declaration);
        if (names === null) return null;
        edits.push({ start: statement.range[0], end: declaration.range[0], text: '' });
        edits.push({ start: statement.range[1], end: statement.range[1], text: names.map((name) => ` module.exports.${name} = ${name};`).join('') });
      } else {
        return null;
      }
    }
  }
  if (edits.length === 0) return null;
  const commonJsName = filename.replace(/\.m?js$/, '.cjs').replace(/\.m?ts$/, '.cts');
  return variant('ESM to CommonJS', commonJsName, code, edits);
};

function declaredNames(declaration: TSESTree.Node): string[] | null {
  if (declaration.type === AST_NODE_TYPES.FunctionDeclaration || declaration.type === AST_NODE_TYPES.ClassDeclaration) {
    return declaration.id ? [declaration.id.name] : null;
  }
  if (declaration.type === AST_NODE_TYPES.VariableDeclaration) {
    const names = declaration.declarations.map((declarator) => (declarator.id.type === AST_NODE_TYPES.Identifier ? declarator.id.name : null));
    return names.every((name) => name !== null) ? (names as string[]) : null;
  }
  if (declaration.type === AST_NODE_TYPES.TSInterfaceDeclaration || declaration.type === AST_NODE_TYPES.TSTypeAliasDeclaration) return [];
  return null;
}

function importAsRequire(statement: TSESTree.ImportDeclaration, source: string, code: string): string | null {
  const specifiers = statement.specifiers.filter((specifier) => !(specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type'));
  if (specifiers.length === 0) return statement.specifiers.length === 0 ? `require(${source});` : '';
  const defaults = specifiers.filter((specifier) => specifier.type !== AST_NODE_TYPES.ImportSpecifier);
  const named = specifiers.filter((specifier): specifier is TSESTree.ImportSpecifier => specifier.type === AST_NODE_TYPES.ImportSpecifier);
  const parts: string[] = [];
  for (const specifier of defaults) parts.push(`const ${specifier.local.name} = require(${source});`);
  if (named.length > 0) {
    // Keep the braces' own line breaks so that every later line keeps its number.
    const open = code.indexOf('{', statement.range[0]);
    const close = code.lastIndexOf('}', statement.source.range[0]);
    let inner = code.slice(open + 1, close);
    for (const specifier of [...named].reverse()) {
      const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      const text = imported === specifier.local.name ? imported : `${imported}: ${specifier.local.name}`;
      const start = specifier.range[0] - open - 1;
      const end = specifier.range[1] - open - 1;
      inner = inner.slice(0, start) + text + inner.slice(end);
    }
    inner = inner.replace(/\btype\s+/g, '');
    parts.push(`const {${inner}} = require(${source});`);
  }
  return parts.join(' ');
}

/** CommonJS to ESM: top-level `const x = require('m')` become imports, `module.exports = x` becomes `export default x`. */
const commonJsToEsm: Transform = (code, filename) => {
  if (!/\.(?:c?js|c?ts)$/.test(filename)) return null;
  const { ast } = parse(code, filename);
  if (ast.body.some((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration)) return null;
  const edits: Edit[] = [];
  for (const statement of ast.body) {
    if (statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length === 1) {
      const [declarator] = statement.declarations;
      const init = declarator!.init;
      if (
        init?.type === AST_NODE_TYPES.CallExpression &&
        init.callee.type === AST_NODE_TYPES.Identifier &&
        init.callee.name === 'require' &&
        init.arguments[0]?.type === AST_NODE_TYPES.Literal
      ) {
        const source = code.slice(init.arguments[0].range[0], init.arguments[0].range[1]);
        const id = declarator!.id;
        if (id.type === AST_NODE_TYPES.Identifier) {
          edits.push({ start: statement.range[0], end: statement.range[1], text: `import ${id.name} from ${source};` });
        } else if (id.type === AST_NODE_TYPES.ObjectPattern && id.properties.every((property) => property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier && property.key.type === AST_NODE_TYPES.Identifier)) {
          const names = id.properties.map((property) => {
            const p = property as TSESTree.Property;
            const key = (p.key as TSESTree.Identifier).name;
            const value = (p.value as TSESTree.Identifier).name;
            return key === value ? key : `${key} as ${value}`;
          });
          const newlines = code.slice(statement.range[0], statement.range[1]).split('\n').length - 1;
          edits.push({ start: statement.range[0], end: statement.range[1], text: `import { ${names.join(', ')} } from ${source};${'\n'.repeat(newlines)}` });
        }
      }
    } else if (
      statement.type === AST_NODE_TYPES.ExpressionStatement &&
      statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
      code.slice(statement.expression.left.range[0], statement.expression.left.range[1]) === 'module.exports' &&
      statement.expression.right.type !== AST_NODE_TYPES.ObjectExpression
    ) {
      edits.push({ start: statement.range[0], end: statement.expression.right.range[0], text: 'export default ' });
    }
  }
  if (edits.length === 0) return null;
  const esmName = filename.replace(/\.c?js$/, '.mjs').replace(/\.c?ts$/, '.mts');
  return variant('CommonJS to ESM', esmName, code, edits);
};

function isHandlerShaped(node: TSESTree.Node): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration {
  if (
    node.type !== AST_NODE_TYPES.ArrowFunctionExpression &&
    node.type !== AST_NODE_TYPES.FunctionExpression &&
    node.type !== AST_NODE_TYPES.FunctionDeclaration
  ) {
    return false;
  }
  const [first, second] = node.params;
  return first?.type === AST_NODE_TYPES.Identifier && second?.type === AST_NODE_TYPES.Identifier && /^req/.test(first.name) && /^res/.test(second.name);
}

/** JavaScript to TypeScript: handler parameters typed with express's types. */
const javaScriptToTypeScript: Transform = (code, filename) => {
  if (!/\.[cm]?js$/.test(filename)) return null;
  const { ast } = parse(code, filename);
  const edits: Edit[] = [];
  visit(ast, (node) => {
    if (!isHandlerShaped(node)) return;
    const types = ['Request', 'Response', 'NextFunction'];
    node.params.slice(0, 3).forEach((param, index) => {
      if (param.type !== AST_NODE_TYPES.Identifier || param.typeAnnotation) return;
      edits.push({ start: param.range[1], end: param.range[1], text: `: ${types[index]}` });
    });
    // `async req => ...` has no parentheses to hold a type; not a shape handlers take here.
  });
  if (edits.length === 0) return null;
  edits.push({ start: 0, end: 0, text: "import type { Request, Response, NextFunction } from 'express'; " });
  const tsName = filename.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts');
  return variant('JavaScript to TypeScript', tsName, code, edits);
};

/** Inline route handlers at module level moved to named `const` functions at the end of the file. */
const inlineHandlerToNamed: Transform = (code, filename) => {
  const { ast } = parse(code, filename);
  const handlers: TSESTree.Node[] = [];
  for (const statement of ast.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    visit(statement.expression, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const property = node.callee.property;
      if (property.type !== AST_NODE_TYPES.Identifier || !ROUTE_METHODS.has(property.name)) return;
      const handler = node.arguments[node.arguments.length - 1];
      if (!handler || node.arguments.length < 2 || !isHandlerShaped(handler)) return;
      if (handlers.some((outer) => outer.range[0] <= handler.range[0] && handler.range[1] <= outer.range[1])) return;
      handlers.push(handler);
    });
  }
  if (handlers.length === 0) return null;
  const edits: Edit[] = handlers.map((handler, index) => ({
    start: handler.range[0],
    end: handler.range[1],
    text: `movedHandler${index + 1}`,
  }));
  // The moved functions land after the rest of the rewritten file.
  let target = code.length + edits.reduce((sum, edit) => sum + edit.text.length - (edit.end - edit.start), 0);
  const moves: Move[] = [];
  let suffix = '';
  handlers.forEach((handler, index) => {
    const prefix = `\nconst movedHandler${index + 1} = `;
    const text = code.slice(handler.range[0], handler.range[1]);
    moves.push({ start: handler.range[0], end: handler.range[1], target: target + prefix.length });
    suffix += `${prefix}${text};`;
    target += prefix.length + text.length + 1;
  });
  edits.push({ start: code.length, end: code.length, text: suffix });
  return variant('inline handler to named function', filename, code, edits, moves);
};

/** A harmless statement inserted at the start of every handler body and after the imports. */
const insertUnrelatedStatements: Transform = (code, filename) => {
  const { ast } = parse(code, filename);
  const edits: Edit[] = [];
  const lastImport = [...ast.body].reverse().find((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration);
  if (lastImport) edits.push({ start: lastImport.range[1], end: lastImport.range[1], text: '\nconst startedAt = Date.now();' });
  visit(ast, (node) => {
    if (!isHandlerShaped(node) || node.body.type !== AST_NODE_TYPES.BlockStatement) return;
    const open = node.body.range[0] + 1;
    edits.push({ start: open, end: open, text: "\n  console.debug('handling request');" });
  });
  return variant('unrelated statements inserted', filename, code, edits);
};

/** `r.post('/x', a, b, handler)` -> `r.post('/x', [a, b], handler)`. */
const groupMiddlewareIntoArrays: Transform = (code, filename) => {
  const { ast } = parse(code, filename);
  const edits: Edit[] = [];
  visit(ast, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
    const property = node.callee.property;
    if (property.type !== AST_NODE_TYPES.Identifier || !ROUTE_METHODS.has(property.name)) return;
    const [path, ...rest] = node.arguments;
    const middleware = rest.slice(0, -1);
    if (!path || path.type !== AST_NODE_TYPES.Literal || middleware.length < 2) return;
    if (middleware.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement || argument.type === AST_NODE_TYPES.ArrayExpression)) return;
    edits.push({ start: middleware[0]!.range[0], end: middleware[0]!.range[0], text: '[' });
    edits.push({ start: middleware[middleware.length - 1]!.range[1], end: middleware[middleware.length - 1]!.range[1], text: ']' });
  });
  return variant('middleware grouped into an array', filename, code, edits);
};

export const TRANSFORMS: readonly Transform[] = [
  renameVariables({ req: 'request', res: 'response' }),
  renameVariables({ app: 'server', router: 'api' }),
  esmToCommonJs,
  commonJsToEsm,
  javaScriptToTypeScript,
  inlineHandlerToNamed,
  insertUnrelatedStatements,
  groupMiddlewareIntoArrays,
];

/** Every variant of a file the transformations produce (those that apply). */
export function variantsOf(code: string, filename: string): Variant[] {
  const variants: Variant[] = [];
  for (const transform of TRANSFORMS) {
    try {
      const result = transform(code, filename);
      if (result) variants.push(result);
    } catch {
      // a source the generator's parser setup cannot read has no variants
    }
  }
  return variants;
}
