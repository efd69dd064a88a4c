import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { growthRatio, repeated } from '../linear-time';

/** Every regular-expression literal in src/: they run on user code, so none may be super-linear. */
function regexLiterals(): { where: string; regex: RegExp }[] {
  const found: { where: string; regex: RegExp }[] = [];
  const walkFolder = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walkFolder(full);
      else if (name.endsWith('.ts')) collect(full);
    }
  };
  const collect = (file: string) => {
    const code = readFileSync(file, 'utf8');
    const { ast } = parseForESLint(code, { sourceType: 'module', ecmaVersion: 'latest', range: true, loc: true });
    const visit = (node: TSESTree.Node) => {
      if (node.type === 'Literal' && 'regex' in node && node.regex) {
        found.push({ where: `${path.relative(process.cwd(), file)}:${node.loc.start.line}`, regex: new RegExp(node.regex.pattern, node.regex.flags) });
      }
      for (const [key, value] of Object.entries(node)) {
        if (key === 'parent') continue;
        if (Array.isArray(value)) value.forEach((item) => item && typeof item.type === 'string' && visit(item));
        else if (value && typeof value === 'object' && typeof (value as TSESTree.Node).type === 'string') visit(value as TSESTree.Node);
      }
    };
    visit(ast);
  };
  walkFolder(path.resolve(__dirname, '../../src'));
  return found;
}

/** Strings that make a backtracking pattern work hard: long runs of one unit, then a character that fails. */
function attackUnits(regex: RegExp): string[] {
  const words = regex.source.match(/[a-z]{3,}/gi) ?? [];
  return ['a', 'A0', '/', ' ', '_-', '.', ':=', 'xX0', ...new Set(words.slice(0, 3))];
}

describe('regular expressions run in linear time', () => {
  const literals = regexLiterals();

  it('finds the patterns', () => {
    expect(literals.length).toBeGreaterThan(10);
  });

  for (const { where, regex } of literals) {
    it(`${where} ${regex}`, () => {
      for (const unit of attackUnits(regex)) {
        const test = (input: string) => {
          regex.lastIndex = 0;
          regex.test(input);
        };
        expect(growthRatio(test, repeated(unit, 10_000), repeated(unit, 100_000)), `unit ${JSON.stringify(unit)}`).toBeLessThan(30);
      }
    });
  }
});
