import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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

/** CPU microseconds this process spent so far: unlike wall time, not inflated when other work takes the cores. */
function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** CPU microseconds per `test` of `input`, one batch of at least 2 ms. */
function timeOf(regex: RegExp, input: string): number {
  const started = cpuMicros();
  let runs = 0;
  do {
    regex.lastIndex = 0;
    regex.test(input);
    runs++;
  } while (cpuMicros() - started < 2000 && runs < 2000);
  return (cpuMicros() - started) / runs;
}

/**
 * How much longer the 100 kB input takes than the 10 kB one. A busy machine adds noise, so the
 * ratio is measured again (up to three times) before it counts: a linear pattern comes out near 10
 * at least once, a quadratic one near 100 every time.
 */
function growthRatio(regex: RegExp, unit: string): number {
  const small = unit.repeat(Math.ceil(10_000 / unit.length)) + '!\n';
  const large = unit.repeat(Math.ceil(100_000 / unit.length)) + '!\n';
  let best = Infinity;
  for (let attempt = 0; attempt < 3 && best >= 30; attempt++) {
    best = Math.min(best, timeOf(regex, large) / Math.max(timeOf(regex, small), 0.01));
  }
  return best;
}

describe('regular expressions run in linear time', () => {
  const literals = regexLiterals();

  it('finds the patterns', () => {
    expect(literals.length).toBeGreaterThan(10);
  });

  for (const { where, regex } of literals) {
    it(`${where} ${regex}`, () => {
      for (const unit of attackUnits(regex)) {
        // Linear is about 10; quadratic would be about 100.
        expect(growthRatio(regex, unit), `unit ${JSON.stringify(unit)}`).toBeLessThan(30);
      }
    });
  }
});
