// Lints the example app the way a user's project would: the recommended config, JavaScript with
// ESLint's own parser and TypeScript with @typescript-eslint/parser.
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import plugin from '../src/index';

export const ROOT = path.resolve(__dirname, '..');

export function examplesESLint(): ESLint {
  return new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{js,cjs,mjs,ts,cts,mts}'], languageOptions: { ecmaVersion: 'latest' } },
      { files: ['**/*.{ts,cts,mts}'], languageOptions: { parser: tsParser as Linter.Parser } },
      plugin.configs.recommended as Linter.Config,
    ],
  });
}

/** One finding as `file:line rule-id`, with the file relative to the linted folder. */
export function findingsOf(results: ESLint.LintResult[], folder: string): string[] {
  const base = path.join(ROOT, folder);
  return results
    .flatMap((result) =>
      result.messages.map((message) => {
        const file = path.relative(base, result.filePath).split(path.sep).join('/');
        const rule = message.ruleId?.replace(/^express-security\//, '') ?? `fatal: ${message.message}`;
        return `${file}:${message.line} ${rule}`;
      }),
    )
    .sort();
}
