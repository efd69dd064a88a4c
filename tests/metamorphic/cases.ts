import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A file with findings to vary: its code, name, and the rules (with options) it is linted with. */
export interface SeedCase {
  id: string;
  code: string;
  filename: string;
  rules: Record<string, unknown[]>;
  settings: Record<string, unknown>;
}

const ROOT = path.resolve(__dirname, '../..');

function staticString(node: TSESTree.Node | undefined): string | null {
  if (!node) return null;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]!.value.cooked ?? null;
  return null;
}

/** A literal option or settings object, read from its source text (test data, not user input). */
function staticValue(source: string, node: TSESTree.Node | undefined): unknown {
  if (!node) return undefined;
  try {
    return new Function(`return (${source.slice(node.range[0], node.range[1])});`)();
  } catch {
    return Symbol.for('not static');
  }
}

function property(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | undefined {
  for (const candidate of object.properties) {
    if (candidate.type === AST_NODE_TYPES.Property && candidate.key.type === AST_NODE_TYPES.Identifier && candidate.key.name === name) {
      return candidate.value;
    }
  }
  return undefined;
}

/** An array literal, or a top-level `const` bound to one (`const invalid = [...]`). */
function arrayOf(program: TSESTree.Program, node: TSESTree.Node | undefined): TSESTree.ArrayExpression | null {
  if (node?.type === AST_NODE_TYPES.ArrayExpression) return node;
  if (node?.type !== AST_NODE_TYPES.Identifier) return null;
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of statement.declarations) {
      if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === node.name && declarator.init?.type === AST_NODE_TYPES.ArrayExpression) {
        return declarator.init;
      }
    }
  }
  return null;
}

/** The invalid cases of a RuleTester file, read statically from its `run(name, rule, { invalid })` call. */
export function invalidCasesOf(testFile: string): SeedCase[] {
  const source = readFileSync(testFile, 'utf8');
  const { ast } = parseForESLint(source, { sourceType: 'module', ecmaVersion: 'latest', range: true, loc: true });
  const cases: SeedCase[] = [];
  for (const statement of ast.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const call = statement.expression;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const [nameNode, , runCases] = call.arguments;
    // `rule-id: what this block covers` names a further block of the same rule's cases.
    const ruleName = staticString(nameNode)?.split(':')[0] ?? null;
    if (!ruleName || runCases?.type !== AST_NODE_TYPES.ObjectExpression) continue;
    const invalid = arrayOf(ast, property(runCases, 'invalid'));
    if (!invalid) continue;
    invalid.elements.forEach((element, index) => {
      if (element?.type !== AST_NODE_TYPES.ObjectExpression) return;
      // A case linted as a file of a fixture project on disk depends on those files, not on its code alone.
      const filename = property(element, 'filename');
      if (filename && staticString(filename) === null) return;
      const code = staticString(property(element, 'code'));
      const options = staticValue(source, property(element, 'options')) ?? [];
      const settings = staticValue(source, property(element, 'settings')) ?? {};
      if (code === null || !Array.isArray(options) || typeof settings !== 'object') return;
      const name = staticString(property(element, 'name')) ?? `#${index}`;
      cases.push({
        id: `${path.basename(testFile)} ${name}`,
        code,
        filename: staticString(property(element, 'filename')) ?? 'file.ts',
        rules: { [ruleName]: options },
        settings: settings as Record<string, unknown>,
      });
    });
  }
  return cases;
}

export function ruleTestFiles(): string[] {
  const folder = path.join(ROOT, 'tests/rules');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => path.join(folder, name));
}

const EVAL_CASES = path.resolve(ROOT, '../shared/eval/cases');
const ALL_RULES = ['require-helmet', 'require-rate-limit', 'require-validation', 'no-auth-without-authz', 'no-hardcoded-secret', 'no-unguarded-fetch'];

/** The acceptance corpus beside the project, when it is there: every file, with every rule on. */
export function acceptanceCases(): SeedCase[] {
  if (!existsSync(EVAL_CASES)) return [];
  const cases: SeedCase[] = [];
  for (const folder of readdirSync(EVAL_CASES).sort()) {
    const dir = path.join(EVAL_CASES, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      const code = readFileSync(path.join(dir, name), 'utf8');
      const header = code.split('\n').slice(0, 5).find((line) => line.trimStart().startsWith('// eval-config:'));
      const config = header ? /eval-config:\s*(\{.*\})/.exec(header) : null;
      const parsed = config ? (JSON.parse(config[1]!) as { settings?: Record<string, unknown>; rules?: Record<string, unknown> }) : {};
      const rules: Record<string, unknown[]> = {};
      for (const rule of ALL_RULES) {
        const configured = parsed.rules?.[rule];
        rules[rule] = Array.isArray(configured) ? configured.slice(1) : [];
      }
      cases.push({ id: `eval ${folder}/${name}`, code, filename: name, rules, settings: parsed.settings ?? {} });
    }
  }
  return cases;
}
