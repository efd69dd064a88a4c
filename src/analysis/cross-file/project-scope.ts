import type { TSESLint } from '@typescript-eslint/utils';
import type { Node } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';

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

const scopeOfProgram = new WeakMap<Node, ProjectScope>();

/** Records the lint run's view of a file when one of our rules starts on it. */
export function registerProjectScope(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): void {
  const ast = context.sourceCode.ast;
  if (scopeOfProgram.has(ast)) return;
  const filename = context.filename;
  // `<input>` and `<text>`: code with no file on disk has no project to follow.
  if (!filename || filename.startsWith('<')) return;
  const languageOptions = (context.languageOptions as unknown as Record<string, unknown> | undefined) ?? {};
  scopeOfProgram.set(ast, { file: filename, cwd: context.cwd, languageOptions });
}

/** Records the scope of a file this plugin parsed itself, so that its own imports can be followed in turn. */
export function setProjectScope(ast: Node, scope: ProjectScope): void {
  scopeOfProgram.set(ast, scope);
}

export function projectScopeOf(index: FileIndex): ProjectScope | null {
  return scopeOfProgram.get(index.sourceCode.ast) ?? null;
}
