// The ESLint configurations the benchmark compares, built the same way for every measurement
// so that the only difference between two of them is the rules they turn on.
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(here, '..');
export const NAMESPACE = 'express-security';

/** The value after `--name` on the command line, or `fallback`. */
export function flagValue(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/** The machine a measurement ran on, as the reports name it. */
export function machineName() {
  const cpus = os.cpus();
  const memoryGiB = Math.round(os.totalmem() / 2 ** 30);
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${memoryGiB} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/**
 * Where the plugin under test is loaded from: `--plugin PATH` (a built `index.js` or a folder
 * holding `dist/index.js` or `index.js`), else EXPRESS_SECURITY_PLUGIN, else the project's dist/.
 */
export function pluginPathFrom(argv = process.argv, env = process.env) {
  const flag = argv.indexOf('--plugin');
  const given = flag >= 0 ? argv[flag + 1] : env.EXPRESS_SECURITY_PLUGIN;
  const chosen = path.resolve(given ?? path.join(PROJECT_ROOT, 'dist'));
  return chosen.endsWith('.js') ? chosen : path.join(chosen, 'index.js');
}

export async function loadPlugin(pluginPath) {
  const loaded = await import(pathToFileURL(pluginPath).href);
  return loaded.default ?? loaded;
}

export async function loadSecurityPeer() {
  const loaded = await import('eslint-plugin-security');
  return loaded.default ?? loaded;
}

/**
 * The parser setup every configuration shares: the corpus is CommonJS JavaScript. Inline
 * config is off because the corpus carries its own `/* eslint ... *\/` comments, which would
 * switch on rules of its own and make two configurations differ by more than their rules.
 */
export const BASE = {
  files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
  languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' },
  linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
};

/**
 * The parser setups `--base` accepts. `commonjs` (the default) is BASE, for the corpus and the
 * realworld apps; `demo` is what `npm run demo` lints `examples/` with: the TypeScript parser,
 * ES modules by default, `.ts` files included.
 */
export async function baseFor(name = 'commonjs') {
  if (name === 'commonjs') return BASE;
  if (name === 'demo') {
    const { default: tsParser } = await import('@typescript-eslint/parser');
    return {
      files: ['**/*.{js,cjs,mjs,ts,cts,mts}'],
      languageOptions: { parser: tsParser, ecmaVersion: 'latest' },
      linterOptions: BASE.linterOptions,
    };
  }
  throw new Error(`unknown --base "${name}"; use commonjs or demo`);
}

/**
 * The names `--config` accepts: fixed ones, `rule:<id>` for one plugin rule alone, and
 * `strict-first:<id>` for `strict` with that rule created first.
 */
export const CONFIG_NAMES = ['floor', 'noop', 'listeners', 'recommended', 'recommended-no-imports', 'strict', 'security'];

/**
 * Six rules that do nothing but listen to `Program:exit`: what any six-rule plugin pays ESLint
 * per file (creating the rules, their contexts and listeners). Against the floor it is the
 * fixed cost of six rules and the noise band of a measure.
 */
export const NOOP_PLUGIN = {
  meta: { name: 'bench-noop' },
  rules: Object.fromEntries(
    ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => [
      id,
      { meta: { type: 'problem', schema: [] }, create: () => ({ 'Program:exit'() {} }) },
    ]),
  ),
};

/**
 * Six rules that listen to the node types this plugin's rules listen to and keep the nodes, and
 * do nothing else: ESLint's cost of handing those events to listeners, the floor under any design
 * that collects calls and string literals as the traversal meets them.
 */
export const LISTENERS_PLUGIN = {
  meta: { name: 'bench-listeners' },
  rules: Object.fromEntries(
    ['a', 'b', 'c', 'd', 'e', 'f'].map((id, position) => {
      const types = [['CallExpression', 'NewExpression', 'ImportExpression'], ['Literal', 'TemplateLiteral']][position] ?? [];
      const create = () => {
        const kept = [];
        const keep = (node) => kept.push(node);
        return { ...Object.fromEntries(types.map((type) => [type, keep])), 'Program:exit'() { kept.length = 0; } };
      };
      return [id, { meta: { type: 'problem', schema: [] }, create }];
    }),
  ),
};

/**
 * The flat config for one benchmark name. The floor turns on one trivial core rule
 * (`no-debugger`): with no rule at all ESLint skips the traversal, which is no fair floor.
 * Every other configuration keeps that rule, so the difference is only the rules measured.
 */
export function buildConfig(name, plugin, securityPeer, base = BASE) {
  const floor = { ...base, rules: { 'no-debugger': 'error' } };
  if (name === 'floor') return [floor];
  if (name === 'noop' || name === 'listeners') {
    const yardstick = name === 'noop' ? NOOP_PLUGIN : LISTENERS_PLUGIN;
    return [floor, { ...base, plugins: { [name]: yardstick }, rules: Object.fromEntries(Object.keys(yardstick.rules).map((id) => [`${name}/${id}`, 'error'])) }];
  }
  if (name === 'recommended' || name === 'strict') {
    const config = plugin.configs[name];
    return [floor, { ...base, plugins: config.plugins, rules: config.rules }];
  }
  if (name === 'recommended-no-imports') {
    // `recommended` with the shared setting that stops the rules following a file's relative
    // imports into other project files: each file is judged on its own, as before cross-file.
    const config = plugin.configs.recommended;
    return [floor, { ...base, plugins: config.plugins, rules: config.rules, settings: { [NAMESPACE]: { followImports: false } } }];
  }
  if (name === 'security') {
    const config = securityPeer.configs.recommended;
    return [floor, { ...base, plugins: config.plugins, rules: config.rules }];
  }
  if (name.startsWith('strict-first:')) {
    // `strict` with one rule moved to the front: ESLint creates rules in config order, and the
    // first one to reach Program:exit builds the shared Express model, so its `stats` time
    // carries the model's cost.
    const ruleId = `${NAMESPACE}/${name.slice('strict-first:'.length)}`;
    const { plugins, rules } = plugin.configs.strict;
    if (!rules[ruleId]) throw new Error(`unknown rule in --config ${name}`);
    return [floor, { ...base, plugins, rules: { [ruleId]: rules[ruleId], ...rules } }];
  }
  if (name.startsWith('rule:')) {
    const ruleId = `${NAMESPACE}/${name.slice('rule:'.length)}`;
    const strictEntry = plugin.configs.strict.rules[ruleId];
    if (!strictEntry) throw new Error(`unknown rule in --config ${name}`);
    return [floor, { ...base, plugins: { [NAMESPACE]: plugin }, rules: { [ruleId]: strictEntry } }];
  }
  throw new Error(`unknown config "${name}"; use ${CONFIG_NAMES.join(', ')}, rule:<id> or strict-first:<id>`);
}

/** The ids of the plugin's rules, sorted. */
export function pluginRuleIds(plugin) {
  return Object.keys(plugin.rules).sort();
}
