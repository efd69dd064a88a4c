import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FileIndex } from '../file-index';
import type { ExpressSecuritySettings } from '../settings';
import { settingsOf } from '../settings';
import { buildExpressModel } from './build';
import type { ExpressModel } from './model';

export * from './model';
export { classifyMiddleware, DEFENSE_MODULES, middlewareNames } from './classify';
export { resolveFunction, handlerOf, looksLikeHandler } from './functions';
export { pathCovers, useCovers } from './build';

/** What every rule reads for a file: the Express model, the file index under it, the settings. */
export interface FileAnalysis {
  model: ExpressModel;
  index: FileIndex;
  settings: ExpressSecuritySettings;
}

const cache = new WeakMap<TSESTree.Program, FileAnalysis>();

/** The file's analysis, built on first use and shared by every rule that lints the file. */
export function getFileAnalysis(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileAnalysis {
  const sourceCode = context.sourceCode;
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const settings = settingsOf(context.settings);
  const { model, index } = buildExpressModel({ sourceCode, settings });
  const analysis = { model, index, settings };
  cache.set(sourceCode.ast, analysis);
  return analysis;
}
