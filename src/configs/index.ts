import { NAMESPACE } from '../meta';
import { rules } from '../rules';

/** A rule's entry in the exported configs: on, with its options when it has strict ones. */
export type ConfigRuleEntry = 'error' | ['error', ...unknown[]];

/** `recommended`: every rule marked recommended, with its default options. */
export function recommendedRules(): Record<string, ConfigRuleEntry> {
  const entries: Record<string, ConfigRuleEntry> = {};
  for (const [id, rule] of Object.entries(rules)) {
    if (rule.meta.docs?.recommended) entries[`${NAMESPACE}/${id}`] = 'error';
  }
  return entries;
}

/** `strict`: every rule, with the options each rule names as its strict ones. */
export function strictRules(): Record<string, ConfigRuleEntry> {
  const entries: Record<string, ConfigRuleEntry> = {};
  for (const [id, rule] of Object.entries(rules)) {
    const strictOptions: readonly unknown[] = rule.meta.docs?.strictOptions ?? [];
    entries[`${NAMESPACE}/${id}`] = ['error', ...strictOptions];
  }
  return entries;
}
