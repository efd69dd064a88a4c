import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import type { SeedCase } from './cases';
import { acceptanceCases, invalidCasesOf, ruleTestFiles } from './cases';
import { lineOf, offsetOf } from './edits';
import { variantsOf } from './transforms';

const NAMESPACE = 'express-security';
const linter = new Linter({ configType: 'flat' });

function lint(code: string, filename: string, seed: SeedCase): Linter.LintMessage[] {
  const isCommonJs = /\.c[jt]s$/.test(filename);
  const rules: Linter.RulesRecord = {};
  for (const [rule, options] of Object.entries(seed.rules)) rules[`${NAMESPACE}/${rule}`] = ['error', ...options] as Linter.RuleEntry;
  return linter.verify(
    code,
    [
      {
        files: ['**/*.{js,cjs,mjs,ts,cts,mts}'],
        plugins: { [NAMESPACE]: plugin as never },
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: isCommonJs ? 'commonjs' : 'module' },
        settings: seed.settings,
        rules,
      },
    ],
    filename,
  );
}

/** Findings as `rule@line`, sorted, so that two runs compare as lists. */
const signature = (findings: { ruleId: string | null; line: number }[]) =>
  findings.map((finding) => `${finding.ruleId}@${finding.line}`).sort();

const seeds: SeedCase[] = [...ruleTestFiles().flatMap(invalidCasesOf), ...acceptanceCases()];
let generated = 0;

describe('metamorphic variants keep their findings', () => {
  for (const seed of seeds) {
    const original = lint(seed.code, seed.filename, seed);
    const findings = original.filter((message) => message.ruleId?.startsWith(NAMESPACE));
    if (findings.length === 0 || original.some((message) => message.fatal)) continue;
    for (const variant of variantsOf(seed.code, seed.filename)) {
      generated++;
      it(`${seed.id} — ${variant.transform}`, () => {
        const result = lint(variant.code, variant.filename, seed);
        const fatal = result.find((message) => message.fatal);
        expect(fatal?.message, `the variant does not parse:\n${variant.code}`).toBeUndefined();
        const expected = findings.map((finding) => ({
          ruleId: finding.ruleId,
          line: lineOf(variant.code, variant.mapOffset(offsetOf(seed.code, finding.line, finding.column))),
        }));
        const actual = result.filter((message) => message.ruleId?.startsWith(NAMESPACE));
        expect(signature(actual), variant.code).toEqual(signature(expected));
      });
    }
  }
  it('generates variants', () => {
    expect(generated).toBeGreaterThan(20);
  });
});
