import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FileAnalysis, FileProjectChains } from '../../src/analysis/express';
import { getFileAnalysis, registerProjectChains } from '../../src/analysis/express';
import { registerProjectScope } from '../../src/analysis/cross-file/project-scope';
import { fileIndexListeners } from '../../src/analysis/engine/file-index';
import { mergeListeners } from '../../src/util/create-rule';

/** Lints `code` with a probe rule and hands back the file's analysis, as rules see it (index filled by the traversal). */
export function analyze(
  code: string,
  {
    filename = 'file.ts',
    settings = {},
    parserOptions = {},
    followImports = false,
    projectChains = null,
    javascript = false,
  }: {
    filename?: string;
    settings?: Record<string, unknown>;
    parserOptions?: Record<string, unknown>;
    /** Register the file's project scope, as the plugin's rules do, so that its relative imports are followed. */
    followImports?: boolean;
    /** What the project's chains add to the file's routes, handed to the build as the audit does. */
    projectChains?: FileProjectChains | null;
    /** Parse with ESLint's own parser (espree) instead of typescript-eslint's. */
    javascript?: boolean;
  } = {},
): FileAnalysis {
  let captured: FileAnalysis | null = null;
  const probe = {
    meta: { type: 'problem', schema: [] },
    create(context: TSESLint.RuleContext<string, []>) {
      if (followImports) registerProjectScope(context);
      if (projectChains) registerProjectChains(context.sourceCode.ast, projectChains);
      return mergeListeners(fileIndexListeners(context.sourceCode)!, {
        'Program:exit'() {
          captured = getFileAnalysis(context);
        },
      });
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.{js,cjs,mjs,ts,cts,mts}'],
        languageOptions: { ...(javascript ? {} : { parser: tsParser }), ecmaVersion: 'latest', sourceType: 'module', parserOptions },
        plugins: { probe: { rules: { probe } } as never },
        rules: { 'probe/probe': 'error' },
        settings,
      },
    ],
    filename,
  );
  const fatal = messages.find((message) => message.fatal || message.ruleId === 'probe/probe');
  if (fatal) throw new Error(fatal.message);
  if (!captured) throw new Error('the probe rule did not run');
  return captured;
}
