// `npm run stress`: every rule on, every option at its strictest (the `strict` config), over
// every .js/.cjs/.mjs/.ts/.mts/.cts file of a large real tree (by default the project's own
// node_modules: compiled code, minified bundles, type declarations, odd syntax), file by file,
// so that a crash names its file and rule. Files that do not parse are counted and skipped.
// Exits non-zero when any rule throws.
//   node scripts/stress.mjs [--root DIR] [--max-files N] [--plugin PATH] [--slowest N] [--show-findings]
//                                [--floor]
// `--floor` lints the same files with only the core rule `no-debugger`, as a baseline for the time.
// Files are linted in sorted order, so `--max-files N` always takes the same N files.
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NAMESPACE = 'express-security';
const SOURCE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.mts', '.cts']);
const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);
const COMMONJS_EXTENSIONS = new Set(['.cjs', '.cts']);
/** ESLint names the failing rule in the error it rethrows from a rule. */
const RULE_IN_ERROR = /Rule: "([^"]+)"|Error while loading rule '([^']+)'/;

function flagValue(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

function pluginPath() {
  const given = flagValue('--plugin', process.env.EXPRESS_SECURITY_PLUGIN);
  const chosen = path.resolve(given ?? path.join(PROJECT_ROOT, 'dist'));
  return chosen.endsWith('.js') ? chosen : path.join(chosen, 'index.js');
}

/** Every source file under `root`, sorted; symbolic links are not followed. */
function listFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE_EXTENSIONS.has(path.extname(entry.name))) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}

/**
 * The config for one file: the plugin's `strict` rules, TypeScript's parser for TS files,
 * CommonJS for .cjs/.cts and modules otherwise. `files` matches every extension we lint.
 */
function configFor(extension, plugin, floorOnly) {
  return [
    {
      files: ['**/*'],
      plugins: { [NAMESPACE]: plugin },
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: COMMONJS_EXTENSIONS.has(extension) ? 'commonjs' : 'module',
        ...(TYPESCRIPT_EXTENSIONS.has(extension) ? { parser: tsParser } : {}),
      },
      linterOptions: { reportUnusedDisableDirectives: 'off', noInlineConfig: true },
      rules: floorOnly ? { 'no-debugger': 'error' } : plugin.configs.strict.rules,
    },
  ];
}

/**
 * The name ESLint sees: the real path with `node_modules` segments renamed, because flat config
 * ignores `node_modules` by default and would otherwise skip every file.
 */
function virtualName(file) {
  return file.split(path.sep).map((segment) => (segment === 'node_modules' ? 'node-modules' : segment)).join('/');
}

function ruleOf(error) {
  const match = RULE_IN_ERROR.exec(String(error?.message ?? ''));
  return match ? (match[1] ?? match[2]) : '(unknown)';
}

async function main() {
  const root = path.resolve(flagValue('--root', path.join(PROJECT_ROOT, 'node_modules')));
  const maxFiles = Number(flagValue('--max-files', 'Infinity'));
  const slowestCount = Number(flagValue('--slowest', '5'));
  const showFindings = process.argv.includes('--show-findings');
  const floorOnly = process.argv.includes('--floor');
  const loaded = await import(pathToFileURL(pluginPath()).href);
  const plugin = loaded.default ?? loaded;
  const linter = new Linter({ cwd: '/' });
  const configs = new Map();

  const allFiles = listFiles(root);
  const files = allFiles.slice(0, maxFiles);
  const findingsPerRule = Object.fromEntries(Object.keys(plugin.rules).sort().map((id) => [id, 0]));
  const parseErrors = {};
  const exceptions = [];
  const slowest = [];
  let linted = 0;
  let bytes = 0;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();

  for (const [position, file] of files.entries()) {
    if (position > 0 && position % 1000 === 0) console.error(`  ${position} files...`);
    const extension = path.extname(file);
    if (!configs.has(extension)) configs.set(extension, configFor(extension, plugin, floorOnly));
    const text = fs.readFileSync(file, 'utf8');
    const fileStart = performance.now();
    let messages;
    try {
      messages = linter.verify(text, configs.get(extension), { filename: virtualName(file) });
    } catch (error) {
      exceptions.push({ file: path.relative(root, file), rule: ruleOf(error), message: String(error?.stack ?? error) });
      continue;
    }
    const fileMs = performance.now() - fileStart;
    if (messages.some((message) => message.fatal)) {
      parseErrors[extension] = (parseErrors[extension] ?? 0) + 1;
      continue;
    }
    linted += 1;
    bytes += text.length;
    slowest.push({ file: path.relative(root, file), ms: fileMs, kB: Math.round(text.length / 1024) });
    slowest.sort((a, b) => b.ms - a.ms).splice(slowestCount);
    for (const message of messages) {
      const rule = message.ruleId?.startsWith(`${NAMESPACE}/`) ? message.ruleId.slice(NAMESPACE.length + 1) : null;
      if (!rule) continue;
      findingsPerRule[rule] = (findingsPerRule[rule] ?? 0) + 1;
      if (showFindings) console.log(`  ${rule} ${path.relative(root, file)}:${message.line}:${message.column} ${message.message}`);
    }
  }

  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const skipped = Object.values(parseErrors).reduce((sum, count) => sum + count, 0);
  console.log(`stress${floorOnly ? ' (floor: no-debugger only)' : ''}: ${root} (${files.length} of ${allFiles.length} files, sorted${Number.isFinite(maxFiles) ? `, --max-files ${maxFiles}` : ''})`);
  console.log(`linted ${linted} files (${(bytes / 2 ** 20).toFixed(1)} MiB) in ${seconds.toFixed(1)} s: ${(linted / seconds).toFixed(1)} files/s (CPU ${cpuSeconds.toFixed(1)} s: ${(linted / cpuSeconds).toFixed(1)} files per CPU second)`);
  console.log(`did not parse (skipped): ${skipped}${skipped ? ` ${JSON.stringify(parseErrors)}` : ''}`);
  console.log('findings per rule:');
  for (const [rule, count] of Object.entries(findingsPerRule)) console.log(`  ${rule}: ${count}`);
  console.log('slowest files:');
  for (const { file, ms, kB } of slowest) console.log(`  ${ms.toFixed(0)} ms  ${kB} kB  ${file}`);
  console.log(`rule exceptions: ${exceptions.length}`);
  for (const { file, rule, message } of exceptions) console.log(`  ${rule} on ${file}\n    ${message.split('\n').slice(0, 6).join('\n    ')}`);
  if (exceptions.length > 0) process.exitCode = 1;
}

await main();
