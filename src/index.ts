import type { ESLint, Linter } from 'eslint';
import { recommendedRules, strictRules } from './configs';
import { NAMESPACE, PLUGIN_NAME, PLUGIN_VERSION } from './meta';
import { rules } from './rules';

/** A rule as the user's ESLint types it (typescript-eslint's rule type is not assignable to it). */
type EslintRule = NonNullable<ESLint.Plugin['rules']>[string];

/**
 * A flat-config object of this plugin, typed with the types of the user's own ESLint (9 or 10,
 * a peer dependency), so it passes `defineConfig([...])`, `Linter.Config[]` and `tseslint.config(...)`.
 */
export type ExpressSecurityConfig = Linter.Config & {
  name: string;
  plugins: { 'express-security': ExpressSecurityPlugin };
  rules: Linter.RulesRecord;
};

/**
 * The rule ids, written out: the declarations then name no type of typescript-eslint, which a
 * JavaScript-only project does not install. `rulesAgree` below keeps the list and the rules equal.
 */
export type ExpressSecurityRuleId =
  | 'no-auth-without-authz'
  | 'no-hardcoded-secret'
  | 'no-unguarded-fetch'
  | 'require-helmet'
  | 'require-rate-limit'
  | 'require-validation';

export interface ExpressSecurityPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: { [id in ExpressSecurityRuleId]: EslintRule };
  configs: {
    recommended: ExpressSecurityConfig;
    strict: ExpressSecurityConfig;
  };
}

// Fails to compile when a rule is missing from the id list, or the list names a rule that does not exist.
const rulesAgree: [keyof typeof rules, ExpressSecurityRuleId] extends [ExpressSecurityRuleId, keyof typeof rules] ? true : never = true;
void rulesAgree;

const plugin: ExpressSecurityPlugin = {
  meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION, namespace: NAMESPACE },
  rules: rules as unknown as ExpressSecurityPlugin['rules'],
  configs: {} as ExpressSecurityPlugin['configs'],
};

// The configs carry the plugin itself, so they are attached after it exists.
Object.assign(plugin.configs, {
  recommended: {
    name: `${NAMESPACE}/recommended`,
    plugins: { [NAMESPACE]: plugin },
    rules: recommendedRules(),
  },
  strict: {
    name: `${NAMESPACE}/strict`,
    plugins: { [NAMESPACE]: plugin },
    rules: strictRules(),
  },
} satisfies ExpressSecurityPlugin['configs']);

export default plugin;
