import { ESLintUtils } from '@typescript-eslint/utils';
import { REPOSITORY_URL } from '../meta';

/** What every rule of this plugin says about itself in `meta.docs`. */
export interface ExpressSecurityDocs {
  description: string;
  /** Part of `configs.recommended` (all rules are part of `configs.strict`). */
  recommended: boolean;
  /** CWE ids the rule's findings belong to; they reach SARIF output. */
  cwe: readonly string[];
  /** Options the `strict` config sets for this rule, beyond its defaults. */
  strictOptions?: readonly unknown[];
}

export const createRule = ESLintUtils.RuleCreator<ExpressSecurityDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
