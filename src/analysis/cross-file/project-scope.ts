import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FileIndex } from '../engine/file-index';
import { fileSlot, fileStore, storeOf } from '../engine/store';

/**
 * What following a file's relative imports needs to know about the lint run: the file's own path,
 * the working directory that messages name other files from, and the language options (parser
 * and source type) that other project files are parsed with.
 */
export interface ProjectScope {
  /** Absolute path of the file. */
  file: string;
  cwd: string;
  languageOptions: Readonly<Record<string, unknown>>;
}

const projectScopeSlot = fileSlot<ProjectScope>('project scope');

/** Records the lint run's view of a file when one of our rules starts on it. */
export function registerProjectScope(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): void {
  const ast = context.sourceCode.ast;
  const store = fileStore(ast);
  if (store.has(projectScopeSlot)) return;
  const filename = context.filename;
  // `<input>` and `<text>`: code with no file on disk has no project to follow.
  if (!filename || filename.startsWith('<')) return;
  const languageOptions = (context.languageOptions as unknown as Record<string, unknown> | undefined) ?? {};
  store.set(projectScopeSlot, { file: filename, cwd: context.cwd, languageOptions });
}

/** Records the scope of a file this plugin parsed itself, so that its own imports can be followed in turn. */
export function setProjectScope(ast: TSESTree.Program, scope: ProjectScope): void {
  fileStore(ast).set(projectScopeSlot, scope);
}

export function projectScopeOf(index: FileIndex): ProjectScope | null {
  return storeOf(index).get(projectScopeSlot) ?? null;
}
