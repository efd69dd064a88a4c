#!/usr/bin/env node
// Lints the bundled example Express app with the built plugin's recommended config
// and prints the findings, as a user would see them from `npx eslint`; then the dependencies section
// of `express-security audit` (lockfile, monitoring, and for examples/vulnerable the advisories of a
// recorded `npm audit --json`, so the demo needs no network).
import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import plugin from '../dist/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2] ?? 'examples/vulnerable';

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.{js,cjs,mjs,ts,cts,mts}'],
      languageOptions: { parser: tsParser, ecmaVersion: 'latest' },
    },
    plugin.configs.recommended,
  ],
});
const results = await eslint.lintFiles([target]);
const formatter = await eslint.loadFormatter('stylish');
const output = await formatter.format(results);
const count = results.reduce((sum, result) => sum + result.messages.length, 0);
console.log(output || 'No findings.');
console.log(`${count} finding(s) in ${results.length} file(s) under ${target}.`);

const recorded = { 'examples/vulnerable': 'tests/fixtures/npm-audit/npm10-vulnerabilities.json', 'examples/fixed': 'tests/fixtures/npm-audit/npm11-clean.json' };
const auditArgs = [path.join(root, 'dist/cli.js'), 'audit', target, ...(recorded[target] ? ['--deps-report', recorded[target]] : [])];
let audit;
try {
  audit = execFileSync(process.execPath, auditArgs, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
} catch (error) {
  audit = error.stdout ?? '';
}
const start = audit.indexOf('Dependencies (');
if (start >= 0) {
  const section = audit.slice(start, audit.lastIndexOf('\n\n'));
  console.log(`\n$ express-security audit ${auditArgs.slice(2).join(' ')}   (its dependencies section)\n${section}`);
}
