import type { TSESLint } from '@typescript-eslint/utils';
import { NAMESPACE } from '../meta';
import { rules } from '../rules';

type RuleEntry = TSESLint.SharedConfig.RuleEntry;

/** `recommended`: every rule marked recommended, with its default options. */
export function recommendedRules(): Record<string, RuleEntry> {
  const entries: Record<string, RuleEntry> = {};
  for (const [id, rule] of Object.entries(rules)) {
    if (rule.meta.docs?.recommended) entries[`${NAMESPACE}/${id}`] = 'error';
  }
  return entries;
}

/** `strict`: every rule, with the options each rule names as its strict ones. */
export function strictRules(): Record<string, RuleEntry> {
  const entries: Record<string, RuleEntry> = {};
  for (const [id, rule] of Object.entries(rules)) {
    const strictOptions = rule.meta.docs?.strictOptions ?? [];
    entries[`${NAMESPACE}/${id}`] = ['error', ...strictOptions] as RuleEntry;
  }
  return entries;
}
