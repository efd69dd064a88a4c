import type { TSESLint } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { mergeListeners } from '../../src/util/create-rule';

describe('mergeListeners', () => {
  it("keeps every selector of both sets and, on a shared one, runs the first set's listener first", () => {
    const calls: string[] = [];
    const merged = mergeListeners(
      { CallExpression: () => calls.push('index call'), 'Program:exit': () => calls.push('index exit') },
      { Literal: () => calls.push('rule literal'), 'Program:exit': () => calls.push('rule exit') },
    ) as Record<string, (node: unknown) => void>;
    expect(Object.keys(merged).sort()).toEqual(['CallExpression', 'Literal', 'Program:exit']);
    merged['CallExpression']!({});
    merged['Literal']!({});
    merged['Program:exit']!({});
    expect(calls).toEqual(['index call', 'rule literal', 'index exit', 'rule exit']);
  });

  it('passes a selector that only one set has through unchanged', () => {
    const literal = () => undefined;
    const merged = mergeListeners({}, { Literal: literal } as TSESLint.RuleListener) as Record<string, unknown>;
    expect(merged['Literal']).toBe(literal);
  });
});
