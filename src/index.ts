import type { TSESLint } from '@typescript-eslint/utils';
import { recommendedRules, strictRules } from './configs';
import { NAMESPACE, PLUGIN_NAME, PLUGIN_VERSION } from './meta';
import { rules } from './rules';

interface ExpressSecurityPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: {
    recommended: TSESLint.FlatConfig.Config;
    strict: TSESLint.FlatConfig.Config;
  };
}

const plugin: ExpressSecurityPlugin = {
  meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION, namespace: NAMESPACE },
  rules,
  configs: {} as ExpressSecurityPlugin['configs'],
};

// The configs carry the plugin itself, so they are attached after it exists.
Object.assign(plugin.configs, {
  recommended: {
    name: `${NAMESPACE}/recommended`,
    plugins: { [NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: recommendedRules(),
  },
  strict: {
    name: `${NAMESPACE}/strict`,
    plugins: { [NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: strictRules(),
  },
});

export default plugin;
