#!/usr/bin/env node
// Lints the bundled example Express app with the built plugin's recommended config
// and prints the findings, as a user would see them from `npx eslint`.
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
