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

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * A file's scope, or the context of the first of our rules created for it, which the scope is read
 * from when it is first asked for: most files follow no import, and every property of a context is
 * a slow read (ESLint makes the objects anew for every file).
 */
type ScopeEntry = ProjectScope | { readonly context: RuleContext } | null;

const projectScopeSlot = fileSlot<ScopeEntry>('project scope');

/** Records the lint run's view of a file when one of our rules starts on it. */
export function registerProjectScope(context: RuleContext): void {
  const store = fileStore(context.sourceCode.ast);
  if (!store.has(projectScopeSlot)) store.set(projectScopeSlot, { context });
}

/** The scope a rule context gives its file; none for code with no file on disk (`<input>`, `<text>`). */
function scopeOfContext(context: RuleContext): ProjectScope | null {
  const filename = context.filename;
  if (!filename || filename.startsWith('<')) return null;
  const languageOptions = (context.languageOptions as unknown as Record<string, unknown> | undefined) ?? {};
  return { file: filename, cwd: context.cwd, languageOptions };
}

/** Records the scope of a file this plugin parsed itself, so that its own imports can be followed in turn. */
export function setProjectScope(ast: TSESTree.Program, scope: ProjectScope): void {
  fileStore(ast).set(projectScopeSlot, scope);
}

export function projectScopeOf(index: FileIndex): ProjectScope | null {
  const store = storeOf(index);
  const entry = store.get(projectScopeSlot);
  if (!entry) return null;
  if (!('context' in entry)) return entry;
  const scope = scopeOfContext(entry.context);
  store.set(projectScopeSlot, scope);
  return scope;
}
